"""The content rules of a question, written once.

A question can arrive through a bank file, the admin, the curator's edit page, a submission
form or the API. Each of those calls these functions and only words the outcome for its own
interface (a `file:line` message, a form error, a 400), so a question one path accepts is
one every other path accepts too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

URL_RE = re.compile(r"^https?://\S+$")
ARXIV_RE = re.compile(r"^(\d{4}\.\d{4,5}|[a-z][a-z.-]*/\d{7})(v\d+)?$")
MAX_SHORT_ANSWER_LINES = 4
KEY_POINTS_RANGE = (3, 6)
REFERENCE_KEYS = ("title", "authors", "year", "url", "arxiv")


def short_answer_problem(text: str) -> str | None:
    """What is wrong with a short answer, if anything: it is what to say first, four lines at most."""
    if len([line for line in text.splitlines() if line.strip()]) > MAX_SHORT_ANSWER_LINES:
        return f"Keep the short answer to {MAX_SHORT_ANSWER_LINES} lines."
    return None


def key_points_problem(value: Any) -> str | None:
    """What is wrong with `key_points`, if anything: a list of 3 to 6 texts, or none at all
    (drafts may leave them out; a published question's publish check requires them)."""
    if not isinstance(value, list) or not all(isinstance(p, str) and p.strip() for p in value):
        return "Key points must be a list of text."
    if value and not KEY_POINTS_RANGE[0] <= len(value) <= KEY_POINTS_RANGE[1]:
        return f"Give {KEY_POINTS_RANGE[0]} to {KEY_POINTS_RANGE[1]} key points, not {len(value)}."
    return None


def clean_references(value: Any, bad: Callable[[Any, str], None]) -> list[dict[str, Any]]:
    """References as stored, with each problem passed to `bad(where, message)`; `where` is
    ("references", index) for one reference, "references" for the whole list."""
    if value in (None, []):
        return []
    if not isinstance(value, list):
        bad("references", "'references' must be a list")
        return []
    refs = []
    for i, ref in enumerate(value):
        where = ("references", i)
        if not isinstance(ref, dict) or not isinstance(ref.get("title"), str) or not ref["title"].strip():
            bad(where, f"reference {i + 1} needs a title")
            continue
        for key in sorted(set(ref) - set(REFERENCE_KEYS), key=str):
            bad(where, f"reference {i + 1} has an unknown field '{key}' (known: {', '.join(REFERENCE_KEYS)})")
        url, arxiv, year = ref.get("url"), ref.get("arxiv"), ref.get("year")
        if url is not None and not (isinstance(url, str) and URL_RE.match(url)):
            bad(where, f"reference {i + 1} url must start with http:// or https://")
        if arxiv is not None and not ARXIV_RE.match(str(arxiv)):
            bad(where, f"reference {i + 1} arxiv id {arxiv!r} is not of the form 1706.03762")
        if year is not None and not (isinstance(year, int) and 1600 < year < 2200):
            bad(where, f"reference {i + 1} year must be a four-digit number")
        clean = {"title": ref["title"].strip()}
        for key in ("authors", "year", "url", "arxiv"):
            if ref.get(key) not in (None, ""):
                clean[key] = ref[key] if key == "year" else str(ref[key]).strip()
        refs.append(clean)
    return refs


def reference_from_line(line: str) -> dict[str, Any]:
    """One reference typed on a form as `title | URL or arXiv id`; ValueError says what is wrong."""
    title, _, where = (part.strip() for part in line.partition("|"))
    if not title:
        raise ValueError("needs a title before the |")
    if not where:
        return {"title": title}
    if ARXIV_RE.match(where):
        return {"title": title, "arxiv": where}
    if URL_RE.match(where):
        return {"title": title, "url": where}
    raise ValueError(f"“{where}” is neither a URL nor an arXiv id")
