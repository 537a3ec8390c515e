// Stakeholder map: drag each stakeholder of the table onto a power/interest grid.
// Dropping a token on a cell writes that cell's power and interest (1-5) into the row's
// number fields and fires an input event, so the page's normal autosave runs. Without
// JavaScript the number fields in the table do the same job. Only SVG attributes and CSSOM
// properties are set here: the Content-Security-Policy forbids inline style attributes.
(function () {
  "use strict";
  var form = document.getElementById("work-form");
  var table = form && form.querySelector('table.edit-table[data-table="stakeholders"]');
  if (!table) { return; }
  var field = table.closest(".field");
  var NS = "http://www.w3.org/2000/svg";
  var uk = document.documentElement.lang === "uk";
  var T = uk ? {
    title: "Карта впливу та інтересу", power: "Вплив", interest: "Інтерес",
    manage_closely: "Тісно співпрацювати", keep_satisfied: "Підтримувати задоволеність",
    keep_informed: "Тримати в курсі", monitor: "Спостерігати",
    tray: "Ще не розміщено: перетягніть на сітку", empty: "Впишіть назви в таблицю нижче, щоб вони з'явилися тут.",
    help: "Перетягніть кожну зацікавлену сторону на клітинку сітки (або виберіть її клавішею Tab і рухайте стрілками). Стовпці «Вплив» та «Інтерес» у таблиці зміняться разом з нею.",
    token: "{name}: вплив {power}, інтерес {interest}. Стрілки змінюють вплив і інтерес.",
    unset: "не вказано", noname: "(без назви)"
  } : {
    title: "Power and interest grid", power: "Power", interest: "Interest",
    manage_closely: "Manage closely", keep_satisfied: "Keep satisfied",
    keep_informed: "Keep informed", monitor: "Monitor",
    tray: "Not placed yet: drag onto the grid", empty: "Write names in the table below to see them here.",
    help: "Drag each stakeholder onto a cell of the grid (or select it with Tab and move it with the arrow keys). The Power and Interest columns of the table change with it.",
    token: "{name}: power {power}, interest {interest}. Arrow keys change power and interest.",
    unset: "not set", noname: "(no name)"
  };
  var COLOURS = {government: "#0057b7", civil_society: "#1f8a70", "private": "#d9622b",
                 academia: "#6a4c93", media: "#c0392b", other: "#7a8699"};
  var FILLS = {manage_closely: "#fde2e1", keep_satisfied: "#fff1c9", keep_informed: "#dcecfb", monitor: "#eceff2"};
  var HIGH_FROM = 3, CELL_W = 112, CELL_H = 72, STRIP_H = 22, LEFT = 44, TOP = 8, R = 9;
  var GRID_W = 5 * CELL_W, GRID_H = 5 * CELL_H + 2 * STRIP_H;
  var TRAY_TOP = TOP + GRID_H + 40, TRAY_SLOT = 100, TRAY_ROW = 44;

  function el(name, attrs, text) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function cellX(interest) { return LEFT + (interest - 1) * CELL_W; }
  function cellY(power) {
    if (power >= HIGH_FROM) { return TOP + STRIP_H + (5 - power) * CELL_H; }
    return TOP + 2 * STRIP_H + (6 - HIGH_FROM) * CELL_H + (HIGH_FROM - 1 - power) * CELL_H;
  }
  function quadrant(power, interest) {
    if (power >= HIGH_FROM) { return interest >= HIGH_FROM ? "manage_closely" : "keep_satisfied"; }
    return interest >= HIGH_FROM ? "keep_informed" : "monitor";
  }
  function score(value) {
    var n = parseFloat(String(value || "").replace(",", "."));
    if (isNaN(n)) { return null; }
    return Math.min(5, Math.max(1, Math.floor(n + 0.5)));
  }
  function short(text, n) { return text.length > n ? text.slice(0, n - 1) + "\u2026" : text; }

  // --- the table rows as stakeholders ------------------------------------------------------
  function input(row, column) {
    return form.querySelector('[name="f-stakeholders-' + row + '-' + column + '"]');
  }
  function stakeholders() {
    var found = [];
    form.querySelectorAll('[name^="f-stakeholders-"][name$="-name"]').forEach(function (nameInput) {
      var match = /^f-stakeholders-(\d+)-name$/.exec(nameInput.name);
      if (!match) { return; }
      var row = match[1];
      var org = input(row, "organisation");
      var name = nameInput.value.trim() || (org ? org.value.trim() : "");
      if (!name) { return; }
      var type = input(row, "type");
      found.push({row: row, name: name, type: type ? type.value : "",
                  power: score(input(row, "power") && input(row, "power").value),
                  interest: score(input(row, "interest") && input(row, "interest").value)});
    });
    return found;
  }

  function place(item, power, interest) {
    var p = input(item.row, "power"), i = input(item.row, "interest");
    if (!p || !i) { return; }
    p.value = String(power);
    i.value = String(interest);
    // the page's autosave listens for input events on the form
    placing = true;
    try {
      p.dispatchEvent(new Event("input", {bubbles: true}));
      i.dispatchEvent(new Event("input", {bubbles: true}));
    } finally {
      placing = false;
    }
  }

  // --- drawing -----------------------------------------------------------------------------
  var box = document.createElement("div");
  box.className = "stakeholder-grid";
  var help = document.createElement("p");
  help.className = "help";
  help.id = "stakeholder-grid-help";
  help.textContent = T.help;
  var svg = el("svg", {id: "stakeholder-grid", role: "group", "aria-label": T.title,
                       "aria-describedby": "stakeholder-grid-help"});
  svg.style.maxWidth = "100%";
  svg.style.height = "auto";
  box.appendChild(help);
  box.appendChild(svg);
  field.parentNode.insertBefore(box, field);

  var focusRow = null;
  var placing = false;

  function render() {
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var items = stakeholders();
    var unplaced = items.filter(function (s) { return s.power === null || s.interest === null; });
    var trayCols = Math.max(1, Math.floor(GRID_W / TRAY_SLOT));
    var trayRows = Math.max(1, Math.ceil(unplaced.length / trayCols));
    var width = LEFT + GRID_W + 12, height = TRAY_TOP + 20 + trayRows * TRAY_ROW + 8;
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("width", width);
    svg.setAttribute("height", height);

    // quadrants, cells, axes
    [["keep_satisfied", 1, 5], ["manage_closely", HIGH_FROM, 5], ["monitor", 1, HIGH_FROM - 1],
     ["keep_informed", HIGH_FROM, HIGH_FROM - 1]].forEach(function (q) {
      var key = q[0], high = q[2] >= HIGH_FROM;
      var x0 = cellX(q[1]), x1 = q[1] === 1 ? cellX(HIGH_FROM) : LEFT + GRID_W;
      var y0 = high ? TOP : cellY(HIGH_FROM - 1) - STRIP_H;
      var y1 = high ? cellY(HIGH_FROM) + CELL_H : TOP + GRID_H;
      svg.appendChild(el("rect", {x: x0, y: y0, width: x1 - x0, height: y1 - y0, fill: FILLS[key],
                                  stroke: "#6b6b6b", "stroke-width": 1.5, "class": "quadrant"}));
      svg.appendChild(el("text", {x: (x0 + x1) / 2, y: y0 + STRIP_H - 7, "text-anchor": "middle",
                                  "font-size": 12, "font-weight": "bold", fill: "#1a1a1a"}, T[key]));
    });
    for (var power = 1; power <= 5; power++) {
      for (var interest = 1; interest <= 5; interest++) {
        svg.appendChild(el("rect", {"class": "cell", "data-power": power, "data-interest": interest,
                                    x: cellX(interest), y: cellY(power), width: CELL_W, height: CELL_H,
                                    fill: "transparent", stroke: "#c9ced4", "stroke-width": 1}));
      }
      svg.appendChild(el("text", {x: LEFT - 6, y: cellY(power) + CELL_H / 2 + 4, "text-anchor": "end",
                                  "font-size": 11, fill: "#555555"}, String(power)));
      svg.appendChild(el("text", {x: cellX(power) + CELL_W / 2, y: TOP + GRID_H + 14, "text-anchor": "middle",
                                  "font-size": 11, fill: "#555555"}, String(power)));
    }
    var midY = TOP + GRID_H / 2;
    svg.appendChild(el("text", {x: 16, y: midY, "text-anchor": "middle", "font-size": 12, "font-weight": "bold",
                                fill: "#1a1a1a", transform: "rotate(-90 16 " + midY + ")"}, T.power + " \u2192"));
    svg.appendChild(el("text", {x: LEFT + GRID_W / 2, y: TOP + GRID_H + 30, "text-anchor": "middle",
                                "font-size": 12, "font-weight": "bold", fill: "#1a1a1a"}, T.interest + " \u2192"));
    svg.appendChild(el("text", {x: LEFT, y: TRAY_TOP + 4, "font-size": 11, fill: "#555555"},
                       items.length ? T.tray : T.empty));

    // tokens: several in one cell share it in a small grid
    var cells = {};
    items.forEach(function (s) {
      if (s.power === null || s.interest === null) { return; }
      var key = s.power + "-" + s.interest;
      (cells[key] = cells[key] || []).push(s);
    });
    Object.keys(cells).forEach(function (key) {
      var group = cells[key];
      var cols = Math.ceil(Math.sqrt(group.length)), rows = Math.ceil(group.length / cols);
      var slotW = CELL_W / cols, slotH = CELL_H / rows;
      group.forEach(function (s, index) {
        var cx = cellX(s.interest) + (index % cols + 0.5) * slotW;
        var cy = cellY(s.power) + Math.floor(index / cols) * slotH + Math.min(R + 4, slotH / 2);
        token(s, cx, cy, Math.max(3, Math.min(R, slotW / 2 - 2, slotH / 2 - 2)),
              slotH >= 2 * R + 18 ? Math.floor(slotW / 6.5) : 0);
      });
    });
    unplaced.forEach(function (s, index) {
      token(s, LEFT + (index % trayCols + 0.5) * TRAY_SLOT,
            TRAY_TOP + 24 + Math.floor(index / trayCols) * TRAY_ROW, R, 15);
    });
    if (focusRow !== null) {
      var again = svg.querySelector('.token[data-row="' + focusRow + '"]');
      if (again) { again.focus(); }
    }
  }

  function token(s, cx, cy, r, chars) {
    var label = T.token.replace("{name}", s.name)
      .replace("{power}", s.power === null ? T.unset : s.power)
      .replace("{interest}", s.interest === null ? T.unset : s.interest);
    var g = el("g", {"class": "token", "data-row": s.row, tabindex: "0", role: "button",
                     "aria-label": label, cursor: "grab"});
    g.style.touchAction = "none";
    g.appendChild(el("title", {}, label));
    g.appendChild(el("circle", {cx: cx, cy: cy, r: r, fill: COLOURS[s.type] || "#4a4a4a",
                                stroke: "#ffffff", "stroke-width": 1.5}));
    if (chars > 0) {
      g.appendChild(el("text", {x: cx, y: cy + r + 11, "text-anchor": "middle", "font-size": 10,
                                fill: "#1a1a1a"}, short(s.name, Math.max(4, chars))));
    }
    g.addEventListener("pointerdown", function (event) { startDrag(event, g, s); });
    g.addEventListener("keydown", function (event) { nudge(event, s); });
    svg.appendChild(g);
  }

  // --- dragging ------------------------------------------------------------------------------
  var drag = null;

  function point(event) {
    var matrix = svg.getScreenCTM();
    if (!matrix) { return null; }
    var p = svg.createSVGPoint();
    p.x = event.clientX;
    p.y = event.clientY;
    return p.matrixTransform(matrix.inverse());
  }

  function cellAt(p) {
    if (!p || p.x < LEFT || p.x >= LEFT + GRID_W) { return null; }
    var interest = Math.floor((p.x - LEFT) / CELL_W) + 1;
    for (var power = 1; power <= 5; power++) {
      var top = cellY(power);
      if (p.y >= top && p.y < top + CELL_H) { return {power: power, interest: interest}; }
    }
    return null;
  }

  function startDrag(event, g, s) {
    if (event.button !== undefined && event.button !== 0) { return; }
    event.preventDefault();
    var start = point(event);
    if (!start) { return; }
    drag = {g: g, s: s, start: start, pointer: event.pointerId};
    svg.appendChild(g);  // on top of the others while it moves
    g.setAttribute("cursor", "grabbing");
    try { svg.setPointerCapture(event.pointerId); } catch (e) { /* pointer already gone */ }
  }

  svg.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var p = point(event);
    if (p) { drag.g.setAttribute("transform", "translate(" + (p.x - drag.start.x) + " " + (p.y - drag.start.y) + ")"); }
  });

  function endDrag(event, cancelled) {
    if (!drag) { return; }
    var current = drag;
    drag = null;
    try { svg.releasePointerCapture(current.pointer); } catch (e) { /* already released */ }
    var cell = cancelled ? null : cellAt(point(event));
    if (cell) {
      focusRow = null;
      place(current.s, cell.power, cell.interest);
    }
    render();
  }

  svg.addEventListener("pointerup", function (event) { endDrag(event, false); });
  svg.addEventListener("pointercancel", function (event) { endDrag(event, true); });

  function nudge(event, s) {
    var moves = {ArrowUp: [1, 0], ArrowDown: [-1, 0], ArrowRight: [0, 1], ArrowLeft: [0, -1]};
    var move = moves[event.key];
    if (!move) { return; }
    event.preventDefault();
    var power = s.power === null ? 3 : Math.min(5, Math.max(1, s.power + move[0]));
    var interest = s.interest === null ? 3 : Math.min(5, Math.max(1, s.interest + move[1]));
    focusRow = s.row;
    place(s, power, interest);
    render();
  }

  // typing in the table (or a new row) redraws the grid
  function redraw() {
    if (drag || placing) { return; }
    focusRow = null;
    render();
  }
  table.addEventListener("input", redraw);
  table.addEventListener("change", redraw);
  render();
}());
