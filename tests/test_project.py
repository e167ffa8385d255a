"""Checks on the project as a whole: migrations, settings, the compose file, the README."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from interviewprep.settings import envbool, envint

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_envbool_refuses_a_value_it_does_not_understand(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG must be true or false"):
        envbool("SOME_FLAG", True)
    monkeypatch.setenv("SOME_FLAG", "off")
    assert envbool("SOME_FLAG", True) is False


def test_envint_refuses_text(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER must be an integer"):
        envint("SOME_NUMBER", 1)


def test_compose_file_runs_web_postgres_and_redis_from_the_environment():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) >= {"web", "db", "redis"}
    web = services["web"]
    assert web["command"][:2] == ["gunicorn", "interviewprep.wsgi:application"]
    assert "import_bank bank/" in " ".join(services["migrate"]["command"])
    env = web["environment"]
    assert env["DATABASE_URL"].startswith("postgres://")
    assert env["REDIS_URL"].startswith("redis://")
    assert {"db", "redis"} <= set(web["depends_on"])
    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    assert (ROOT / web["build"]["dockerfile"]).exists()


def test_readme_gives_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme
    assert "make test" in readme


def redis_is_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not (os.environ.get("CI") or redis_is_up()), reason="no Redis on 127.0.0.1:6379")
def test_the_compose_settings_cache_in_redis():
    # The compose file sets REDIS_URL; the token endpoint's rate limit then lives in Redis, so the
    # lock file must carry the client library. A fresh interpreter, as gunicorn would start it.
    env = {**os.environ, "DEBUG": "false", "SECRET_KEY": "x" * 50, "REDIS_URL": "redis://127.0.0.1:6379/15"}
    script = (
        "import django; django.setup(); from django.core.cache import caches; cache = caches['default'];"
        "cache.set('compose-check', 'ok', 5); print(type(cache).__name__, cache.get('compose-check'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["RedisCache", "ok"]


def test_every_documented_error_in_the_api_schema_has_a_body():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    bare = [
        f"{method.upper()} {path} {code}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        for code, response in operation["responses"].items()
        if code.startswith("4") and "content" not in response
    ]
    assert bare == []
