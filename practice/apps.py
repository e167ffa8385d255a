from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = "Practice"

    def ready(self) -> None:
        from practice.export_jobs import register_export_kind
        from practice.exports import AnkiDeckExport, AttemptsExport

        register_export_kind(AnkiDeckExport())
        register_export_kind(AttemptsExport())
