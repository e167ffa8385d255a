from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "teams"
    verbose_name = "Teams"

    def ready(self) -> None:
        # Practice sessions can start from a study plan without practice importing teams.
        from practice.services import SESSION_SOURCES
        from teams.services import plan_session

        SESSION_SOURCES["assignment"] = plan_session

        from teams.page_version import connect_signals

        connect_signals()
