// Enhancements only: the page works without this file. A running timer and a line counter
// for the four-line target. htmx may swap the answer box for a new one (a practice session's
// next step), so one listener and one clock serve whatever boxes the page has now.
(function () {
  "use strict";

  function countLines(box) {
    var counter = box.closest(".answer-box").querySelector("[data-line-count]");
    if (!counter) return;
    var lines = box.value.split("\n").filter(function (line) { return line.trim() !== ""; }).length;
    counter.textContent = lines + " of 4 lines";
    counter.classList.toggle("over", lines > 4);
  }

  function tick(timer) {
    var seconds = Math.floor((Date.now() - Number(timer.dataset.started)) / 1000);
    var m = Math.floor(seconds / 60), s = seconds % 60;
    timer.textContent = m + ":" + (s < 10 ? "0" : "") + s;
  }

  // Called for the page and for each piece htmx swaps in; each box and timer is set up once.
  function arrive(root) {
    root.querySelectorAll(".attempt-form .answer-box textarea").forEach(countLines);
    root.querySelectorAll("[data-timer]:not([data-started])").forEach(function (timer) {
      // A page reloaded mid-question carries on from the server's clock (data-elapsed seconds).
      var elapsed = parseInt(timer.dataset.elapsed || "0", 10) || 0;
      timer.dataset.started = String(Date.now() - 1000 * elapsed);
      tick(timer);
      // The " · " before the timer is hidden in the HTML, so without JavaScript no dot dangles.
      var separator = timer.previousElementSibling;
      if (separator && separator.hasAttribute("data-timer-separator")) separator.hidden = false;
    });
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches(".attempt-form .answer-box textarea")) countLines(event.target);
  });
  setInterval(function () { document.querySelectorAll("[data-timer][data-started]").forEach(tick); }, 1000);
  document.addEventListener("htmx:load", function (event) { arrive(event.target); });
  arrive(document);
})();
