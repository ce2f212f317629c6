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

  // Read aloud with the phone's own voices (speech synthesis on the device: no network, no third
  // party). A <template data-speak="<language>"> holds the button; it is shown only when a voice
  // for that language is on the device, so without JavaScript or a voice there is no button.
  var synth = window.speechSynthesis;
  var places = document.querySelectorAll("template[data-speak]");
  if (!synth || !window.SpeechSynthesisUtterance || !places.length) return;

  // Our language codes are the first part of a BCP 47 tag; some voices name a language otherwise.
  var ALSO = { tl: ["fil"], zh: ["cmn"] };

  function voiceFor(code) {
    var wanted = [code].concat(ALSO[code] || []);
    var best = null;
    synth.getVoices().forEach(function (voice) {
      var tag = (voice.lang || "").toLowerCase().replace("_", "-");
      if (!voice.localService || wanted.indexOf(tag.split("-")[0]) < 0) return;
      if (!best || (code === "en" && tag === "en-us" && best.lang.toLowerCase() !== "en-us")) best = voice;
    });
    return best;
  }

  function texts(place) {
    // The words to read: each element the template names, without parts in another language.
    var code = place.getAttribute("data-speak");
    var read = place.getAttribute("data-read");
    var skip = place.getAttribute("data-skip") || "details";
    var found = [];
    document.querySelectorAll(read).forEach(function (element) {
      // Skip what is not for reading, and a part already read with the element around it.
      if (element.closest(skip) || (element.parentElement && element.parentElement.closest(read))) return;
      var copy = element.cloneNode(true);
      copy.querySelectorAll("[lang], .visually-hidden, .say-label").forEach(function (part) {
        if (part.getAttribute("lang") !== code) part.remove();
      });
      var text = copy.textContent.replace(/\s+/g, " ").trim();
      if (text) found.push(text);
    });
    return found;
  }

  function offer() {
    places.forEach(function (place) {
      if (place.getAttribute("data-offered")) return;
      var voice = voiceFor(place.getAttribute("data-speak"));
      if (!voice) return;
      place.setAttribute("data-offered", "1");
      var button = place.content.firstElementChild.cloneNode(true);
      place.parentNode.insertBefore(button, place);
      button.addEventListener("click", function () {
        var speaking = synth.speaking;
        synth.cancel();
        if (speaking) return; // a second press stops it
        texts(place).forEach(function (text) {
          var utterance = new SpeechSynthesisUtterance(text);
          utterance.voice = voice;
          utterance.lang = voice.lang;
          utterance.rate = 0.9;
          synth.speak(utterance);
        });
      });
    });
  }

  offer();
  // Voices often arrive a moment after the page loads.
  if (synth.addEventListener) synth.addEventListener("voiceschanged", offer);
})();
