// Keyboard shortcuts for a practice session. Everything also works with the buttons.
(function () {
  "use strict";
  var form = document.getElementById("session-form");
  if (!form) return;
  var box = form.querySelector("textarea");
  var revealed = document.querySelector(".session").dataset.revealed === "true";

  function press(key) {
    var button = form.querySelector('[data-key="' + key + '"]');
    if (button) { button.click(); return true; }
    return false;
  }
  document.addEventListener("keydown", function (event) {
    var typing = document.activeElement === box;
    if (event.key === "Escape" && typing) { box.blur(); return; }
    if (typing) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !revealed) { event.preventDefault(); press("r"); }
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (!revealed && (event.key === "r" || event.key === "n")) { event.preventDefault(); press(event.key); }
    if (revealed && /^[1-4]$/.test(event.key)) { event.preventDefault(); press(event.key); }
    if (revealed && event.key === "Enter") {
      var suggested = form.querySelector(".grade.suggested");
      if (suggested) { event.preventDefault(); suggested.click(); }
    }
  });
  if (!revealed && box) box.focus();
})();
