// Every page works without JavaScript; htmx (static/vendor/) only swaps parts of some pages in place.
// When an htmx answer cannot be shown in place, fall back to what the plain form would have shown.
(function () {
  "use strict";
  // A filter that applies as soon as it is chosen (the form's own button is for no-JavaScript).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("select[data-submit-on-change]") && target.form) {
      target.form.submit();
    }
  });
  // The theme toggle: the page is drawn in the cookie's theme by the server; here the choice
  // takes effect at once and is kept in localStorage and the cookie (the form posts without JS).
  var root = document.documentElement;
  var darkQuery = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function effectiveTheme() {
    return root.getAttribute("data-theme") || (darkQuery && darkQuery.matches ? "dark" : "light");
  }
  function keepTheme(theme) {
    root.setAttribute("data-theme", theme);
    try { window.localStorage.setItem("theme", theme); } catch (e) { /* private mode: the cookie still holds it */ }
    document.cookie = "theme=" + theme + "; path=/; max-age=31536000; samesite=lax";
  }
  function showTheme() {
    var dark = effectiveTheme() === "dark";
    document.querySelectorAll("[data-theme-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", dark ? "true" : "false");
      button.value = dark ? "light" : "dark";
    });
    var meta = document.querySelector('meta[name="color-scheme"]');
    if (meta && root.getAttribute("data-theme")) meta.setAttribute("content", root.getAttribute("data-theme"));
  }
  try {
    var stored = window.localStorage.getItem("theme");
    if ((stored === "light" || stored === "dark") && !root.getAttribute("data-theme")) keepTheme(stored);
  } catch (e) { /* no storage: the cookie alone decides */ }
  showTheme();
  if (darkQuery && darkQuery.addEventListener) darkQuery.addEventListener("change", showTheme);
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-theme-toggle]");
    if (!button) return;
    event.preventDefault();
    keepTheme(effectiveTheme() === "dark" ? "light" : "dark");
    showTheme();
  });
  // "Copy link" buttons (hidden until this runs): copy the value of the field they name.
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var field = document.getElementById(button.getAttribute("data-copy"));
      if (!field) return;
      navigator.clipboard.writeText(field.value).then(function () {
        button.textContent = "Copied";
        window.setTimeout(function () { button.textContent = "Copy link"; }, 2000);
      }, function () { field.select(); });
    });
  });
  if (!window.htmx) return;
  // htmx would add a <style> element for its indicators; the Content-Security-Policy refuses
  // inline styles, and no page here uses htmx indicators.
  window.htmx.config.includeIndicatorStyles = false;
  // Settle at once: with htmx's default 20 ms, a swapped-in form is not wired up yet (a quick
  // Enter posts it the plain way) and briefly wears the old form's classes. No transitions here.
  window.htmx.config.defaultSettleDelay = 0;
  // A whole page where a fragment was expected (the login page after the session expired, say):
  // show it as the page it is rather than inside a button.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (event.detail.shouldSwap && /<html[\s>]/i.test(xhr.responseText)) {
      event.detail.shouldSwap = false;
      window.location.assign(xhr.responseURL);
    }
  });
  // htmx does not swap error responses. A refused request changed nothing (an expired CSRF token,
  // a question withdrawn meanwhile): reload, so the page shows the current state.
  document.addEventListener("htmx:responseError", function () {
    window.location.reload();
  });
})();
