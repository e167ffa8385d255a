"""The deployment: docker-compose.yml read by a YAML parser and checked for the shape production
needs (there is no Docker engine here), the health endpoints, request ids and JSON logs."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from unittest import mock

import pytest
import yaml
from django.conf import settings
from django.db import OperationalError

from interviewprep.request_log import JsonFormatter, RequestIdFilter, current_request_id

ROOT = Path(settings.BASE_DIR)


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


class TestTheComposeFile:
    def test_it_has_the_services_a_production_site_needs(self, compose):
        assert {"migrate", "web", "worker", "proxy", "db", "redis", "backup"} <= compose["services"].keys()

    def test_migrations_run_once_in_their_own_service_that_web_and_worker_wait_for(self, compose):
        services = compose["services"]
        assert "migrate" in " ".join(services["migrate"]["command"]) and "import_bank" in " ".join(
            services["migrate"]["command"]
        )
        for name in ("web", "worker"):
            assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
            assert "migrate" not in " ".join(services[name]["command"])
        assert services["migrate"]["restart"] == "no"

    def test_web_can_be_scaled(self, compose):
        web = compose["services"]["web"]
        # Fixed names or published ports would stop a second replica from starting.
        assert "container_name" not in web and "ports" not in web
        assert "gunicorn" in web["command"][0]

    def test_only_the_proxy_is_reachable_from_outside_and_it_finds_every_replica(self, compose):
        published = {name for name, service in compose["services"].items() if service.get("ports")}
        assert published == {"proxy"}
        proxy = compose["services"]["proxy"]
        assert proxy["image"].startswith("caddy")
        assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
        caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
        assert "reverse_proxy" in caddyfile and "dynamic a web 8000" in caddyfile

    def test_the_app_trusts_exactly_one_proxy_and_sends_secure_cookies(self, compose):
        for name in ("migrate", "web", "worker"):
            environment = compose["services"][name]["environment"]
            assert environment["TRUSTED_PROXIES"] == "1"
            assert environment["DEBUG"] == "false"
            assert environment["SECURE_COOKIES"] == "true"
            assert environment["REDIS_URL"].startswith("redis://redis:")
            assert environment["LOG_FORMAT"] == "json"

    def test_every_long_running_service_has_a_health_check_and_web_uses_readyz(self, compose):
        services = compose["services"]
        for name in ("web", "db", "redis"):
            assert services[name]["healthcheck"]["test"], name
        assert "/readyz" in " ".join(services["web"]["healthcheck"]["test"])
        assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
        assert services["web"]["depends_on"]["db"] == {"condition": "service_healthy"}
        assert services["proxy"]["depends_on"]["web"] == {"condition": "service_healthy"}

    def test_the_backup_service_dumps_the_database_on_demand(self, compose):
        backup = compose["services"]["backup"]
        assert backup["profiles"] == ["backup"]  # not started by `up`
        assert "pg_dump" in " ".join(backup["command"]) and "./backups:/backups" in backup["volumes"]

    def test_every_variable_the_compose_file_sets_is_one_the_settings_read(self, compose):
        read = (ROOT / "interviewprep" / "settings.py").read_text()
        for name in compose["services"]["web"]["environment"]:
            assert f'"{name}"' in read, name


class TestHealth:
    def test_healthz_answers_without_the_database(self, client, db, django_assert_num_queries):
        with django_assert_num_queries(0):
            response = client.get("/healthz")
        assert response.status_code == 200 and response.json() == {"status": "ok"}

    def test_readyz_is_ok_when_database_cache_and_migrations_are(self, client, db):
        response = client.get("/readyz")
        assert response.status_code == 200, response.content

    def test_readyz_is_503_with_the_reason_when_the_database_is_down(self, client, db):
        with mock.patch(
            "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
            side_effect=OperationalError("connection refused"),
        ):
            response = client.get("/readyz")
        assert response.status_code == 503
        failed = response.json()["failed"]
        assert "connection refused" in failed["database"] and "migrations" in failed and "cache" not in failed

    def test_readyz_is_503_when_a_migration_is_waiting(self, client, db):
        waiting = [(mock.Mock(app_label="questions", name="0099_future"), False)]
        waiting[0][0].name = "0099_future"
        with mock.patch("django.db.migrations.executor.MigrationExecutor.migration_plan", return_value=waiting):
            response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["failed"] == {"migrations": "1 migration(s) not applied: questions.0099_future"}

    def test_readyz_is_503_when_the_cache_is_unreachable(self, client, db):
        with mock.patch("django.core.cache.backends.locmem.LocMemCache.set", side_effect=ConnectionError("no redis")):
            response = client.get("/readyz")
        assert response.status_code == 503 and "no redis" in response.json()["failed"]["cache"]


class TestRequestIds:
    def test_a_request_gets_an_id_in_its_response(self, client):
        response = client.get("/healthz")
        assert len(response["X-Request-ID"]) == 32

    def test_the_proxys_id_is_kept(self, client):
        response = client.get("/healthz", HTTP_X_REQUEST_ID="edge-4f2a9c1e-77")
        assert response["X-Request-ID"] == "edge-4f2a9c1e-77"

    def test_an_id_that_could_forge_log_lines_is_replaced(self, client):
        response = client.get("/healthz", HTTP_X_REQUEST_ID='x"}\n{"level": "fake"')
        assert response["X-Request-ID"] != 'x"}\n{"level": "fake"' and len(response["X-Request-ID"]) == 32

    def test_json_log_lines_carry_the_request_id(self):
        record = logging.LogRecord("interviewprep", logging.WARNING, __file__, 1, "Saved %s", ("it",), None)
        token = current_request_id.set("abc12345")
        try:
            RequestIdFilter().filter(record)
        finally:
            current_request_id.reset(token)
        line = json.loads(JsonFormatter().format(record))
        assert line["request_id"] == "abc12345" and line["message"] == "Saved it" and line["level"] == "WARNING"


def test_the_wsgi_entry_point_keeps_what_it_loaded_out_of_the_collectors_full_passes():
    import gc
    import importlib

    import interviewprep.wsgi

    gc.unfreeze()
    importlib.reload(interviewprep.wsgi)
    assert gc.get_freeze_count() > 0
