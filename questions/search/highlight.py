"""Matched words marked in a title or a snippet: escaped first, then wrapped in <mark>, so a
query or a question holding HTML is shown as text, never run."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from questions.search.text import words

SNIPPET_LENGTH = 220


def highlight(text: str, marks: frozenset[str]) -> SafeString:
    """`text` escaped, with every word whose stem is in `marks` inside <mark>."""
    pieces, at = [], 0
    for word in words(text):
        if word.stem in marks or word.folded in marks:
            pieces += [escape(text[at : word.start]), "<mark>", escape(text[word.start : word.end]), "</mark>"]
            at = word.end
    pieces.append(escape(text[at:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of text is escaped above


def snippet(text: str, marks: frozenset[str], length: int = SNIPPET_LENGTH) -> SafeString:
    """The line of `text` with the most marked words, cut to about `length` characters around
    the first of them, marked. Empty when no line has any."""
    best, best_hits = "", 0
    for line in text.splitlines():
        hits = [w for w in words(line) if w.stem in marks or w.folded in marks]
        if len(hits) > best_hits:
            best, best_hits = line.strip(), len(hits)
    if not best_hits:
        return mark_safe("")
    if len(best) > length:
        first = next(w.start for w in words(best) if w.stem in marks or w.folded in marks)
        start = max(0, min(first - length // 3, len(best) - length))
        start = best.rfind(" ", 0, start) + 1 if start else 0
        cut = best[start : start + length]
        cut = cut[: cut.rfind(" ")] if start + length < len(best) and " " in cut else cut
        best = ("… " if start else "") + cut + (" …" if start + len(cut) < len(best) else "")
    return highlight(best, marks)
