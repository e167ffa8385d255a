"""The download pages: the Anki deck and attempts CSV links, the Exports page listing what the
worker prepared, and its downloads. Whether a file is built in the request or queued is
practice.export_jobs.prepare_export's decision; teams and interviewprep answer their own
downloads with export_response too."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST

from accounts.requests import SignedInHttpRequest
from practice.export_jobs import (
    ExportFile,
    ExportRefused,
    SignInNeeded,
    TooManyPending,
    delete_export,
    export_kind,
    export_label,
    get_export_for_owner,
    prepare_export,
)
from practice.models import Export
from practice.views import _is_htmx


def file_response(file: ExportFile) -> HttpResponse:
    response = HttpResponse(file.data, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


def export_response(request: HttpRequest, kind: str, parameters: dict[str, str]) -> HttpResponse:
    """The file when it is small, else a redirect to the Exports page saying it is being prepared.
    A wrong parameter is a 400 naming it; ExportRefused for another reason is the caller's to
    answer (a team's CSV answers a 404). Callers check the rights of their page first."""
    try:
        result = prepare_export(user=request.user, kind=kind, parameters=parameters, now=timezone.now())
    except SignInNeeded as exc:
        messages.info(request, str(exc))
        return redirect(f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}")
    except TooManyPending as exc:
        messages.warning(request, str(exc))
        return redirect("practice:exports")
    if isinstance(result, ExportFile):
        return file_response(result)
    label = export_label(result)
    result.refresh_from_db(fields=["status"])  # the immediate backend has built it already
    if result.status == Export.Status.READY:
        messages.success(request, f"Your {label} is ready: download it below.")
    else:
        messages.info(request, f"Your {label} is being prepared; it will be listed here when ready.")
    return redirect("practice:exports")


def _filter_parameters(request: HttpRequest, kind: str) -> dict[str, str]:
    """The query string's values the kind takes; a link from the question list carries others (page, sort)."""
    names = export_kind(kind).parameter_names
    return {name: str(request.GET[name]) for name in names if name in request.GET}


@require_GET
def export_anki(request: HttpRequest) -> HttpResponse:
    """An Anki deck of the questions any filter of the list page picks."""
    try:
        return export_response(request, "anki", _filter_parameters(request, "anki"))
    except ExportRefused as exc:
        return HttpResponse("Invalid filters: " + ", ".join(exc.errors), status=400, content_type="text/plain")


@require_GET
@login_required
def export_attempts(request: SignedInHttpRequest) -> HttpResponse:
    return export_response(request, "attempts", {})


@require_GET
@login_required
def export_list(request: SignedInHttpRequest) -> HttpResponse:
    """The exports the worker prepared or is preparing; htmx polls the list while one is pending.
    One query besides the session's, the user's and the header's: the exports, without their files."""
    now = timezone.now()
    exports = list(Export.objects.for_list_page(request.user))
    for export in exports:
        export.label = export_label(export)  # type: ignore[attr-defined]
        export.is_downloadable = export.downloadable(now)  # type: ignore[attr-defined]
    context = {"exports": exports, "pending": any(e.pending for e in exports), "keep_days": settings.EXPORT_KEEP_DAYS}
    if _is_htmx(request):
        response = render(request, "practice/_export_rows.html", context)
    else:
        response = render(request, "practice/export_list.html", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_GET
@login_required
def export_download(request: SignedInHttpRequest, pk: int) -> HttpResponse:
    export = get_export_for_owner(request.user, pk, with_file=True)
    if export.downloadable(timezone.now()):
        response = file_response(ExportFile(bytes(export.data or b""), export.filename, export.content_type))
        response["Cache-Control"] = "private, no-store"
        return response
    if export.status == Export.Status.READY:
        messages.warning(request, f"“{export.title}” has expired and is deleted soon; ask for a new one.")
    elif export.pending:
        messages.info(request, f"“{export.title}” is still being prepared.")
    else:
        messages.warning(request, f"“{export.title}” could not be prepared: {export.error}")
    return redirect("practice:exports")


@require_POST
@login_required
def export_delete(request: SignedInHttpRequest, pk: int) -> HttpResponse:
    export = get_export_for_owner(request.user, pk)
    delete_export(export=export)
    messages.success(request, f"Deleted “{export.title}”.")
    return redirect("practice:exports")
