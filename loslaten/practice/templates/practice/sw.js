/* Loslaten: keeps the breathing pages available offline and shows reminders sent by Web Push
   (scope /oefenen/). Version {{ version }}. */
"use strict";
var CACHE = "loslaten-practice-{{ version }}";
var SCOPE = "{{ scope|escapejs }}";
var ICON = "{{ icon|escapejs }}";
var URLS = [{% for url in urls %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) { return cache.addAll(URLS); }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return key.indexOf("loslaten-practice-") === 0 && key !== CACHE;
      }).map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function cacheable(url) {
  return URLS.indexOf(url.pathname) !== -1;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || !cacheable(url)) return;
  if (request.mode === "navigate") {
    // Pages: the network first (fresh sign-in state), the cache when offline.
    event.respondWith(
      fetch(request).then(function (response) {
        if (response.ok && !url.search) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(url.pathname, copy); });
        }
        return response;
      }).catch(function () {
        return caches.match(url.pathname);
      })
    );
    return;
  }
  // CSS, JS, icon: the cache first, they change only with a new version.
  event.respondWith(
    caches.match(url.pathname).then(function (hit) { return hit || fetch(request); })
  );
});

// Reminders: the server sends {title, body, url} (loslaten.practice.push); url is a path here.
self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (error) { data = { body: event.data.text() }; }
  event.waitUntil(self.registration.showNotification(data.title || "Loslaten", {
    body: data.body || "",
    icon: ICON,
    tag: "loslaten-reminder",
    data: { url: data.url || SCOPE }
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = new URL((event.notification.data && event.notification.data.url) || SCOPE, self.location.origin);
  if (target.origin !== self.location.origin) target = new URL(SCOPE, self.location.origin);
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
      for (var i = 0; i < windows.length; i++) {
        if (windows[i].url === target.href && "focus" in windows[i]) return windows[i].focus();
      }
      return self.clients.openWindow(target.href);
    })
  );
});
