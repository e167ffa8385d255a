"""/healthz and /readyz, for the load balancer and compose's health checks.

/healthz says the process answers, and nothing more: it touches neither the database nor the
cache, so a database outage does not get every web container restarted. /readyz says whether
this container should get traffic: the database answers, the cache stores and returns a value,
and no migration is waiting; otherwise 503 with what failed.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def check_database() -> str | None:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return f"database unreachable: {error}".strip()
    return None


def check_migrations() -> str | None:
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        waiting = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        return f"migrations unknown: {error}".strip()
    if waiting:
        names = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _ in waiting[:5])
        return f"{len(waiting)} migration(s) not applied: {names}"
    return None


def check_cache() -> str | None:
    key, value = "readyz:" + uuid.uuid4().hex, uuid.uuid4().hex
    try:
        cache.set(key, value, 10)
        ok = cache.get(key) == value
        cache.delete(key)
    except Exception as error:  # each cache backend raises its own errors (redis, memcached)
        return f"cache unreachable: {error}".strip()
    return None if ok else "cache did not return what was stored"


@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    database = check_database()
    checks = {
        "database": database,
        # Without a database there is no telling which migrations ran.
        "migrations": check_migrations() if database is None else "not checked: no database",
        "cache": check_cache(),
    }
    failed = {name: problem for name, problem in checks.items() if problem}
    if failed:
        return JsonResponse({"status": "unavailable", "failed": failed}, status=503)
    return JsonResponse({"status": "ok"})
