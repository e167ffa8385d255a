"""Security headers and the production checks: a strict Content-Security-Policy on every page,
HSTS, `check --deploy` clean with the documented production variables, and a production
`migrate` that does not need the static files collected first."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SITE_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] for part in header.split("; ") if part}


@pytest.mark.parametrize("url", ["/", "/questions/", "/accounts/login/", "/accounts/signup/", "/api/v1/questions/"])
def test_pages_forbid_inline_and_foreign_scripts_and_styles(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    assert policy(response) == SITE_POLICY


def test_signed_in_pages_have_the_same_policy(alice_client):
    assert policy(alice_client.get("/practice/review/")) == SITE_POLICY


def test_the_api_docs_page_loads_its_script_from_a_file_under_a_policy_of_its_own(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    body = response.content.decode()
    assert re.search(r"<script>|<style", body) is None
    docs = policy(response)
    assert docs["script-src"] == "'self'"
    assert "'unsafe-inline'" not in docs["script-src"]
    assert "data:" in docs["img-src"]
    script = re.search(r'<script src="([^"]*script[^"]*)"', body).group(1)
    script_response = client.get(script.replace("&amp;", "&"))
    assert script_response.status_code == 200
    assert "SwaggerUIBundle" in script_response.content.decode()


def test_the_admin_allows_the_inline_styles_of_djangos_own_templates_but_no_inline_script(staff_client):
    response = staff_client.get("/admin/questions/question/")
    admin = policy(response)
    assert admin["script-src"] == "'self'"
    assert admin["style-src"] == "'self' 'unsafe-inline'"


# What the strict policy refuses to run: a <script> without src, a <style> element, a style
# attribute, an on* handler attribute, a javascript: URL.
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:", re.IGNORECASE)


def test_no_template_of_ours_has_inline_script_or_style():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if INLINE.search(line)
    ]
    assert found == []


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3Jx9-production-like-secret-that-is-long-and-varied-0123456789",
    "ALLOWED_HOSTS": "prep.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://prep.example.com",
    "TRUSTED_PROXIES": "1",
}


def run_in_production(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """manage.py with the README's production variables, on a fresh SQLite database, before any
    collectstatic: STATIC_ROOT points at an empty folder, as on a new server."""
    (tmp_path / "fresh_settings.py").write_text(
        f"from interviewprep.settings import *  # noqa\nSTATIC_ROOT = {str(tmp_path / 'static')!r}\n"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": f"{tmp_path}:{ROOT}",
        "DJANGO_SETTINGS_MODULE": "fresh_settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **PRODUCTION,
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_check_deploy_finds_no_issue_with_the_production_variables(tmp_path):
    out = run_in_production(tmp_path, "check", "--deploy")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "System check identified no issues (0 silenced)."


def test_migrate_runs_in_production_before_collectstatic(tmp_path):
    out = run_in_production(tmp_path, "migrate", "--noinput", "-v0")
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "db.sqlite3").exists()


def test_hsts_and_https_are_on_in_production(tmp_path):
    code = (
        "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER)"
    )
    out = run_in_production(tmp_path, "shell", "--no-imports", "-c", code)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["31536000", "True", "True", "True", "True", "('HTTP_X_FORWARDED_PROTO',", "'https')"]


def test_the_compose_file_sits_behind_its_proxy_with_secure_cookies():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    env = services["web"]["environment"]
    assert env["TRUSTED_PROXIES"] == "1"
    assert env["SECURE_COOKIES"] == "true"
    # Only the proxy is reachable from outside, so X-Forwarded-For is always the proxy's.
    assert "ports" not in services["web"]
    assert "dynamic a web 8000" in (ROOT / "deploy" / "Caddyfile").read_text()
    assert {"80:80", "443:443"} <= set(services["proxy"]["ports"])


def test_without_a_trusted_proxy_a_clients_x_forwarded_proto_is_not_believed(tmp_path, monkeypatch):
    monkeypatch.setitem(PRODUCTION, "TRUSTED_PROXIES", "0")
    code = "from django.conf import settings as s; print(s.SECURE_PROXY_SSL_HEADER)"
    out = run_in_production(tmp_path, "shell", "--no-imports", "-c", code)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["None"]
