from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "teams"
    verbose_name = "Teams"

    def ready(self) -> None:
        # Practice sessions can start from a study plan, and a dashboard's CSV is a kind of
        # export, without practice importing teams.
        from practice.export_jobs import register_export_kind
        from practice.services import SESSION_SOURCES
        from teams.exports import TeamDashboardExport
        from teams.page_version import connect_signals
        from teams.services import plan_session

        SESSION_SOURCES["assignment"] = plan_session
        register_export_kind(TeamDashboardExport())
        connect_signals()  # a team's plans on its members' own cached pages
