// The action plan's live checks: while a commitment is typed, the form (unsaved) is posted
// to the server, which answers the rule panel and SMART report as HTML. Without JavaScript
// the same panel is shown after each save.
(function () {
  "use strict";
  var form = document.getElementById("commitment-form");
  var panel = document.getElementById("live-checks");
  if (!form || !panel || !form.dataset.checkUrl || !window.fetch) return;
  var timer = null;
  var sent = 0;
  function check() {
    var mine = ++sent;
    fetch(form.dataset.checkUrl, {method: "POST", body: new FormData(form), credentials: "same-origin",
                                  headers: {"X-Requested-With": "fetch"}})
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null && mine === sent) {
          var fresh = new DOMParser().parseFromString(html, "text/html").body;
          panel.replaceChildren.apply(panel, Array.prototype.slice.call(fresh.childNodes));
          panel.dataset.checked = String(mine);
        }
      })
      .catch(function () { /* offline: the panel updates at the next save */ });
  }
  function later() {
    clearTimeout(timer);
    timer = setTimeout(check, 700);
  }
  form.addEventListener("input", later);
  form.addEventListener("change", later);
})();
