// Optional enhancements; every page works without this file.
(function () {
  "use strict";
  var exit = document.querySelector("a.exit");

  // Delete what the service worker kept ("Keep on this phone") and the worker itself. The /exit
  // response asks the browser for the same (Clear-Site-Data); this also works with no signal.
  // Waits half a second at most.
  function forget() {
    var work = [];
    if (window.caches) {
      work.push(caches.keys().then(function (names) {
        return Promise.all(names.map(function (name) { return caches.delete(name); }));
      }));
    }
    if (navigator.serviceWorker) {
      work.push(navigator.serviceWorker.getRegistrations().then(function (registrations) {
        return Promise.all(registrations.map(function (r) { return r.unregister(); }));
      }));
    }
    return Promise.race([
      Promise.all(work),
      new Promise(function (resolve) { window.setTimeout(resolve, 500); })
    ]);
  }

  function leave(event) {
    if (event) event.preventDefault();
    // Clear this page before leaving, and replace its history entry so Back does not return to it.
    document.body.innerHTML = "";
    document.title = "";
    function go() { window.location.replace(exit.href); }
    if (window.Promise) forget().then(go, go); else go();
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

  // "Keep on this phone": only with a service worker; the worker fetches the pages and answers.
  var keep = document.getElementById("keep");
  if (keep && navigator.serviceWorker && window.caches && window.MessageChannel) {
    var status = keep.querySelector("[role=status]");
    var say = function (name) { return function () { status.textContent = keep.getAttribute(name); }; };
    keep.hidden = false;
    keep.querySelector("button").addEventListener("click", function () {
      status.textContent = "";
      navigator.serviceWorker
        .register(keep.getAttribute("data-worker"), { scope: keep.getAttribute("data-scope") })
        .then(function () { return navigator.serviceWorker.ready; })
        .then(function (registration) {
          return new Promise(function (resolve, reject) {
            var channel = new MessageChannel();
            channel.port1.onmessage = function (event) { (event.data === "kept" ? resolve : reject)(); };
            registration.active.postMessage({ keep: document.documentElement.lang }, [channel.port2]);
          });
        })
        .then(say("data-kept"), say("data-failed"));
    });
  }

  // A page brought back from the browser's memory after leaving must be asked for again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) window.location.reload();
  });

  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
})();
