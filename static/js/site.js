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
