// Projector view: a live countdown (reloads when the block ends), keyboard controls and
// full screen. Without JavaScript the page refreshes itself (meta refresh) and the buttons work.
(function () {
  "use strict";
  var root = document.getElementById("projector");
  if (!root) { return; }
  var countdown = document.getElementById("countdown");
  var left = parseInt(root.getAttribute("data-seconds-left"), 10);
  if (countdown && !isNaN(left) && left > 0) {
    var started = Date.now();
    var tick = function () {
      var remaining = Math.max(0, left - Math.floor((Date.now() - started) / 1000));
      var minutes = Math.floor(remaining / 60);
      var seconds = remaining % 60;
      countdown.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      countdown.classList.toggle("ending", remaining <= 60);
      if (remaining === 0) { window.location.reload(); return; }
      window.setTimeout(tick, 1000);
    };
    tick();
  }
  var full = document.getElementById("pj-full");
  function toggleFull() {
    if (!document.fullscreenElement && document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(function () {});
    } else if (document.exitFullscreen && document.fullscreenElement) {
      document.exitFullscreen();
    }
  }
  if (full && document.documentElement.requestFullscreen) {
    full.hidden = false;
    full.addEventListener("click", toggleFull);
  }
  function press(id) {
    var button = document.getElementById(id);
    if (button) { button.click(); }
  }
  document.addEventListener("keydown", function (event) {
    var tag = (event.target && event.target.tagName) || "";
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    var key = event.key;
    if (key === "ArrowRight" || key === "PageDown" || key === "n" || key === "N") { press("pj-next"); }
    else if (key === "+" || key === "=") { press("pj-plus"); }
    else if (key === "-" || key === "_") { press("pj-minus"); }
    else if (key === "p" || key === "P" || key === "п" || key === "П") { press("pj-pause"); }
    else if (key === "f" || key === "F" || key === "а" || key === "А") { toggleFull(); }
    else { return; }
    event.preventDefault();
  });
}());
