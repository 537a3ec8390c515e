// Run of show: a live countdown, and the page reloads itself when a block ends.
(function () {
  "use strict";
  var root = document.getElementById("show");
  var countdown = document.getElementById("countdown");
  if (!root || !countdown) { return; }
  var left = parseInt(root.getAttribute("data-seconds-left"), 10);
  if (isNaN(left) || left <= 0) { return; }  // nothing running: no countdown, no reload
  var started = Date.now();
  function tick() {
    var remaining = Math.max(0, left - Math.floor((Date.now() - started) / 1000));
    var minutes = Math.floor(remaining / 60);
    var seconds = remaining % 60;
    countdown.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    countdown.classList.toggle("ending", remaining <= 60);
    if (remaining === 0) { window.location.reload(); return; }
    window.setTimeout(tick, 1000);
  }
  tick();
}());
