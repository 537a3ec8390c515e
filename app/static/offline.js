// Exercise pages offline: every change is kept in this browser (localStorage) until the
// server has it. A reload or a closed tab loses nothing; when the connection returns the
// draft is saved; when the server has a newer version meanwhile (the 409 path), the page
// offers to restore the draft instead of applying it silently.
// Runs before exercise.js, so restored values are what its editors start from.
(function () {
  "use strict";
  var form = document.getElementById("work-form");
  if (!form || !form.getAttribute("data-autosave-url") || !window.localStorage) { return; }
  var key = "spilno-draft:" + form.getAttribute("data-autosave-url");
  var restoreKey = key + ":restore";
  var versionField = document.getElementById("version");
  var uk = document.documentElement.lang !== "en";
  var T = uk ? {
    offline: "Немає з’єднання: усе введене зберігається в цьому браузері й буде збережено, щойно з’єднання повернеться.",
    kept: "Не збережено на сервері: чернетка зберігається в цьому браузері.",
    restored: "Відновлено ваш незбережений текст із цього браузера; зберігаємо його.",
    newer: "У цьому браузері є ваша незбережена чернетка від %s, але на сервері вже новіша версія.",
    restore: "Відновити мою чернетку", discard: "Відкинути чернетку"
  } : {
    offline: "No connection: everything you type is kept in this browser and saved as soon as the connection returns.",
    kept: "Not saved on the server: the draft is kept in this browser.",
    restored: "Your unsaved text was restored from this browser; saving it now.",
    newer: "This browser holds your unsaved draft from %s, but the server has a newer version.",
    restore: "Restore my draft", discard: "Discard the draft"
  };

  function entries() {
    var out = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf_token" || el.name === "version" || el.disabled) { return; }
      if (el.type === "file" || el.type === "submit" || el.type === "button") { return; }
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) { return; }
      if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.selectedOptions, function (o) { out.push([el.name, o.value]); });
        return;
      }
      out.push([el.name, el.value]);
    });
    return out;
  }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
  function read() {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function write() {
    var draft = read();
    var base = draft && draft.pending ? draft.version : versionField.value;
    try {
      window.localStorage.setItem(key, JSON.stringify(
        {version: base, at: new Date().toISOString(), pending: true, fields: entries()}));
    } catch (e) { /* storage full or refused: the server save still runs */ }
  }
  function clear() { window.localStorage.removeItem(key); }

  // in the (sticky) save bar, so it is in sight while typing
  var note = document.createElement("span");
  note.id = "offline-note";
  note.className = "offline-note";
  note.setAttribute("role", "status");
  note.hidden = true;
  var bar = form.querySelector(".save-bar");
  (bar || form).appendChild(note);
  function tell(text) { note.textContent = text; note.hidden = !text; }

  function ensureRows(name) {
    var m = /^(.*)-(\d+)-([a-z0-9_]+)$/.exec(name);
    if (!m) { return; }
    var anyCell = form.querySelector("[name^='" + m[1] + "-0-']");
    var body = anyCell && anyCell.closest("tbody");
    if (!body) { return; }
    while (body.rows.length <= parseInt(m[2], 10)) {
      var copy = body.rows[body.rows.length - 1].cloneNode(true);
      var index = body.rows.length;
      copy.querySelectorAll("input, select, textarea").forEach(function (el) {
        el.name = el.name.replace(/-(\d+)-([a-z0-9_]+)$/, "-" + index + "-$2");
        el.id = el.name;
        if (el.tagName === "SELECT") { el.selectedIndex = 0; } else { el.value = ""; }
      });
      body.appendChild(copy);
    }
  }
  function apply(fields) {
    var values = {};
    fields.forEach(function (pair) {
      if (!form.elements[pair[0]]) { ensureRows(pair[0]); }
      (values[pair[0]] = values[pair[0]] || []).push(pair[1]);
    });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf_token" || el.name === "version" || el.type === "file") { return; }
      var wanted = values[el.name] || [];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = wanted.indexOf(el.value) >= 0;
      } else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = wanted.indexOf(o.value) >= 0; });
      } else if (wanted.length) {
        el.value = wanted.shift();
        values[el.name] = wanted;
      } else if (el.type !== "hidden") {
        el.value = "";
      }
    });
  }
  function saveSoon() {
    // exercise.js saves on "input"; it is ready once the page has loaded
    window.setTimeout(function () { form.dispatchEvent(new Event("input", {bubbles: true})); }, 0);
  }

  // --- on load: restore, or offer to -------------------------------------------------------
  var draft = read();
  var forced = window.sessionStorage && window.sessionStorage.getItem(restoreKey);
  if (forced && window.sessionStorage) { window.sessionStorage.removeItem(restoreKey); }
  if (draft && draft.pending && !same(draft.fields, entries())) {
    if (forced || String(draft.version) === String(versionField.value)) {
      apply(draft.fields);
      if (forced) {
        draft.version = versionField.value;  // a deliberate choice over the newer version
        window.localStorage.setItem(key, JSON.stringify(draft));
      }
      tell(T.restored);
      document.addEventListener("DOMContentLoaded", saveSoon);
      if (document.readyState !== "loading") { saveSoon(); }
    } else {
      var offer = document.createElement("div");
      offer.id = "draft-offer";
      offer.className = "alert alert-error";
      offer.setAttribute("role", "alert");
      var text = document.createElement("p");
      text.textContent = T.newer.replace("%s", new Date(draft.at).toLocaleString(uk ? "uk" : "en"));
      var restore = document.createElement("button");
      restore.type = "button";
      restore.id = "restore-draft";
      restore.textContent = T.restore;
      restore.addEventListener("click", function () {
        window.sessionStorage.setItem(restoreKey, "1");
        window.location.reload();
      });
      var discard = document.createElement("button");
      discard.type = "button";
      discard.className = "secondary";
      discard.textContent = T.discard;
      discard.addEventListener("click", function () { clear(); offer.remove(); });
      offer.appendChild(text);
      offer.appendChild(restore);
      offer.appendChild(document.createTextNode(" "));
      offer.appendChild(discard);
      form.parentNode.insertBefore(offer, form);
    }
  } else if (draft && !draft.pending) {
    clear();
  }

  // --- while typing ------------------------------------------------------------------------
  form.addEventListener("input", write, true);
  form.addEventListener("change", write, true);
  form.addEventListener("submit", write, true);  // a plain submit that fails keeps the draft too

  // what exercise.js sends: when the server has exactly the draft, the draft is done
  var url = form.getAttribute("data-autosave-url");
  var realFetch = window.fetch;
  window.fetch = function (resource, init) {
    var answer = realFetch.apply(this, arguments);
    if (String(resource) === url && init && init.body instanceof FormData) {
      var sent = [];
      init.body.forEach(function (value, name) {
        if (name !== "csrf_token" && name !== "version" && typeof value === "string") { sent.push([name, value]); }
      });
      answer.then(function (response) {
        if (response.status !== 200) { return; }
        response.clone().json().then(function (body) {
          var current = read();
          if (current && same(current.fields, sent)) { clear(); tell(""); }
          else if (current) {  // typed on since: the rest builds on the saved version
            current.version = body.version;
            window.localStorage.setItem(key, JSON.stringify(current));
          }
        });
      }, function () { tell(navigator.onLine ? T.kept : T.offline); });
    }
    return answer;
  };

  var status = document.getElementById("save-status");
  if (status) {
    new MutationObserver(function () {
      if (read() && /Не збережено|Not saved/.test(status.textContent)) {
        tell(navigator.onLine ? T.kept : T.offline);
      }
    }).observe(status, {childList: true, characterData: true, subtree: true});
  }
  window.addEventListener("offline", function () { tell(T.offline); });
  window.addEventListener("online", function () {
    if (read()) { tell(T.kept); saveSoon(); } else { tell(""); }
  });
  if (!navigator.onLine) { tell(T.offline); }
}());
