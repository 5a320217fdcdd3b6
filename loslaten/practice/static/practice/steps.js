/* One question at a time: [data-steps-form] holds [data-step] fieldsets. Without this
 * file every question shows on one page, which works just as well. */
(function () {
  "use strict";
  var form = document.querySelector("[data-steps-form]");
  if (!form) return;
  var steps = Array.prototype.slice.call(form.querySelectorAll("[data-step]"));
  if (steps.length < 2) return;
  var submit = form.querySelector("[data-submit]");
  var progress = form.querySelector("[data-step-progress]");
  var index = 0;
  // After a failed submit, open the step with the first error.
  steps.forEach(function (step, i) {
    if (index === 0 && step.querySelector(".errorlist")) index = i;
  });

  function button(text, className, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = className;
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  }

  steps.forEach(function (step, i) {
    var nav = document.createElement("p");
    nav.className = "step-nav";
    if (i > 0) nav.appendChild(button(form.dataset.back, "secondary", function () { show(i - 1); }));
    if (i < steps.length - 1) nav.appendChild(button(form.dataset.next, "", function () { show(i + 1); }));
    step.appendChild(nav);
  });

  function show(i, focus) {
    index = i;
    steps.forEach(function (step, j) { step.hidden = j !== i; });
    submit.hidden = i !== steps.length - 1;
    if (progress) {
      progress.textContent = form.dataset.progress
        .replace("{n}", String(i + 1))
        .replace("{total}", String(steps.length));
    }
    if (focus !== false) {
      var field = steps[i].querySelector("textarea, input");
      if (field) field.focus();
    }
  }
  show(index, false);
  // Another script may ask for a question, e.g. the first one when none was answered.
  form.addEventListener("steps:show", function (event) { show(event.detail); });
})();
