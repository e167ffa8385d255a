// Enhancements only: the page works without this file. A running timer and a line counter
// for the four-line target.
(function () {
  "use strict";
  var box = document.querySelector(".attempt-form textarea");
  var counter = document.querySelector("[data-line-count]");
  var timer = document.querySelector("[data-timer]");
  if (!box) return;

  function countLines() {
    var lines = box.value.split("\n").filter(function (line) { return line.trim() !== ""; }).length;
    counter.textContent = lines + " of 4 lines";
    counter.classList.toggle("over", lines > 4);
  }
  box.addEventListener("input", countLines);
  countLines();

  // A page reloaded mid-question carries on from the server's clock (data-elapsed seconds).
  var started = Date.now() - 1000 * (parseInt(timer.dataset.elapsed || "0", 10) || 0);
  function tick() {
    var seconds = Math.floor((Date.now() - started) / 1000);
    var m = Math.floor(seconds / 60), s = seconds % 60;
    timer.textContent = m + ":" + (s < 10 ? "0" : "") + s;
  }
  setInterval(tick, 1000);
  tick();
})();
