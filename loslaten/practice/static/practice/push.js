/* Reminders on this device: subscribe to Web Push through the practice's service worker
   and tell the server (loslaten.practice.views_push). Without support, nothing shows. */
(function () {
  "use strict";
  var box = document.getElementById("push-device");
  if (!box || !("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) return;
  var data = box.dataset;
  var button = document.getElementById("push-toggle");
  var status = document.getElementById("push-status");
  var csrf = document.querySelector("input[name=csrfmiddlewaretoken]");

  function keyBytes(text) {
    var b64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
    var raw = atob(b64), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf ? csrf.value : "" },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (!response.ok) throw new Error("status " + response.status);
      return response.json();
    });
  }

  navigator.serviceWorker.register(data.sw, { scope: data.scope }).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    return registration.pushManager.getSubscription().then(function (subscription) {
      function show() {
        button.textContent = subscription ? data.offLabel : data.onLabel;
        button.setAttribute("aria-pressed", subscription ? "true" : "false");
      }
      function turnOn() {
        return Notification.requestPermission().then(function (permission) {
          if (permission !== "granted") throw new Error("denied");
          return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(data.key) });
        }).then(function (made) {
          subscription = made;
          return post(data.on, made.toJSON());
        }).then(function () { status.textContent = data.onDone; });
      }
      function turnOff() {
        var endpoint = subscription.endpoint;
        return subscription.unsubscribe().then(function () {
          subscription = null;
          return post(data.off, { endpoint: endpoint });
        }).then(function () { status.textContent = data.offDone; });
      }
      button.addEventListener("click", function () {
        button.disabled = true;
        (subscription ? turnOff() : turnOn()).catch(function (error) {
          status.textContent = error && error.message === "denied" ? data.denied : data.failed;
        }).then(function () { button.disabled = false; show(); });
      });
      show();
      box.hidden = false;
      document.getElementById("push-unsupported").hidden = true;
    });
  }).catch(function () {});
})();
