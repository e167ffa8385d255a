"""Typo tolerance from the bank's own words: "dropuot" → "dropout", "backpropogation" →
"backpropagation". Pure: built from the words of the questions' titles, summaries and other
phrasings, then asked word by word.

Candidates are found through single-letter deletions (SymSpell's trick): a word and a typo
of it one edit apart always share a form with one letter or none deleted, so a lookup is a
few dictionary probes instead of a comparison with every word of the bank. Each candidate
is then checked with the optimal string alignment distance (a swap of two neighbouring
letters is one edit), and the most common word at the smallest distance wins.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

MIN_LENGTH = 4  # shorter words are too often another real word one letter away


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


class Vocabulary:
    def __init__(self, words: Iterable[str]):
        self.counts: Counter[str] = Counter(w for w in words if w.isalpha())
        self._by_delete: dict[str, list[str]] = {}
        for word in self.counts:
            if len(word) >= MIN_LENGTH:
                for form in _deletes(word) | {word}:
                    self._by_delete.setdefault(form, []).append(word)

    def __contains__(self, word: str) -> bool:
        return word in self.counts

    def __len__(self) -> int:
        return len(self.counts)

    def correct(self, word: str) -> str | None:
        """The bank's word `word` was most likely meant to be, or None when it is a word of the
        bank already, too short to guess, or nothing is close."""
        if word in self.counts or len(word) < MIN_LENGTH or not word.isalpha():
            return None
        found: set[str] = set()
        for form in _deletes(word) | {word}:
            found.update(self._by_delete.get(form, ()))
        # A deletion match can be two edits apart ("abcd" / "abed"); allow two only in long words.
        allowed = 1 if len(word) < 8 else 2
        scored = [(distance(word, w), -self.counts[w], w) for w in found]
        scored = [s for s in scored if s[0] <= allowed]
        return min(scored)[2] if scored else None
