/* Guided breathing and short moments. No inline script: all settings come from data-
 * attributes on [data-breathe]. Without this file the page is a readable guide.
 * Time drives everything (not counting ticks), so a slow phone never drifts. */
(function () {
  "use strict";

  var QUEUE_KEY = "loslaten:moments";
  var root = document.querySelector("[data-breathe]");
  if (!root) return;
  var data = root.dataset;
  var loggedIn = data.loggedIn === "1";

  // ---- offline: service worker and the queue of finished moments -------------------
  if ("serviceWorker" in navigator && data.swUrl) {
    navigator.serviceWorker.register(data.swUrl, { scope: data.swScope }).catch(function () {});
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function readQueue() {
    try {
      return JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]");
    } catch (e) {
      return [];
    }
  }

  function writeQueue(items) {
    try {
      if (items.length) localStorage.setItem(QUEUE_KEY, JSON.stringify(items));
      else localStorage.removeItem(QUEUE_KEY);
    } catch (e) { /* storage full or blocked: nothing to do */ }
  }

  function post(item) {
    var body = new URLSearchParams();
    Object.keys(item).forEach(function (key) { body.append(key, item[key]); });
    return fetch(data.recordUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      body: body,
    }).then(function (response) {
      // 400 means the server will never take it (e.g. too old): drop it, don't retry.
      if (response.ok || response.status === 400) return response.json().catch(function () { return {}; });
      throw new Error("status " + response.status);
    });
  }

  var flushing = false;
  function flushQueue() {
    if (!loggedIn || flushing || !navigator.onLine) return;
    var items = readQueue();
    if (!items.length) return;
    flushing = true;
    var left = [];
    var chain = Promise.resolve();
    var sent = 0;
    items.forEach(function (item) {
      chain = chain.then(function () {
        return post(item).then(function () { sent += 1; }, function () { left.push(item); });
      });
    });
    chain.then(function () {
      writeQueue(left);
      flushing = false;
      if (sent) say(data.synced);
    });
  }
  window.addEventListener("online", flushQueue);
  flushQueue();

  function record(item) {
    if (!loggedIn) {
      // A visitor's moment stays in this browser (visitor.js) until they keep it.
      if (window.loslatenVisitor && window.loslatenVisitor.add(Object.assign({ type: "moment" }, item))) {
        say(data.keptHere);
      }
      return;
    }
    if (!navigator.onLine) {
      writeQueue(readQueue().concat([item]));
      say(data.queued);
      return;
    }
    post(item).then(
      function (result) { say(result && result.recorded ? data.saved : ""); },
      function () {
        writeQueue(readQueue().concat([item]));
        say(data.queued);
      }
    );
  }

  // ---- the page ----------------------------------------------------------------------
  var cue = root.querySelector("[data-cue]");
  var count = root.querySelector("[data-count]");
  var circle = root.querySelector("[data-circle]");
  var status = root.querySelector("[data-status]");
  var startButton = root.querySelector("[data-start]");
  var stopButton = root.querySelector("[data-stop]");
  var options = document.querySelector("[data-options]");
  var vibrateBox = document.querySelector("[data-vibrate]");
  var reduced = window.matchMedia("(prefers-reduced-motion: reduce)");

  Array.prototype.forEach.call(document.querySelectorAll("[data-js-only]"), function (el) {
    el.hidden = false;
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-js-reveal]"), function (el) {
    el.removeAttribute("data-js-reveal");
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-nojs-only]"), function (el) {
    el.hidden = true;
  });
  if (vibrateBox && "vibrate" in navigator) {
    document.querySelector("[data-vibrate-option]").hidden = false;
  }

  function setReduced() {
    root.classList.toggle("is-reduced", reduced.matches);
  }
  setReduced();
  if (reduced.addEventListener) reduced.addEventListener("change", setReduced);

  function say(text) {
    if (status) status.textContent = text || "";
  }

  var seconds = Math.max(1, parseInt(data.seconds, 10) || 60);

  var NAMES = ["in", "vast", "uit", "wacht"];

  function countField(name) {
    return options ? options.querySelector("input[name=" + name + "]") : null;
  }

  // The typed counts as a pattern, or null when they make no rhythm (as the server says).
  function ownPattern() {
    var parts = NAMES.map(function (name) {
      var raw = countField(name).value.trim();
      if (raw === "" && (name === "vast" || name === "wacht")) return 0; // a hold may stay empty
      return /^\d{1,2}$/.test(raw) ? parseInt(raw, 10) : NaN;
    });
    var ok = parts.every(function (n, i) { return n >= (i % 2 === 0 ? 1 : 0) && n <= 20; });
    return ok ? parts.join("-") : null;
  }

  function chosenPattern() {
    if (!options) return data.pattern || "4-6";
    var checked = options.querySelector("input[name=patroon]:checked");
    var value = checked ? checked.value : data.pattern;
    if (value !== "eigen") return value;
    return ownPattern() || data.pattern || "4-6";
  }

  function counts(pattern) {
    if (pattern === "box") return [4, 4, 4, 4];
    if (pattern === "4-7-8") return [4, 7, 8, 0];
    var p = pattern.split("-").map(function (x) { return parseInt(x, 10) || 0; });
    if (p.length === 2) return [p[0], 0, p[1], 0];
    return [p[0], p[1] || 0, p[2], p[3] || 0];
  }

  // Phases: {text, seconds, size: "in" | "out" | null (keep), vibrate}.
  function breathingPhases(pattern) {
    var c = counts(pattern);
    var phases = [{ text: data.cueIn, seconds: c[0], size: "in" }];
    if (c[1]) phases.push({ text: data.cueHold, seconds: c[1], size: null });
    phases.push({ text: data.cueOut, seconds: c[2], size: "out", vibrate: true });
    if (c[3]) phases.push({ text: data.cueRest, seconds: c[3], size: null });
    return { phases: phases, repeat: true };
  }

  function stepPhases() {
    var items = document.querySelectorAll("[data-steps] li");
    var total = 0;
    var phases = Array.prototype.map.call(items, function (li) {
      var s = parseFloat(li.dataset.seconds) || 5;
      total += s;
      return { text: li.textContent.trim(), seconds: s, size: null };
    });
    // The ?seconds= hook shortens every step in proportion.
    var factor = total > 0 ? seconds / total : 1;
    phases.forEach(function (p) { p.seconds = p.seconds * factor; });
    return { phases: phases, repeat: false };
  }

  var timer = null;
  var current = -1;
  var started = 0;
  var plan = null;
  var pattern = "";

  function phaseAt(elapsed) {
    var cycle = plan.phases.reduce(function (sum, p) { return sum + p.seconds; }, 0);
    var t = plan.repeat ? elapsed % cycle : elapsed;
    for (var i = 0; i < plan.phases.length; i++) {
      if (t < plan.phases[i].seconds) return { index: i, left: plan.phases[i].seconds - t };
      t -= plan.phases[i].seconds;
    }
    return { index: plan.phases.length - 1, left: 0 };
  }

  function vibrate(phase) {
    if (!vibrateBox || !vibrateBox.checked || !navigator.vibrate) return;
    var pulses = [];
    for (var i = 0; i < Math.floor(phase.seconds); i++) pulses.push(60, 940);
    navigator.vibrate(pulses);
  }

  function enter(phase) {
    cue.textContent = phase.text;
    if (circle && phase.size) {
      circle.style.transitionDuration = phase.seconds + "s";
      circle.classList.toggle("is-in", phase.size === "in");
      circle.classList.toggle("is-out", phase.size === "out");
    }
    if (phase.vibrate) vibrate(phase);
  }

  function tick() {
    var elapsed = (Date.now() - started) / 1000;
    if (elapsed >= seconds) {
      finish();
      return;
    }
    var at = phaseAt(elapsed);
    if (at.index !== current) {
      current = at.index;
      enter(plan.phases[at.index]);
    }
    if (count) count.textContent = String(Math.max(1, Math.ceil(at.left)));
  }

  function reset() {
    clearInterval(timer);
    timer = null;
    current = -1;
    if (navigator.vibrate) navigator.vibrate(0);
    if (circle) {
      circle.style.transitionDuration = "1.5s";
      circle.classList.remove("is-in", "is-out");
    }
    if (count) count.textContent = "";
    startButton.hidden = false;
    stopButton.hidden = true;
    root.classList.remove("is-running");
  }

  function finish() {
    var item = {
      kind: data.kind,
      duration_s: String(Math.round(seconds)),
      pattern: data.kind === "breathe_minute" ? pattern : "",
      at: new Date().toISOString(),
    };
    reset();
    cue.textContent = data.cueDone;
    root.classList.add("is-done");
    record(item);
    startButton.focus();
  }

  function start() {
    pattern = chosenPattern();
    plan = "stepsMode" in data ? stepPhases() : breathingPhases(pattern);
    say("");
    root.classList.remove("is-done");
    root.classList.add("is-running");
    startButton.hidden = true;
    stopButton.hidden = false;
    stopButton.focus();
    started = Date.now();
    current = -1;
    tick();
    timer = setInterval(tick, 200);
  }

  startButton.addEventListener("click", start);
  stopButton.addEventListener("click", function () {
    reset();
    cue.textContent = data.cueStopped;
    startButton.focus();
  });

  // ---- the rhythm controls agree: a rhythm fills the fields, the fields pick "eigen",
  // and the steps are rewritten from the same sentences the server uses. --------------
  var guide = document.querySelector("[data-guide]");
  var countsError = options ? options.querySelector("[data-counts-error]") : null;

  function rewriteGuide(c) {
    if (!guide) return;
    Array.prototype.forEach.call(guide.querySelectorAll("[data-phase]"), function (li) { li.remove(); });
    var end = guide.querySelector("[data-guide-end]");
    NAMES.forEach(function (name, i) {
      if (!c[i]) return;
      var li = document.createElement("li");
      li.dataset.phase = name;
      li.textContent = guide.getAttribute("data-" + name + (c[i] === 1 ? "-one" : "-many")).replace("{n}", String(c[i]));
      guide.insertBefore(li, end);
    });
  }

  function showCountsError(text) {
    if (!countsError) return;
    countsError.textContent = text || "";
    NAMES.forEach(function (name) {
      var field = countField(name);
      if (text) field.setAttribute("aria-invalid", "true");
      else field.removeAttribute("aria-invalid");
    });
  }

  function apply(pattern) {
    if (!timer) data.pattern = pattern;
    rewriteGuide(counts(pattern));
  }

  if (options) {
    options.addEventListener("change", function (event) {
      var target = event.target;
      if (target.name === "patroon" && target.dataset.counts) {
        target.dataset.counts.split("-").forEach(function (n, i) { countField(NAMES[i]).value = n; });
        showCountsError("");
        apply(target.value);
      } else if (target.name === "patroon") {
        var own = ownPattern();
        showCountsError(own ? "" : options.dataset.invalid);
        if (own) apply(own);
      }
    });
    options.addEventListener("input", function (event) {
      if (NAMES.indexOf(event.target.name) === -1) return;
      options.querySelector("input[value=eigen]").checked = true;
      var own = ownPattern();
      showCountsError(own ? "" : options.dataset.invalid);
      if (own) apply(own);
    });
  }
})();
