/* Plan import form: choosing a file picks its format from the extension, and submitting
 * shows that the upload is under way (large files take a moment to send). */
(function () {
  "use strict";

  var FORMATS = { csv: "csv", txt: "csv", xlsx: "xlsx", xlsm: "xlsx", xml: "mspdi" };

  function init() {
    var form = document.getElementById("plan-import-form");
    if (!form) return;
    var file = form.querySelector("input[type=file]");
    file.addEventListener("change", function () {
      var name = file.files.length ? file.files[0].name.toLowerCase() : "";
      var format = FORMATS[name.split(".").pop()];
      var radio = format && form.querySelector("input[name=format][value=" + format + "]");
      if (radio) radio.checked = true;
    });
    form.addEventListener("submit", function () {
      var button = form.querySelector("[type=submit]");
      button.disabled = true;
      button.querySelector(".spinner-border").classList.remove("d-none");
      button.querySelector(".bi").classList.add("d-none");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
