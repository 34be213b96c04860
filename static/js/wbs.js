/* WBS table keyboard support and the "add below / add subtask" shortcuts.
 * Rows are focusable: ↑/↓ move between rows, Enter edits the row in place, Escape cancels,
 * Alt+→/← indent/outdent, Alt+↑/↓ reorder. Everything also works without JavaScript through
 * the row menus and the task pages. */
(function () {
  "use strict";
  let focusedTask = null;

  function rows() {
    return Array.from(document.querySelectorAll("#wbs-table tr.wbs-row"));
  }

  function structure(row, action) {
    const url = row.dataset.structureUrl;
    if (!url) return;
    focusedTask = row.dataset.task;
    htmx.ajax("POST", url, {
      source: row, target: "#wbs-table", swap: "outerHTML",
      values: { action: action },
    });
  }

  document.addEventListener("keydown", function (event) {
    const row = event.target.closest && event.target.closest("tr.wbs-row");
    if (row) {
      const all = rows();
      const index = all.indexOf(row);
      if (event.altKey && row.dataset.structureUrl) {
        const action = { ArrowRight: "indent", ArrowLeft: "outdent", ArrowUp: "up", ArrowDown: "down" }[event.key];
        if (action) { event.preventDefault(); structure(row, action); }
        return;
      }
      if (event.key === "ArrowDown" && index < all.length - 1) { event.preventDefault(); all[index + 1].focus(); }
      else if (event.key === "ArrowUp" && index > 0) { event.preventDefault(); all[index - 1].focus(); }
      else if (event.key === "Enter" && row.dataset.editUrl) {
        event.preventDefault();
        focusedTask = row.dataset.task;
        htmx.ajax("GET", row.dataset.editUrl, { source: row, target: "#wbs-table", swap: "outerHTML" });
      }
      return;
    }
    if (event.key === "Escape" && event.target.closest && event.target.closest(".wbs-row-form")) {
      const cancel = document.querySelector("[data-wbs-cancel]");
      if (cancel) { event.preventDefault(); cancel.click(); }
    }
  });

  document.addEventListener("focusin", function (event) {
    const row = event.target.closest && event.target.closest("tr.wbs-row");
    if (row) focusedTask = row.dataset.task;
  });

  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("[data-wbs-add]");
    if (!button) return;
    const form = document.querySelector("#wbs-table form.wbs-add");
    if (!form) return;
    const mode = button.dataset.wbsAdd;
    form.querySelector("input[name=after]").value = mode === "after" ? button.dataset.taskId : "";
    form.querySelector("input[name=parent]").value = mode === "parent" ? button.dataset.taskId : "";
    const name = button.closest("tr").querySelector(".wbs-name a").textContent.trim();
    const where = form.querySelector(".wbs-add-where");
    where.textContent = (mode === "after" ? where.dataset.after : where.dataset.parent).replace("{name}", name);
    form.querySelector("input[name=name]").focus();
  });

  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (!event.detail.target || event.detail.target.id !== "wbs-table") return;
    const editing = document.querySelector("#wbs-table .wbs-row-form input[name=name]");
    if (editing) { editing.focus(); editing.select(); return; }
    if (focusedTask) {
      const row = document.getElementById("task-" + focusedTask);
      if (row) row.focus();
    }
  });
})();
