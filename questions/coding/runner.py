"""Run a candidate's Python against a coding question's tests, and say how each test went.

One file, standard library only, used twice: the practice page's Web Worker runs it in the
browser with Pyodide (practice/code_runner.py serves this very file), and the test suite runs
it with plain Python in a subprocess to check the shipped bank. So what a candidate sees in the
browser is what the suite checked.

How a run goes (docs/bank-format.md, "Coding questions"): the candidate's code runs in a fresh
namespace, then the tests' source in that same namespace, then each `test_*` function defined
at the top level of the tests is called, in file order. Each test passes, fails (an
AssertionError, with its message) or errors (any other exception, with its type and message).
The time limit belongs to whoever runs this: the browser ends the worker, the suite the
subprocess. `python runner.py` reads {"code", "tests"} as JSON on standard input and writes
the result as JSON on standard output.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import linecache
import sys
import traceback
from collections.abc import Callable
from typing import Any

CODE_FILE = "<your code>"
TESTS_FILE = "<tests>"
MAX_OUTPUT = 4_000  # characters of printed output kept per test, and for the code itself
MAX_MESSAGE = 1_000

PASS, FAIL, ERROR = "pass", "fail", "error"


TEST_PREFIX = "test_"


def test_functions(tests: str) -> list[str]:
    """The names of the `test_*` functions defined at the top level of `tests`, in file order (a
    name defined twice is listed twice; questions/rules.py refuses that). SyntaxError if `tests`
    does not parse."""
    return [
        node.name
        for node in ast.parse(tests, TESTS_FILE).body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith(TEST_PREFIX)
    ]


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _where(exc: BaseException) -> str:
    """The last line of the candidate's code or of the tests that the exception passed through."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename == CODE_FILE:
            return f"your code, line {frame.lineno}"
        if frame.filename == TESTS_FILE:
            return f"tests, line {frame.lineno}"
    return ""


def _failed_assertion(exc: AssertionError) -> str:
    """An assert's own message, or else the assert statement itself as the tests wrote it."""
    if str(exc):
        return str(exc)
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename == TESTS_FILE and frame.line:
            return f"failed: {frame.line.strip()}"
    return "an assertion failed"


def _describe(exc: BaseException) -> str:
    where = _where(exc)
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return f"{text} ({where})" if where else text


def _register(filename: str, source: str) -> None:
    # Tracebacks read the source of a frame through linecache; exec'd text is not on disk.
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)


def _execute(source: str, filename: str, namespace: dict[str, Any], output: io.StringIO) -> None:
    _register(filename, source)
    compiled = compile(source, filename, "exec")
    with contextlib.redirect_stdout(output):
        exec(compiled, namespace)  # noqa: S102 - the whole point: run the candidate's own code


def _setup_error(stage: str, exc: BaseException) -> str:
    if isinstance(exc, SyntaxError):
        return f"{stage}, line {exc.lineno}: {exc.msg}"
    return f"{stage} raised {_describe(exc)}"


def run(code: str, tests: str, *, report: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """Run `code`, then `tests`, then each test; `report` (if given) gets each test's result as it
    comes, so a caller that has to stop a run midway still shows the tests that finished.

    Returns {"tests": [{"name", "status": pass|fail|error, "message", "output"}], "passed",
    "total", "error": why nothing could be tested (the code or the tests do not run) or None,
    "output": what the code printed while it was defined}.
    """
    try:
        names = list(dict.fromkeys(test_functions(tests)))
    except SyntaxError as exc:
        return _result([], 0, _setup_error("The tests", exc), "")
    namespace: dict[str, Any] = {"__name__": "__candidate__"}
    printed = io.StringIO()
    for stage, source, filename in (("Your code", code, CODE_FILE), ("The tests", tests, TESTS_FILE)):
        try:
            _execute(source, filename, namespace, printed)
        except (Exception, SystemExit) as exc:
            message = _setup_error(stage, exc)
            rows = [{"name": n, "status": ERROR, "message": f"Not run: {message}", "output": ""} for n in names]
            for row in rows:
                if report:
                    report(row)
            return _result(rows, len(names), message, printed.getvalue())
    rows = []
    for name in names:
        output = io.StringIO()
        try:
            with contextlib.redirect_stdout(output):
                namespace[name]()
        except AssertionError as exc:
            status, message = FAIL, _failed_assertion(exc)
        except (Exception, SystemExit) as exc:
            status, message = ERROR, _describe(exc)
        else:
            status, message = PASS, ""
        row = {
            "name": name,
            "status": status,
            "message": _short(message, MAX_MESSAGE),
            "output": _short(output.getvalue(), MAX_OUTPUT),
        }
        rows.append(row)
        if report:
            report(row)
    return _result(rows, len(names), None, printed.getvalue())


def _result(rows: list[dict[str, Any]], total: int, error: str | None, output: str) -> dict[str, Any]:
    return {
        "tests": rows,
        "passed": sum(row["status"] == PASS for row in rows),
        "total": total,
        "error": error,
        "output": _short(output, MAX_OUTPUT),
    }


def run_json(code: str, tests: str, report: Callable[[str], None] | None = None) -> str:
    """run() with JSON in and out, for the browser's worker (JavaScript calls it through Pyodide)."""
    return json.dumps(run(code, tests, report=(lambda row: report(json.dumps(row))) if report else None))


if __name__ == "__main__":
    given = json.load(sys.stdin)
    json.dump(run(given["code"], given["tests"]), sys.stdout)
