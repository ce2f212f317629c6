// The service worker. It is registered only when a person taps "Keep on this phone", and then keeps
// the urgent pages that carry no answers, in that person's language, so they open with no signal.
// It asks for them itself, without the cookie: a page that shows answers is never stored. Every
// other page always comes from the network. Quick exit deletes all of it (site.js and /exit).
"use strict";
var SETUP = {{ setup|tojson }};
var CACHE = "kept-" + SETUP.version;
var DAY = 24 * 60 * 60 * 1000;

function address(lang, page) {
  return SETUP.root + "/" + lang + "/" + page;
}

function languageOf(path) {
  var lang = path.slice(SETUP.root.length + 1).split("/")[0];
  return SETUP.languages.indexOf(lang) >= 0 ? lang : null;
}

// Fetch and store every kept page in one language; fails if any of them fails.
function keep(lang) {
  return caches.open(CACHE).then(function (cache) {
    return Promise.all(SETUP.pages.map(function (page) {
      var url = address(lang, page);
      return fetch(url, { credentials: "omit", cache: "no-store", redirect: "error" }).then(function (response) {
        if (!response.ok) throw new Error("not kept: " + url);
        return cache.put(url, response);
      });
    }));
  });
}

// The languages whose pages a cache holds.
function keptLanguages(name) {
  return caches.open(name).then(function (cache) { return cache.keys(); }).then(function (requests) {
    var langs = [];
    requests.forEach(function (request) {
      var lang = languageOf(new URL(request.url).pathname);
      if (lang && langs.indexOf(lang) < 0) langs.push(lang);
    });
    return langs;
  });
}

self.addEventListener("install", function () {
  self.skipWaiting();
});

// A new version of the site: keep its pages again in the languages kept before, then drop the old
// copies (kept if there is no signal to fetch the new ones).
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name !== CACHE; }).map(function (name) {
      return keptLanguages(name)
        .then(function (langs) { return Promise.all(langs.map(keep)); })
        .then(function () { return caches.delete(name); }, function () {});
    }));
  }).then(function () { return self.clients.claim(); }));
});

// "Keep on this phone": keep the pages in the language asked for, and say whether it worked.
self.addEventListener("message", function (event) {
  var lang = event.data && languageOf(address(event.data.keep, ""));
  var port = event.ports[0];
  if (!lang || !port) return;
  event.waitUntil(keep(lang).then(
    function () { port.postMessage("kept"); },
    function () { port.postMessage("failed"); }
  ));
});

// Pages kept more than a day ago are fetched again, once the person is back online in that language.
function refresh(lang) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(address(lang, SETUP.pages[0])).then(function (kept) {
      var date = kept && Date.parse(kept.headers.get("Date"));
      if (kept && !(Date.now() - date < DAY)) return keep(lang);
    });
  }).catch(function () {});
}

// With no signal: the page itself if it was kept, otherwise the first urgent page in the
// address's language, otherwise in any language kept.
function offline(url) {
  var lang = languageOf(url.pathname);
  var tries = [url.pathname];
  if (lang) tries.push(address(lang, SETUP.pages[0]));
  SETUP.languages.forEach(function (code) { tries.push(address(code, SETUP.pages[0])); });
  return tries.reduce(function (found, path) {
    return found.then(function (response) { return response || caches.match(path); });
  }, Promise.resolve(undefined)).then(function (response) {
    return response || Response.error();
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.mode !== "navigate") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname === SETUP.root + "/exit") return;
  var lang = languageOf(url.pathname);
  event.respondWith(fetch(request).then(function (response) {
    if (lang) event.waitUntil(refresh(lang));
    return response;
  }, function () {
    return offline(url);
  }));
});
