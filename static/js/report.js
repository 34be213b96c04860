// Communication plan form: show only the fields that apply to the chosen information and
// frequency. Without JavaScript every field shows and the server ignores the others.
(function () {
  "use strict";

  function sync(form) {
    const information = form.querySelector("[name=information]");
    const frequency = form.querySelector("[name=frequency]");
    form.querySelectorAll("[data-show-for]").forEach(function (group) {
      group.hidden = !!information && group.dataset.showFor.split(" ").indexOf(information.value) < 0;
    });
    form.querySelectorAll("[data-show-frequency]").forEach(function (group) {
      group.hidden = !!frequency && group.dataset.showFrequency.split(" ").indexOf(frequency.value) < 0;
    });
  }

  function init() {
    document.querySelectorAll("form.plan-form").forEach(function (form) {
      sync(form);
      form.addEventListener("change", function () { sync(form); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
