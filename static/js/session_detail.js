// Keyboard shortcuts for a practice session. Everything also works with the buttons.
// htmx swaps the session <article> in place after each step, so nothing here keeps hold of its
// elements: one key handler on document reads the current form and state on every press.
(function () {
  "use strict";

  function current() {
    var form = document.getElementById("session-form");
    if (!form) return null;
    return {
      form: form,
      box: form.querySelector("textarea"),
      revealed: form.closest(".session").dataset.revealed === "true",
    };
  }

  function press(form, key) {
    var button = form.querySelector('[data-key="' + key + '"]');
    if (button) { button.click(); return true; }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    var step = current();
    if (!step) return;
    var form = step.form, box = step.box, revealed = step.revealed;
    var typing = document.activeElement === box;
    // In a coding question's box, code_exercise.js owns the keys (Ctrl+Enter runs the tests there).
    if (typing && box.hasAttribute("data-code")) return;
    if (event.key === "Escape" && typing) { box.blur(); return; }
    // A step is on its way to the server: one press, one step.
    if (form.classList.contains("htmx-request")) return;
    if (typing) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !revealed) { event.preventDefault(); press(form, "r"); }
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (!revealed && (event.key === "r" || event.key === "n")) { event.preventDefault(); press(form, event.key); }
    if (revealed && /^[1-4]$/.test(event.key)) { event.preventDefault(); press(form, event.key); }
    if (revealed && event.key === "Enter") {
      var suggested = form.querySelector(".grade.suggested");
      if (suggested) { event.preventDefault(); suggested.click(); }
    }
  });

  // Focus for the step that has just arrived: the answer box for a new question; after a reveal
  // by htmx, the revealed answer (htmx would otherwise keep the focus in the box, where 1-4 type).
  function arrive(root, swapped) {
    var article = root.matches && root.matches(".session") ? root : root.querySelector(".session");
    if (!article || article.dataset.ready) return;
    article.dataset.ready = "true";
    var box = article.querySelector("#session-form textarea");
    if (article.dataset.revealed !== "true") {
      if (box) box.focus();
    } else if (swapped) {
      var heading = article.querySelector("[data-focus-on-reveal]");
      if (heading) heading.focus(); else if (document.activeElement === box) box.blur();
    }
  }

  document.addEventListener("htmx:load", function (event) { arrive(event.target, true); });
  arrive(document, false);
})();
