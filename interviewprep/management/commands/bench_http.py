"""Requests per second of the project's pages over HTTP, against a bare Django view.

    python manage.py bench_http [--databases sqlite,postgres] [--seconds 5] [--workers 2]

For each database a scratch one is made (a SQLite file in a temporary folder; a PostgreSQL
database created on `--postgres` and dropped at the end), migrated and filled with the shipped
bank and one new user. The project (DEBUG=false, collected static files) and the bare site of
interviewprep/bare_site.py then run under the same gunicorn, each with `--workers` sync workers,
and `wrk -t2 -c16` measures every page and the bare view in turn, page then bare, so both see
the same machine at nearly the same moment. Signed-in pages send the user's session cookie (to
the bare view too). A page answering anything but 200 stops the run.
"""

from __future__ import annotations

import importlib.metadata
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

# (label, path, signed in). The question's slug is filled in from the imported bank.
PAGES: list[tuple[str, str, bool]] = [
    ("`/` anonymous", "/", False),
    ("`/questions/` anonymous", "/questions/", False),
    ("`/questions/<slug>/` anonymous", "/questions/{slug}/", False),
    ("`/api/v1/questions/`", "/api/v1/questions/", False),
    ("`/questions/?search=learning+rate`", "/questions/?search=learning+rate", False),
    ("`/` signed in", "/", True),
    ("`/questions/` signed in", "/questions/", True),
    ("`/practice/review/` signed in (new user)", "/practice/review/", True),
    ("`/practice/progress/` signed in (new user)", "/practice/progress/", True),
]
QUESTION_SLUG = "dropout"
BENCH_USER = "bench-http@example.com"

SESSION_SCRIPT = f"""
from allauth.account.models import EmailAddress
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase
from importlib import import_module
from django.conf import settings
from accounts.models import User
user, _ = User.objects.get_or_create(email={BENCH_USER!r})
EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={{"verified": True, "primary": True}})
store: SessionBase = import_module(settings.SESSION_ENGINE).SessionStore()
store[SESSION_KEY] = str(user.pk)
store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
store[HASH_SESSION_KEY] = user.get_session_auth_hash()
store.create()
print(settings.SESSION_COOKIE_NAME + "=" + store.session_key)
"""


