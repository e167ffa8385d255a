"""Checking a coding question with plain Python: its reference solution passes its own tests and
its starter code fails every one of them. Used by the test suite on the shipped bank; it runs the
bank's own code (written and reviewed like the rest of the bank), never a candidate's."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

RUNNER = Path(__file__).with_name("runner.py")
# The first fenced Python block of a model answer is the reference solution (docs/bank-format.md).
PYTHON_FENCE = re.compile(r"^(?P<fence>```|~~~)[ \t]*python[^\n]*\n(?P<code>.*?)^(?P=fence)[ \t]*$", re.M | re.S)
TIME_LIMIT = 30  # seconds for one run of one question's tests


def reference_solution(answer: str) -> str | None:
    """The first ```python block of a model answer, or None when it has none."""
    match = PYTHON_FENCE.search(answer)
    return match.group("code") if match else None


def run_with_python(code: str, tests: str, *, timeout: float = TIME_LIMIT) -> dict[str, Any]:
    """runner.run() in a fresh `python` process of its own, stopped after `timeout` seconds
    (subprocess.TimeoutExpired), so one question's code cannot touch another's or the caller's."""
    done = subprocess.run(
        [sys.executable, "-I", str(RUNNER)],
        input=json.dumps({"code": code, "tests": tests}),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return json.loads(done.stdout)
