// A countdown for the time each question has; the interview goes on past zero, marked as over time.
(function () {
  "use strict";
  var root = document.querySelector(".mock");
  var label = document.querySelector("[data-countdown]");
  if (!root || !label) return;
  var limit = parseInt(root.dataset.seconds, 10);
  var started = Date.now() - 1000 * (parseInt(root.dataset.elapsed || "0", 10) || 0);
  function tick() {
    var left = limit - Math.floor((Date.now() - started) / 1000);
    var m = Math.floor(Math.abs(left) / 60), s = Math.abs(left) % 60;
    label.textContent = (left < 0 ? "over by " : "") + m + ":" + (s < 10 ? "0" : "") + s + (left < 0 ? "" : " left");
    label.classList.toggle("over", left < 0);
  }
  setInterval(tick, 1000);
  tick();
  var box = document.querySelector("textarea");
  if (box) box.focus();
})();
