// A coding question's code box: indentation keys, "Run tests" in a Web Worker with Pyodide, the
// result of each test, "Reset to starter code", and the grade the tests suggest. Enhancement only:
// without JavaScript the box still holds the starter code, the tests are shown, and the reference
// solution comes with the model answer. htmx may swap a practice session's step for the next one,
// so the handlers sit on document and read the exercise the event happened in.
(function () {
  "use strict";

  var INDENT = "    ";
  var RUN_SECONDS = 10; // a run's time limit; the worker is ended after it
  var LOAD_SECONDS = 120; // Pyodide's first load, on a slow connection

  var worker = null; // one per page, started on first use and kept warm between runs
  var workerReady = null; // a promise: resolves once Pyodide and the runner are loaded
  var running = null; // {exercise, id, timer, rows}
  var runs = 0;

  function exerciseOf(node) { return node && node.closest ? node.closest("[data-code-exercise]") : null; }
  function part(exercise, name) { return exercise.querySelector("[data-" + name + "]"); }

  function setStatus(exercise, text) { part(exercise, "run-status").textContent = text; }

  // Indentation ------------------------------------------------------------------------------

  function replaceSelection(box, text) {
    // execCommand keeps the browser's undo history (Ctrl+Z); setRangeText where it is missing.
    box.focus();
    if (!document.execCommand || !document.execCommand("insertText", false, text)) {
      box.setRangeText(text, box.selectionStart, box.selectionEnd, "end");
    }
  }

  function selectedLines(box) {
    var value = box.value;
    var start = value.lastIndexOf("\n", box.selectionStart - 1) + 1;
    var end = value.indexOf("\n", box.selectionEnd - (box.selectionEnd > box.selectionStart ? 1 : 0));
    if (end < 0) end = value.length;
    return { start: start, end: end, text: value.slice(start, end) };
  }

  function indent(box, outdent) {
    var multiline = box.value.slice(box.selectionStart, box.selectionEnd).indexOf("\n") >= 0;
    if (!outdent && !multiline) { replaceSelection(box, INDENT); return; }
    var lines = selectedLines(box);
    var changed = lines.text.split("\n").map(function (line) {
      if (!outdent) return line ? INDENT + line : line;
      return line.replace(/^ {1,4}|^\t/, "");
    }).join("\n");
    box.setSelectionRange(lines.start, lines.end);
    replaceSelection(box, changed);
    box.setSelectionRange(lines.start, lines.start + changed.length);
  }

  function newline(box) {
    var before = box.value.slice(0, box.selectionStart);
    var line = before.slice(before.lastIndexOf("\n") + 1);
    var leading = line.match(/^[ \t]*/)[0];
    if (/:\s*$/.test(line)) leading += INDENT;
    replaceSelection(box, "\n" + leading);
  }

  document.addEventListener("keydown", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("textarea[data-code]")) return;
    var exercise = exerciseOf(box);
    if (event.key === "Escape") {
      // Tab indents inside the box; after Escape, the next Tab moves on, as it does elsewhere.
      box.dataset.tabLeaves = "true";
      setStatus(exercise, "Press Tab to leave the code box.");
      return;
    }
    var leaving = box.dataset.tabLeaves === "true";
    delete box.dataset.tabLeaves;
    if (event.key === "Tab" && !event.ctrlKey && !event.altKey && !event.metaKey) {
      if (leaving) { setStatus(exercise, ""); return; }
      event.preventDefault();
      indent(box, event.shiftKey);
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run(exercise);
    } else if (event.key === "Enter" && !event.shiftKey && !event.altKey) {
      event.preventDefault();
      newline(box);
    }
  });

  // Running ----------------------------------------------------------------------------------

  function startWorker(exercise) {
    if (workerReady) return workerReady;
    worker = new Worker(exercise.dataset.worker);
    workerReady = new Promise(function (resolve, reject) {
      var timer = setTimeout(function () { reject(new Error("Python took too long to load")); }, LOAD_SECONDS * 1000);
      worker.addEventListener("message", function once(event) {
        if (event.data.type !== "ready" && event.data.type !== "failed") return;
        clearTimeout(timer);
        worker.removeEventListener("message", once);
        if (event.data.type === "ready") resolve(worker);
        else reject(new Error(event.data.message));
      });
      worker.addEventListener("error", function (event) {
        clearTimeout(timer);
        reject(new Error(event.message || "the worker could not start"));
      });
    });
    worker.addEventListener("message", onMessage);
    worker.postMessage({ type: "init", pyodide: exercise.dataset.pyodide, runner: exercise.dataset.runner });
    workerReady.catch(function () { stopWorker(); });
    return workerReady;
  }

  function stopWorker() {
    if (worker) worker.terminate();
    worker = null;
    workerReady = null;
  }

  function testNames(exercise) {
    return (exercise.dataset.testNames || "").split(",").filter(Boolean);
  }

  function showRow(exercise, row) {
    var list = part(exercise, "results");
    var item = list.querySelector('[data-test="' + row.name + '"]') || document.createElement("li");
    item.dataset.test = row.name;
    item.className = "test-result test-" + row.status;
    item.textContent = "";
    var badge = document.createElement("span");
    badge.className = "badge";
    badge.textContent = row.status === "pass" ? "pass" : row.status === "fail" ? "fail" : row.status === "error" ? "error" : "…";
    var name = document.createElement("code");
    name.textContent = row.name;
    item.append(badge, " ", name);
    if (row.message) {
      var message = document.createElement("span");
      message.className = "message";
      message.textContent = row.message;
      item.append(" ", message);
    }
    if (row.output) {
      var output = document.createElement("pre");
      output.className = "output";
      output.textContent = row.output;
      item.append(output);
    }
    if (!item.parentNode) list.append(item);
  }

  function finish(exercise, result, seconds) {
    running = null;
    part(exercise, "run").disabled = false;
    var total = testNames(exercise).length;
    var passed = result.passed;
    var summary = result.error ? result.error + ". " : "";
    summary += passed + " of " + total + " tests pass";
    if (seconds !== null) summary += " (" + seconds.toFixed(1) + " s)";
    setStatus(exercise, summary + ".");
    part(exercise, "tests-passed").value = String(passed);
    suggest(exercise, passed);
  }

  function suggest(exercise, passed) {
    // The grade for `passed` comes from the server's rule (practice/coverage.py), one per count.
    var grade = (exercise.dataset.grades || "").split(",")[passed];
    var form = exercise.closest("form");
    if (!grade || !form) return;
    form.querySelectorAll(".grade").forEach(function (button) {
      button.classList.toggle("suggested", button.value === grade);
    });
    var label = form.querySelector("[data-suggested-label]");
    if (label) {
      label.hidden = false;
      label.textContent = "Suggested from the tests: " + grade.charAt(0).toUpperCase() + grade.slice(1);
    }
  }

  function onMessage(event) {
    var message = event.data;
    if (!running || message.id !== running.id) return;
    if (message.type === "result") {
      showRow(running.exercise, message.row);
    } else if (message.type === "done") {
      clearTimeout(running.timer);
      var exercise = running.exercise;
      message.result.tests.forEach(function (row) { showRow(exercise, row); });
      finish(exercise, message.result, (performance.now() - running.started) / 1000);
    }
  }

  function timeUp() {
    // A run that does not end (an endless loop, say) is stopped by ending the worker; the tests
    // that had not finished are errors, and the next run starts a fresh worker.
    var exercise = running.exercise;
    stopWorker();
    var passed = 0;
    testNames(exercise).forEach(function (name) {
      var item = part(exercise, "results").querySelector('[data-test="' + name + '"]');
      if (item && item.classList.contains("test-pass")) passed += 1;
      if (!item || item.classList.contains("test-running")) {
        showRow(exercise, { name: name, status: "error", message: "Stopped: the run took longer than " + RUN_SECONDS + " s (a loop that never ends?)", output: "" });
      }
    });
    finish(exercise, { passed: passed, error: "Stopped after " + RUN_SECONDS + " s" }, null);
  }

  function run(exercise) {
    if (!exercise || running) return;
    var box = exercise.querySelector("textarea[data-code]");
    var button = part(exercise, "run");
    button.disabled = true;
    var list = part(exercise, "results");
    list.textContent = "";
    testNames(exercise).forEach(function (name) { showRow(exercise, { name: name, status: "running", message: "", output: "" }); });
    runs += 1;
    running = { exercise: exercise, id: runs, timer: null, started: 0 };
    var mine = running;
    setStatus(exercise, workerReady ? "Running the tests…" : "Loading Python (the first run takes a few seconds)…");
    startWorker(exercise).then(function (ready) {
      if (running !== mine) return;
      setStatus(exercise, "Running the tests…");
      mine.started = performance.now();
      mine.timer = setTimeout(timeUp, RUN_SECONDS * 1000);
      ready.postMessage({ type: "run", id: mine.id, code: box.value, tests: exercise.dataset.tests });
    }, function (error) {
      if (running !== mine) return;
      running = null;
      button.disabled = false;
      list.textContent = "";
      setStatus(exercise, "Python could not be loaded here (" + error.message + "); read the tests and grade yourself.");
    });
  }

  function reset(exercise) {
    var box = exercise.querySelector("textarea[data-code]");
    box.setSelectionRange(0, box.value.length);
    replaceSelection(box, exercise.dataset.starter);
    box.setSelectionRange(0, 0);
    setStatus(exercise, "Back to the starter code (Ctrl+Z undoes it).");
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-run], [data-reset]");
    var exercise = exerciseOf(button);
    if (!exercise) return;
    event.preventDefault();
    if (button.hasAttribute("data-run")) run(exercise); else reset(exercise);
  });

  // Start loading Python as soon as someone starts on the code, so the first run waits less.
  document.addEventListener("focusin", function (event) {
    var exercise = exerciseOf(event.target);
    if (exercise && event.target.matches("textarea[data-code]")) startWorker(exercise).catch(function () {});
  });

  function arrive(root) {
    root.querySelectorAll("[data-code-exercise]").forEach(function (exercise) {
      exercise.querySelectorAll("[data-code-actions], [data-code-keys]").forEach(function (node) { node.hidden = false; });
      exercise.querySelectorAll("[data-without-script]").forEach(function (node) { node.hidden = true; });
    });
  }
  document.addEventListener("htmx:load", function (event) { arrive(event.target); });
  arrive(document);
})();
