// People page: hromada suggestions as you type, and copy buttons for invitation links.
(function () {
  "use strict";
  var input = document.getElementById("hromada");
  var list = document.getElementById("hromada-list");
  if (input && list) {
    var url = list.getAttribute("data-suggest-url");
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      var typed = input.value.trim();
      if (typed.length < 2 || typed === asked) { return; }
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        asked = typed;
        fetch(url + "?q=" + encodeURIComponent(typed), {credentials: "same-origin"})
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (found) {
            if (input.value.trim() !== typed) { return; }
            while (list.firstChild) { list.removeChild(list.firstChild); }
            found.forEach(function (m) {
              var option = document.createElement("option");
              option.value = m.label;
              list.appendChild(option);
            });
          })
          .catch(function () { /* offline: the typed name is checked on saving */ });
      }, 200);
    });
  }
  var copyLabel = document.documentElement.lang === "en" ? "Copy" : "Копіювати";
  var copiedLabel = document.documentElement.lang === "en" ? "Copied" : "Скопійовано";
  Array.prototype.forEach.call(document.querySelectorAll("input.copy-source"), function (source) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary small";
    button.textContent = copyLabel;
    button.addEventListener("click", function () {
      source.select();
      var done = function () { button.textContent = copiedLabel; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(source.value).then(done, function () {
          document.execCommand("copy"); done();
        });
      } else { document.execCommand("copy"); done(); }
    });
    source.insertAdjacentElement("afterend", button);
  });
}());