@dataclass
class Row:
    database: str
    label: str
    page: float
    bare: float

    @property
    def ratio(self) -> float:
        return self.page / self.bare if self.bare else 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Command(BaseCommand):
    help = "Measure the project's pages against a bare Django view under gunicorn with wrk."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--databases", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
        parser.add_argument(
            "--postgres",
            default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
            help="a PostgreSQL server to create the scratch database on (BENCH_POSTGRES_URL)",
        )
        parser.add_argument("--seconds", type=int, default=5, help="wrk's duration per page and per bare run")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--threads", type=int, default=2)
        parser.add_argument("--redis", default="", help="REDIS_URL for the project (default: its in-process cache)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not shutil.which("wrk"):
            raise CommandError("wrk is needed: apt-get install -y wrk")
        self.options = options
        self.python = sys.executable
        self.manage = str(Path(settings.BASE_DIR) / "manage.py")
        databases = [name.strip() for name in options["databases"].split(",") if name.strip()]
        unknown = set(databases) - {"sqlite", "postgres"}
        if unknown:
            raise CommandError(f"unknown database {', '.join(sorted(unknown))}: use sqlite and/or postgres")
        self.collect_static()
        cpu = next(
            (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
             if line.startswith("model name")),
            platform.processor(),
        )  # fmt: skip
        self.stdout.write(
            f"machine: {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
            f"Django {django.get_version()}, gunicorn {self.gunicorn_version()}, "
            f"{options['workers']} sync workers, DEBUG=false; "
            f"wrk -t{options['threads']} -c{options['connections']} -d{options['seconds']}s, page then bare"
        )
        rows: list[Row] = []
        for database in databases:
            with self.scratch_database(database) as url:
                rows += self.measure(database, url)
        self.stdout.write("")
        self.stdout.write("| database | page | req/s | bare req/s | ratio |")
        self.stdout.write("|---|---|---|---|---|")
        for row in rows:
            self.stdout.write(f"| {row.database} | {row.label} | {row.page:,.0f} | {row.bare:,.0f} | {row.ratio:.2f} |")

    def gunicorn_version(self) -> str:
        return importlib.metadata.version("gunicorn")

    def collect_static(self) -> None:
        # DEBUG=false serves the collected files through the manifest, which must exist.
        env = {**self.project_env("sqlite:///:memory:")}
        subprocess.run([self.python, self.manage, "collectstatic", "--noinput", "-v0"], env=env, check=True)

    def project_env(self, database_url: str) -> dict[str, str]:
        env = {
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": "bench-http-" + "k" * 50,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url,
            # Plain HTTP on the loopback: no redirect to HTTPS, no HSTS.
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "SECURE_HSTS_SECONDS": "0",
            "LOG_LEVEL": "WARNING",
        }
        env.pop("REDIS_URL", None)
        if self.options["redis"]:
            env["REDIS_URL"] = self.options["redis"]
        return env

    @contextmanager
    def scratch_database(self, database: str) -> Iterator[str]:
        if database == "sqlite":
            with tempfile.TemporaryDirectory(prefix="bench-http-") as folder:
                yield f"sqlite:///{folder}/bench.sqlite3"
            return
        import psycopg

        server = self.options["postgres"]
        name = f"interviewprep_bench_http_{os.getpid()}"
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield re.sub(r"/[^/]*$", f"/{name}", server)
        finally:
            with psycopg.connect(server, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def prepare(self, url: str) -> str:
        """Migrate, import the bank, make the user; returns the session cookie."""
        env = self.project_env(url)
        subprocess.run([self.python, self.manage, "migrate", "--noinput", "-v0"], env=env, check=True)
        bank = str(Path(settings.BASE_DIR) / "bank")
        subprocess.run([self.python, self.manage, "import_bank", bank], env=env, check=True, stdout=subprocess.DEVNULL)
        shell = [self.python, self.manage, "shell", "-c", SESSION_SCRIPT]
        made = subprocess.run(shell, env=env, check=True, capture_output=True, text=True)
        return made.stdout.strip().splitlines()[-1]

    @contextmanager
    def gunicorn(self, app: str, env: dict[str, str]) -> Iterator[str]:
        port = free_port()
        command = [
            self.python, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}",
            "--workers", str(self.options["workers"]), "--worker-class", "sync", "--log-level", "warning",
        ]  # fmt: skip
        server = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR, start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    # The first request of a worker reads the bank's search index: allow for it.
                    urllib.request.urlopen(base + "/", timeout=60).read()
                    break
                except OSError:  # refused while gunicorn starts (URLError is an OSError)
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise CommandError(f"gunicorn {app} did not start") from None
                    time.sleep(0.3)
            yield base
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()

    def wrk(self, url: str, cookie: str | None, seconds: int) -> float:
        command = ["wrk", f"-t{self.options['threads']}", f"-c{self.options['connections']}", f"-d{seconds}s"]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        output = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
        if "Non-2xx or 3xx responses" in output:
            raise CommandError(f"{url} answered errors under load:\n{output}")
        found = re.search(r"Requests/sec:\s+([\d.]+)", output)
        if not found:
            raise CommandError(f"could not read wrk's output:\n{output}")
        return float(found.group(1))

    def check_page(self, url: str, cookie: str | None) -> None:
        request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status = response.status
                final = response.geturl()
        except urllib.error.HTTPError as error:
            status, final = error.code, url
        if status != 200 or final != url:
            raise CommandError(f"{url} answered {status} (at {final}), not 200")

    def measure(self, database: str, url: str) -> list[Row]:
        cookie = self.prepare(url)
        seconds = self.options["seconds"]
        rows = []
        bare_env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
        with (
            self.gunicorn("interviewprep.wsgi:application", self.project_env(url)) as site,
            self.gunicorn("interviewprep.bare_site:application", bare_env) as bare,
        ):
            for label, path, signed_in in PAGES:
                page_url = site + path.format(slug=QUESTION_SLUG)
                jar = cookie if signed_in else None
                self.check_page(page_url, jar)
                self.check_page(bare + "/", jar)
                self.wrk(page_url, jar, 1)  # warm both: caches, connections, imports
                self.wrk(bare + "/", jar, 1)
                page_rate = self.wrk(page_url, jar, seconds)
                bare_rate = self.wrk(bare + "/", jar, seconds)
                row = Row(database, label, page_rate, bare_rate)
                self.stdout.write(f"{database:<9}{label:<46}{page_rate:>9.0f}{bare_rate:>9.0f}{row.ratio:>7.2f}")
                rows.append(row)
        return rows
