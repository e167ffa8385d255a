"""Sentence vectors from WordLlama (MIT licence), a 16 MB static embedding model shipped inside
its pip wheel: a token lookup and an average, numpy only, no torch, nothing downloaded.

Its lookup of the bundled tokenizer and weights is broken when left to itself (it looks in a
cache folder of the user's), so it is pointed at the installed package's own folder with
downloads switched off: the site never reaches the network for it.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

DIMENSIONS = 256
DTYPE = np.float32
_load_lock = threading.Lock()


@lru_cache(maxsize=1)
def model() -> Any:
    import wordllama
    from wordllama import WordLlama

    with _load_lock:
        return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True, dim=DIMENSIONS)


def embed(texts: list[str]) -> np.ndarray:
    """Unit vectors (float32, one row per text); a text with no words gets a zero row."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=DTYPE)
    raw = np.asarray(model().embed(texts, norm=False), dtype=DTYPE)
    norms = np.linalg.norm(raw, axis=1, keepdims=True)
    return np.divide(raw, norms, out=np.zeros_like(raw), where=norms > 0)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.ascontiguousarray(vector, dtype=DTYPE).tobytes()


def from_bytes(data: bytes | memoryview | None) -> np.ndarray:
    if not data or len(data) != DIMENSIONS * np.dtype(DTYPE).itemsize:
        return np.zeros(DIMENSIONS, dtype=DTYPE)
    return np.frombuffer(bytes(data), dtype=DTYPE)


@lru_cache(maxsize=2_048)
def embed_query(text: str) -> np.ndarray:
    """A query's vector, cached: people search the same words again and again, and a request
    then embeds nothing."""
    vector = embed([text])[0]
    vector.flags.writeable = False
    return vector
