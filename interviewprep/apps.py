from django.apps import AppConfig


class InterviewprepConfig(AppConfig):
    name = "interviewprep"
    verbose_name = "InterviewPrep"

    def ready(self) -> None:
        # The all-data download is a kind of export like practice's own, without practice importing it.
        from interviewprep.personal_data import PersonalDataExport
        from practice.export_jobs import register_export_kind

        register_export_kind(PersonalDataExport())
