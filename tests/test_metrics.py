"""Prometheus metrics (interviewprep/metrics.py): off by default; on, every request is counted
under its URL pattern's name, never its address; a token guards /metrics when set; several
processes add up in multiprocess mode."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from practice.export_jobs import queue_export

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = "interviewprep_http_requests_total"


@pytest.fixture
def metrics_on(settings):
    # Django builds the middleware chain per client handler, so each Client() below sees these.
    settings.METRICS_ENABLED = True
    settings.METRICS_TOKEN = ""


def count(**labels: str) -> float:
    return REGISTRY.get_sample_value(REQUESTS, labels) or 0.0


def scrape(client: Client, **headers: str) -> str:
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    return response.content.decode()


def test_off_by_default_metrics_is_the_sites_404(client, db):
    assert client.get("/metrics").status_code == 404


def test_a_request_is_counted_under_its_url_patterns_name(metrics_on, db, small_bank):
    before = count(view="questions:detail", method="GET", status="200")
    client = Client()
    assert client.get("/questions/bayes-rule/").status_code == 200
    assert client.get("/questions/vision-transformer/").status_code == 200
    assert count(view="questions:detail", method="GET", status="200") == before + 2
    text = scrape(client)
    assert f'{REQUESTS}{{method="GET",status="200",view="questions:detail"}} {before + 2}' in text
    assert 'interviewprep_http_request_duration_seconds_bucket{le="0.1",method="GET",view="questions:detail"}' in text
    # Prometheus itself asks for OpenMetrics, and gets it.
    openmetrics = client.get("/metrics", headers={"Accept": "application/openmetrics-text; version=1.0.0"})
    assert openmetrics["Content-Type"].startswith("application/openmetrics-text") and b"# EOF" in openmetrics.content


def test_a_page_served_from_the_cache_is_counted_under_its_name_too(metrics_on, db, small_bank):
    before = count(view="questions:list", method="GET", status="200")
    client = Client()
    for _ in range(2):  # the second comes from the page cache, before URL resolution
        assert client.get("/questions/?tag=cnn").status_code == 200
    assert count(view="questions:list", method="GET", status="200") == before + 2


def test_no_label_holds_an_address_or_a_made_up_method(metrics_on, db, small_bank):
    client = Client()
    client.get("/questions/bayes-rule/")
    client.get("/no/such/page/")
    client.get("/api/v1/exports/123/")
    client.generic("BREW", "/questions/")
    families = list(text_string_to_metric_families(scrape(client)))
    values = {v for f in families if f.name.startswith("interviewprep") for s in f.samples for v in s.labels.values()}
    assert {"questions:detail", "unmatched", "api:export", "other", "404", "401"} <= values
    assert not [v for v in values if "/" in v or v == "BREW"]


def test_counting_costs_a_request_no_query(metrics_on, db, django_assert_num_queries):
    client = Client()
    with django_assert_num_queries(0):
        assert client.get("/healthz").status_code == 200


def test_waiting_background_jobs_are_a_gauge_by_task(metrics_on, alice):
    queue_export(user=alice, kind="attempts", parameters={}, now=alice.date_joined)
    text = scrape(Client())
    assert 'interviewprep_background_jobs{status="ready",task="practice.export_jobs.build_export_job"} 1.0' in text


def test_with_a_token_a_scrape_must_send_it(metrics_on, settings, db):
    settings.METRICS_TOKEN = "s3cret-token"
    client = Client()
    for sent in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret-token"}):
        response = client.get("/metrics", headers=sent)
        assert response.status_code == 401 and response["WWW-Authenticate"] == 'Bearer realm="metrics"'
    assert REQUESTS in scrape(client, Authorization="Bearer s3cret-token")


def test_prometheus_scrapes_a_container_by_its_address_over_plain_http(metrics_on, settings, db):
    """Production redirects plain HTTP and refuses unknown hosts; a scrape of web:8000 must still answer."""
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["interviewprep.example.com"]
    response = Client().get("/metrics", HTTP_HOST="172.18.0.5:8000")
    assert response.status_code == 200
    assert Client().get("/healthz", HTTP_HOST="172.18.0.5:8000").status_code == 400  # everything else still checks


def test_only_get_reads_the_metrics(metrics_on, db):
    assert Client().post("/metrics").status_code == 405


def test_in_multiprocess_mode_any_process_answers_for_all(tmp_path):
    """Two processes (as two gunicorn workers) count a request each; a third's scrape sums them."""
    shared = tmp_path / "prometheus"
    shared.mkdir()
    env = {
        **os.environ,
        "PROMETHEUS_MULTIPROC_DIR": str(shared),
        "METRICS_ENABLED": "true",
        "ALLOWED_HOSTS": "testserver",
        # A database with no tables: the jobs gauge is left out, the request metrics still answer.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }

    def run(code: str) -> subprocess.CompletedProcess[str]:
        script = "import django; django.setup(); from django.test import Client; " + code
        return subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True,
                              timeout=120, check=False)  # fmt: skip

    for _ in range(2):
        worker = run("print(Client().get('/healthz').status_code)")
        assert worker.stdout.strip() == "200", worker.stderr
    scraper = run("print(Client().get('/metrics').content.decode())")
    assert f'{REQUESTS}{{method="GET",status="200",view="healthz"}} 2.0' in scraper.stdout, scraper.stderr
    assert "interviewprep_background_jobs" not in scraper.stdout


def test_a_multiprocess_directory_that_is_not_one_stops_start_up(tmp_path):
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "missing")}
    out = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert out.returncode != 0 and "PROMETHEUS_MULTIPROC_DIR must name a directory" in out.stderr
