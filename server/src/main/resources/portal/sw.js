// Keeps the offline page and the look of the portal; everything personal always comes from the network.
var CACHE = "portal-offline-v1";
var OFFLINE = ["/portal/offline", "/css/app.css", "/css/portal.css", "/portal/brand.css", "/img/logo.svg"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(OFFLINE); }));
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }));
  self.clients.claim();
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(function () { return caches.match("/portal/offline"); }));
    return;
  }
  if (OFFLINE.indexOf(new URL(request.url).pathname) >= 0) {
    event.respondWith(fetch(request).catch(function () { return caches.match(request); }));
  }
});
