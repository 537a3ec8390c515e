// Exercise pages: autosave, a tree editor for problem trees, and "add row" for tables.
// Everything here enhances a plain form that also works without JavaScript.
(function () {
  "use strict";
  var form = document.getElementById("work-form");
  if (!form || !form.getAttribute("data-autosave-url")) { return; }
  var url = form.getAttribute("data-autosave-url");
  var status = document.getElementById("save-status");
  var versionField = document.getElementById("version");
  var csrf = form.querySelector("input[name=csrf_token]").value;
  var lang = document.documentElement.lang;
  var T = lang === "uk" ? {
    saving: "Зберігаємо…", saved: "Збережено о ", failed: "Не збережено, спробуємо ще раз",
    invalid: "Перевірте позначені поля", why: "Чому? (додати причину)", sibling: "Додати поруч",
    remove: "Видалити", addTop: "Додати на перший рівень", row: "Додати рядок", box: "Текст блоку"
  } : {
    saving: "Saving…", saved: "Saved at ", failed: "Not saved, will retry", invalid: "Check the marked fields",
    why: "Why? (add a cause)", sibling: "Add alongside", remove: "Remove", addTop: "Add at the top level",
    row: "Add a row", box: "Box text"
  };
  var timer = null;
  var dirty = false;
  var saving = false;
  var stopped = false;
  var DELAY = 2500;

  function say(text) { if (status) { status.textContent = text; } }

  function schedule() {
    if (stopped) { return; }
    dirty = true;
    window.clearTimeout(timer);
    timer = window.setTimeout(save, DELAY);
  }

  function showErrors(errors) {
    form.querySelectorAll("[data-error-for]").forEach(function (el) {
      var message = errors[el.getAttribute("data-error-for")];
      el.textContent = message || "";
      el.hidden = !message;
    });
  }

  function refreshPictures(version) {
    ["tree-diagram", "gantt-diagram", "stakeholder-diagram", "ranking-diagram"].forEach(function (id) {
      var img = document.getElementById(id);
      if (img) { img.src = img.src.replace(/([?&]v=)\d+/, "$1" + version); }
    });
  }

  function renderRanking(ranking) {
    var list = document.getElementById("ranking-list");
    if (!list || !ranking) { return; }
    list.textContent = "";
    if (!ranking.length) {
      var none = document.createElement("li");
      none.textContent = "—";
      list.appendChild(none);
    }
    ranking.forEach(function (r) {
      var li = document.createElement("li");
      li.value = r.rank;
      li.appendChild(document.createTextNode((r.problem || "—") + " · "));
      var strong = document.createElement("strong");
      strong.textContent = r.total;
      li.appendChild(strong);
      list.appendChild(li);
    });
  }

  function renderChecks(checks) {
    var box = document.getElementById("checks");
    if (!box || !checks) { return; }
    box.textContent = "";
    checks.forEach(function (check) {
      var section = document.createElement("section");
      section.className = "check-panel";
      var h = document.createElement("h2");
      h.textContent = check.title + (check.score !== null ? " · " + check.score + "/100" : "");
      section.appendChild(h);
      if (check.score !== null) {
        var bar = document.createElement("progress");
        bar.max = 100; bar.value = check.score;
        section.appendChild(bar);
      }
      var list = document.createElement("ul");
      check.findings.forEach(function (f) {
        var li = document.createElement("li");
        li.className = "finding-" + f.level;
        li.textContent = f.message;
        list.appendChild(li);
      });
      section.appendChild(list);
      box.appendChild(section);
    });
  }

  function conflict(body) {
    stopped = true;
    var banner = document.getElementById("conflict");
    document.getElementById("conflict-message").textContent = body.message;
    banner.hidden = false;
    banner.scrollIntoView({block: "center"});
    say("");
  }

  function save(keepalive) {
    window.clearTimeout(timer);
    if (!dirty || stopped) { return; }
    if (saving) { timer = window.setTimeout(save, 500); return; }
    saving = true;
    dirty = false;
    say(T.saving);
    fetch(url, {
      method: "POST", body: new FormData(form), credentials: "same-origin", keepalive: !!keepalive,
      headers: {"X-CSRFToken": csrf, "Accept": "application/json"}
    }).then(function (response) {
      return response.json().then(function (body) { return {status: response.status, body: body}; });
    }).then(function (result) {
      saving = false;
      if (result.status === 200) {
        versionField.value = result.body.version;
        var label = document.getElementById("version-label");
        if (label) { label.textContent = result.body.version; }
        showErrors({});
        renderChecks(result.body.checks);
        refreshPictures(result.body.version);
        renderRanking(result.body.ranking);
        say(T.saved + new Date().toLocaleTimeString(lang, {hour: "2-digit", minute: "2-digit", second: "2-digit"}));
        form.setAttribute("data-saved-version", result.body.version);
      } else if (result.status === 409) {
        conflict(result.body);
      } else if (result.status === 422) {
        showErrors(result.body.errors || {});
        say(T.invalid);
      } else {
        dirty = true;
        say(T.failed);
        timer = window.setTimeout(save, DELAY * 2);
      }
    }).catch(function () {
      saving = false;
      dirty = true;
      say(T.failed);
      timer = window.setTimeout(save, DELAY * 2);
    });
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  form.addEventListener("submit", function () { stopped = true; window.clearTimeout(timer); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { save(true); }
  });
  window.addEventListener("pagehide", function () { save(true); });
  var showMine = document.getElementById("show-mine");
  if (showMine) {
    showMine.addEventListener("click", function () { document.getElementById("conflict").hidden = true; });
  }

  // --- tree editor: nested boxes with "why?" buttons, mirrored into the indented textarea ---
  function treeEditor(textarea) {
    var maxDepth = parseInt(textarea.getAttribute("data-depth"), 10) || 3;
    var root = document.createElement("div");
    root.className = "tree-editor";
    var list = document.createElement("ul");
    root.appendChild(list);

    function parse(text) {
      var nodes = [], stack = [{level: -1, children: nodes}];
      text.split("\n").forEach(function (raw) {
        if (!raw.trim()) { return; }
        var expanded = raw.replace(/\t/g, "  ");
        var level = Math.floor((expanded.length - expanded.replace(/^ +/, "").length) / 2);
        var label = expanded.trim().replace(/^[-*] /, "");
        while (stack.length && stack[stack.length - 1].level >= level) { stack.pop(); }
        var node = {text: label, children: []};
        stack[stack.length - 1].children.push(node);
        stack.push({level: level, children: node.children});
      });
      return nodes;
    }

    function serialise(ul, depth) {
      var lines = [];
      Array.prototype.forEach.call(ul.children, function (li) {
        var box = li.querySelector(":scope > .tree-row > textarea");
        lines.push(new Array(depth + 1).join("  ") + box.value.replace(/\s*\n\s*/g, " "));
        var sub = li.querySelector(":scope > ul");
        if (sub) { lines = lines.concat(serialise(sub, depth + 1)); }
      });
      return lines;
    }

    // The field's own textarea is what the form sends; an "input" event on it (after it holds
    // the new text) lets every listener see the tree as it now is: the autosave here and the
    // offline draft (offline.js), which records on "input" in the capture phase, i.e. before a
    // box's own handler has run. Without this the draft kept the tree one keystroke (or one
    // added row) behind and a reload restored that older tree over the saved one.
    function sync() {
      textarea.value = serialise(list, 0).join("\n");
      textarea.dispatchEvent(new Event("input", {bubbles: true}));
    }

    // a box grows with its text, so the whole sentence is always in sight
    function grow(box) {
      if (!box.offsetParent) { return; }
      box.style.height = "auto";
      box.style.height = box.scrollHeight + 2 + "px";
    }

    function button(label, action) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "secondary small";
      b.textContent = label;
      b.addEventListener("click", action);
      return b;
    }

    function nodeItem(node, depth) {
      var li = document.createElement("li");
      var row = document.createElement("div");
      row.className = "tree-row";
      var input = document.createElement("textarea");
      input.rows = 1;
      input.className = "tree-box";
      input.value = node.text;
      input.maxLength = 300;
      input.setAttribute("aria-label", T.box + " (" + (depth + 1) + ")");
      input.addEventListener("input", function (event) { event.stopPropagation(); grow(input); sync(); });
      input.addEventListener("keydown", function (event) {  // one box is one line of the tree
        if (event.key === "Enter") { event.preventDefault(); }
      });
      row.appendChild(input);
      window.requestAnimationFrame(function () { grow(input); });
      if (depth + 1 < maxDepth) {
        row.appendChild(button(T.why, function () {
          var sub = li.querySelector(":scope > ul");
          if (!sub) { sub = document.createElement("ul"); li.appendChild(sub); }
          var child = nodeItem({text: "", children: []}, depth + 1);
          sub.appendChild(child);
          child.querySelector("textarea").focus();
          sync();
        }));
      }
      row.appendChild(button(T.sibling, function () {
        var sibling = nodeItem({text: "", children: []}, depth);
        li.parentNode.insertBefore(sibling, li.nextSibling);
        sibling.querySelector("textarea").focus();
        sync();
      }));
      row.appendChild(button(T.remove, function () { li.remove(); sync(); }));
      li.appendChild(row);
      if (node.children.length) {
        var ul = document.createElement("ul");
        node.children.forEach(function (child) { ul.appendChild(nodeItem(child, depth + 1)); });
        li.appendChild(ul);
      }
      return li;
    }

    parse(textarea.value).forEach(function (node) { list.appendChild(nodeItem(node, 0)); });
    root.appendChild(button(T.addTop, function () {
      var item = nodeItem({text: "", children: []}, 0);
      list.appendChild(item);
      item.querySelector("textarea").focus();
      sync();
    }));
    textarea.hidden = true;
    var help = textarea.parentNode.querySelector(".tree-help");
    if (help) { help.hidden = true; }
    textarea.parentNode.insertBefore(root, textarea);
  }

  form.querySelectorAll("textarea.tree-text").forEach(treeEditor);

  // --- one-line answers in wrapping boxes: Enter does not add a line; the box fits its text ---
  form.querySelectorAll("textarea.sentence").forEach(function (box) {
    function fit() {
      if (!box.offsetParent) { return; }  // not laid out (hidden): keep the CSS height
      box.style.height = "auto";
      box.style.height = box.scrollHeight + 2 + "px";
    }
    box.addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); } });
    box.addEventListener("input", fit);
    fit();
  });

  // --- tables: add a row without saving first ---
  form.querySelectorAll("table.edit-table").forEach(function (table) {
    var body = table.tBodies[0];
    var add = document.createElement("button");
    add.type = "button";
    add.className = "secondary small";
    add.textContent = T.row;
    add.addEventListener("click", function () {
      var last = body.rows[body.rows.length - 1];
      var copy = last.cloneNode(true);
      var index = body.rows.length;
      copy.querySelectorAll("input, select, textarea").forEach(function (el) {
        el.name = el.name.replace(/-(\d+)-([a-z0-9_]+)$/, "-" + index + "-$2");
        el.id = el.name;
        if (el.tagName === "SELECT") { el.selectedIndex = 0; } else { el.value = ""; }
      });
      body.appendChild(copy);
    });
    table.parentNode.parentNode.appendChild(add);
  });
}());
