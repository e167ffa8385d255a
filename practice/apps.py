from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = "Practice"

    def ready(self) -> None:
        from practice.export_jobs import register_export_kind
        from practice.exports import AnkiDeckExport, AttemptsExport
        from practice.state_categories import connect_signals

        connect_signals()  # a state's category follows its question's status and category

        register_export_kind(AnkiDeckExport())
        register_export_kind(AttemptsExport())
