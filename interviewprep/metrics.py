"""Prometheus metrics at /metrics, only when METRICS_ENABLED=true (off by default).

- interviewprep_http_requests_total{view, method, status} and
  interviewprep_http_request_duration_seconds{view, method}: `view` is the URL pattern's name
  ("questions:detail", "api:export"), never the address, so a million questions or ids make one
  series, not a million; an address that matches no pattern is "unmatched", and a method other
  than the usual ones "other". Counting costs the request no query: the middleware only reads
  what Django resolved (or resolves the path itself, in memory, for an answer from the page cache).
- interviewprep_background_jobs{task, status}: jobs waiting ("ready") or running, read with one
  query when Prometheus scrapes, never per request.

Several processes (gunicorn's workers) share counts through prometheus_client's multiprocess
mode when PROMETHEUS_MULTIPROC_DIR names a directory (empty at start; docker-compose.yml gives
the web container a tmpfs). With METRICS_TOKEN set, a scrape must send `Authorization: Bearer
<token>`; without one, anyone who reaches /metrics reads it (the Caddyfile keeps it off the
proxy either way).

The middleware answers /metrics itself, before the HTTPS redirect and the host check further
down the stack: Prometheus scrapes each container by its address over the internal network,
and those checks are for browsers.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DatabaseError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import Resolver404, resolve
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import choose_encoder
from prometheus_client.registry import Collector

PATH = "/metrics"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
MULTIPROCESS = "PROMETHEUS_MULTIPROC_DIR" in os.environ  # as prometheus_client itself decides

REQUESTS = Counter(
    "interviewprep_http_requests", "Requests answered, by URL pattern name, method and status.",
    ["view", "method", "status"],
)  # fmt: skip
LATENCY = Histogram(
    "interviewprep_http_request_duration_seconds", "Time to answer a request, by URL pattern name and method.",
    ["view", "method"],
)  # fmt: skip


class BackgroundJobs(Collector):
    """Jobs waiting or running per task, counted when scraped."""

    WAITING = (TaskResultStatus.READY, TaskResultStatus.RUNNING)

    def _family(self) -> GaugeMetricFamily:
        return GaugeMetricFamily(
            "interviewprep_background_jobs",
            "Background jobs waiting (ready) or running, by task.",
            labels=["task", "status"],
        )

    def describe(self) -> Iterator[GaugeMetricFamily]:
        # Without it the registry would collect, a query, just to learn the name when registering.
        yield self._family()

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = self._family()
        try:
            rows = list(
                DBTaskResult.objects.filter(status__in=self.WAITING)
                .values_list("task_path", "status")
                .annotate(n=Count("id"))
                .order_by()
            )
        except DatabaseError:
            return  # the request metrics still answer while the database does not
        for task, status, n in rows:
            family.add_metric([task, status.lower()], n)
        yield family


JOBS = BackgroundJobs()
if not MULTIPROCESS:
    REGISTRY.register(JOBS)


def scrape_registry() -> CollectorRegistry:
    """This process's metrics, or in multiprocess mode every process's, summed from their files."""
    if not MULTIPROCESS:
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    registry.register(JOBS)
    return registry


def view_label(request: HttpRequest) -> str:
    """The URL pattern's name (or its dotted view path when it has none); never the path itself."""
    match = request.resolver_match
    if match is None:  # answered before URL resolution, by the page cache (or a 404 that matched nothing)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return "unmatched"
    return match.view_name


def metrics_response(request: HttpRequest) -> HttpResponse:
    if request.method not in {"GET", "HEAD"}:
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    token = settings.METRICS_TOKEN
    if token and not hmac.compare_digest(request.headers.get("Authorization", "").encode(), f"Bearer {token}".encode()):
        return HttpResponse(
            "Send the metrics token: Authorization: Bearer <token>.\n",
            status=401,
            content_type="text/plain",
            headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
        )
    # The format the scraper asks for (Prometheus asks for OpenMetrics), else the classic text format.
    encode, content_type = choose_encoder(request.headers.get("Accept", ""))
    response = HttpResponse(encode(scrape_registry()), content_type=content_type)
    response["Cache-Control"] = "no-store"
    return response


class MetricsMiddleware:
    """Count and time every request (see the module docstring); serve /metrics."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        if not settings.METRICS_ENABLED:
            raise MiddlewareNotUsed  # off: not even in the chain, and /metrics is the site's 404
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path == PATH:
            return metrics_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        method = request.method if request.method and request.method in METHODS else "other"
        view = view_label(request)
        REQUESTS.labels(view, method, str(response.status_code)).inc()
        LATENCY.labels(view, method).observe(time.perf_counter() - started)
        return response
