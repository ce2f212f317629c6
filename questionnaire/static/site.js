// Optional enhancements; every page works without this file.
(function () {
  "use strict";
  var exit = document.querySelector("a.exit");

  function leave(event) {
    if (event) event.preventDefault();
    // Clear this page before leaving, and replace its history entry so Back does not return to it.
    document.body.innerHTML = "";
    document.title = "";
    window.location.replace(exit.href);
  }

  if (exit) {
    exit.addEventListener("click", leave);
    // Pressing Shift three times within a second leaves too.
    var presses = 0;
    var timer = null;
    document.addEventListener("keyup", function (event) {
      if (event.key !== "Shift") return;
      presses += 1;
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { presses = 0; }, 1000);
      if (presses >= 3) leave();
    });
  }

  // A page brought back from the browser's memory after leaving must be asked for again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) window.location.reload();
  });

  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
})();
