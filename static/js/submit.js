// Live preview for the submit form: renders with the server's own Markdown and maths renderer
// and lists similar questions as you type. Without JavaScript, the Preview button does the same.
(function () {
  "use strict";
  var form = document.getElementById("submit-form");
  var panel = document.getElementById("live-preview");
  if (!form || !panel) return;
  var timer = null;

  function render(data) {
    panel.hidden = false;
    // Sanitised by the server. An empty section is hidden, or its border shows as a bare bar.
    [["[data-scenario]", data.scenario_html], ["[data-answer]", data.answer_html]].forEach(function (pair) {
      var section = panel.querySelector(pair[0]);
      section.innerHTML = pair[1];
      section.hidden = !pair[1].trim();
    });
    var similar = panel.querySelector("[data-similar]");
    similar.textContent = "";
    if (data.similar.length) {
      var p = document.createElement("p");
      p.textContent = "Similar questions already in the bank:";
      var list = document.createElement("ul");
      data.similar.forEach(function (q) {
        var li = document.createElement("li"), a = document.createElement("a");
        a.href = q.url; a.textContent = q.title; a.target = "_blank";
        li.appendChild(a); list.appendChild(li);
      });
      similar.appendChild(p); similar.appendChild(list);
    }
  }
  function refresh() {
    var body = new FormData();
    ["title", "scenario", "answer"].forEach(function (name) { body.append(name, form.elements[name].value); });
    body.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    fetch(form.dataset.previewUrl, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) render(data); });
  }
  form.addEventListener("input", function (event) {
    if (["title", "scenario", "answer"].indexOf(event.target.name) === -1) return;
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
})();
