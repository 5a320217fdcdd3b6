/* Practising without an account: what a visitor answers stays in this browser
 * (localStorage) and is sent nowhere, until they have an account and click "keep".
 *
 * - [data-visitor-form="checkin" | "three_questions"]: checked here, kept here; the
 *   [data-visitor-done] block beside it says so.
 * - [data-visitor-count]: "you practised N times on this device", hidden when none.
 * - [data-visitor-keep] (logged in): offers to post them once, or to forget them.
 * - window.loslatenVisitor.add(item): breathe.js keeps a visitor's finished moments here.
 * No inline script anywhere (strict CSP): every text comes from a data- attribute. */
(function () {
  "use strict";

  var KEY = "loslaten:visitor";

  function read() {
    try {
      var items = JSON.parse(localStorage.getItem(KEY) || "[]");
      return Array.isArray(items) ? items : [];
    } catch (e) {
      return [];
    }
  }

  function write(items) {
    try {
      if (items.length) localStorage.setItem(KEY, JSON.stringify(items));
      else localStorage.removeItem(KEY);
      return true;
    } catch (e) {
      return false; // storage full or blocked (private mode in some browsers)
    }
  }

  function add(item) {
    item.at = item.at || new Date().toISOString();
    var ok = write(read().concat([item]));
    showCounts();
    return ok;
  }

  window.loslatenVisitor = { add: add };

  function each(selector, fn) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), fn);
  }

  function plural(el, n) {
    return (n === 1 ? el.dataset.one : el.dataset.many).replace("{n}", String(n));
  }

  function showCounts() {
    var n = read().length;
    each("[data-visitor-count]", function (el) {
      el.hidden = n === 0;
      var text = el.querySelector("[data-text]") || el;
      if (n) text.textContent = plural(el, n);
    });
  }

  // ---- checking a form the way the server would -------------------------------------
  function clearErrors(form) {
    each("[data-visitor-error]", function (el) { el.remove(); });
    Array.prototype.forEach.call(form.querySelectorAll(".has-error"), function (el) {
      el.classList.remove("has-error");
      el.removeAttribute("aria-describedby");
    });
  }

  function errorList(id, text) {
    var list = document.createElement("ul");
    list.className = "errorlist";
    list.id = id;
    list.setAttribute("data-visitor-error", "");
    var li = document.createElement("li");
    li.textContent = text;
    list.appendChild(li);
    return list;
  }

  function missingChoices(form) {
    var first = null;
    Array.prototype.forEach.call(form.querySelectorAll("fieldset[data-required]"), function (set) {
      if (set.querySelector("input:checked")) return;
      var id = set.dataset.name + "-visitor-error";
      set.classList.add("has-error");
      set.setAttribute("aria-describedby", id);
      set.insertBefore(errorList(id, set.dataset.required), set.querySelector("legend").nextSibling);
      if (!first) first = set.querySelector("input");
    });
    return first;
  }

  function noneAnswered(form) {
    var typed = Array.prototype.some.call(form.querySelectorAll("textarea"), function (t) {
      return t.value.trim() !== "";
    });
    if (typed) return null;
    var box = form.querySelector("[data-form-error]");
    box.hidden = false;
    box.appendChild(errorList("none-answered", form.dataset.noneAnswered));
    form.dispatchEvent(new CustomEvent("steps:show", { detail: 0 })); // steps.js, if there
    return form.querySelector("textarea");
  }

  each("[data-visitor-form]", function (form) {
    var kind = form.dataset.visitorForm;
    var done = document.querySelector("[data-visitor-done]");
    each("[data-visitor-submit]", function (b) { b.disabled = false; });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearErrors(form);
      var box = form.querySelector("[data-form-error]");
      if (box) box.hidden = true;
      var wrong = kind === "checkin" ? missingChoices(form) : noneAnswered(form);
      if (wrong) {
        if (box && kind === "checkin") box.hidden = false;
        wrong.focus();
        return;
      }
      var item = { type: kind };
      new FormData(form).forEach(function (value, name) { item[name] = String(value); });
      if (!add(item)) {
        box.hidden = false;
        box.appendChild(errorList("not-kept", form.dataset.notKept));
        return;
      }
      form.reset();
      form.hidden = true;
      done.hidden = false;
      var heading = done.querySelector("h2");
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    });
  });

  // ---- with an account: keep them, once, on a click ----------------------------------
  each("[data-visitor-keep]", function (box) {
    var items = read();
    if (!items.length) return;
    box.hidden = false;
    var status = box.querySelector("[data-keep-status]");
    var keep = box.querySelector("[data-keep]");
    var forget = box.querySelector("[data-forget]");
    var token = box.querySelector("input[name=csrfmiddlewaretoken]");

    keep.addEventListener("click", function () {
      keep.disabled = true;
      forget.disabled = true;
      status.textContent = box.dataset.sending;
      var body = new URLSearchParams();
      body.append("items", JSON.stringify(read()));
      fetch(box.dataset.url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token ? token.value : "", Accept: "application/json" },
        body: body,
      }).then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      }).then(function (result) {
        write([]); // kept on the server now: never send them twice
        window.location.assign(result.next);
      }).catch(function () {
        keep.disabled = false;
        forget.disabled = false;
        status.textContent = box.dataset.failed;
      });
    });

    forget.addEventListener("click", function () {
      write([]);
      box.hidden = true;
      var gone = document.querySelector("[data-forget-status]");
      if (gone) gone.textContent = box.dataset.forgotten;
    });
  });

  showCounts();
})();
