// The Web Worker that runs a coding question's tests with Pyodide, away from the page, so the page
// stays responsive and a run that never ends can be stopped by ending the worker
// (static/js/code_exercise.js does). practice/code_runner.py serves this file with the worker's own
// Content-Security-Policy: it may load Pyodide's folder and the runner, and reach nothing else.
//
// Messages in:  {type: "init", pyodide: folder URL, runner: runner.py URL}
//               {type: "run", id, code, tests}
// Messages out: {type: "ready"} | {type: "failed", message}
//               {type: "result", id, row} for each test as it finishes, then {type: "done", id, result}
"use strict";

var runJson = null;

async function init(message) {
  try {
    importScripts(message.pyodide + "pyodide.js");
    var pyodide = await self.loadPyodide({ indexURL: message.pyodide });
    var response = await fetch(message.runner);
    if (!response.ok) throw new Error("the runner could not be loaded (" + response.status + ")");
    var source = await response.text();
    // The runner module (questions/coding/runner.py) in a namespace of its own.
    var namespace = pyodide.toPy({ __name__: "interviewprep_runner" });
    pyodide.runPython(source, { globals: namespace });
    runJson = namespace.get("run_json");
    self.postMessage({ type: "ready" });
  } catch (error) {
    self.postMessage({ type: "failed", message: String(error && error.message ? error.message : error) });
  }
}

function run(message) {
  var report = function (row) {
    self.postMessage({ type: "result", id: message.id, row: JSON.parse(row) });
  };
  try {
    var result = runJson(message.code, message.tests, report);
    self.postMessage({ type: "done", id: message.id, result: JSON.parse(result) });
  } catch (error) {
    self.postMessage({ type: "done", id: message.id, result: { tests: [], passed: 0, total: 0, output: "", error: String(error) } });
  }
}

self.onmessage = function (event) {
  var message = event.data;
  if (message.type === "init") init(message);
  else if (message.type === "run" && runJson) run(message);
};
