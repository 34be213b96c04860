/* Timesheet grid keyboard support, and the copy buttons of the calendar feed address.
 * Cells save themselves through htmx on "change" (leaving a changed cell). Here: Enter saves
 * and moves down, ↑/↓ move between rows on the same day, Escape restores the saved value, and
 * focusing a cell selects its content so typing replaces it. Without JavaScript the grid is a
 * plain form with a save button. */
(function () {
  "use strict";

  function cellInputs(day) {
    return Array.from(document.querySelectorAll('#timesheet-grid input.ts-input[data-day="' + day + '"]'));
  }

  function neighbour(input, step) {
    const column = cellInputs(input.dataset.day);
    return column[column.indexOf(input) + step] || null;
  }

  document.addEventListener("keydown", function (event) {
    const input = event.target.closest && event.target.closest("input.ts-input");
    if (!input) return;
    if (event.key === "Enter") {
      event.preventDefault();
      const next = neighbour(input, event.shiftKey ? -1 : 1);
      if (next) {
        next.focus(); // leaving the cell fires "change", which saves it
      } else if (input.value !== input.defaultValue) {
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const next = neighbour(input, event.key === "ArrowDown" ? 1 : -1);
      if (next) { event.preventDefault(); next.focus(); }
    } else if (event.key === "Escape") {
      input.value = input.defaultValue;
      input.select();
    }
  });

  document.addEventListener("focusin", function (event) {
    const input = event.target.closest && event.target.closest("input.ts-input");
    if (input) input.select();
  });

  // A refused cell takes the focus back, so its message sits next to where one types.
  // (After settling: htmx has restored its own focus and caret by then.)
  document.body.addEventListener("htmx:afterSettle", function (event) {
    const cell = event.detail.target;
    if (!cell || !cell.id || !cell.classList.contains("ts-cell")) return;
    const refused = document.querySelector("#" + CSS.escape(cell.id) + " input.is-invalid");
    if (refused) { refused.focus(); refused.select(); }
  });

  // Copy buttons: <button data-copy-target="element id" data-copied="Copied">.
  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("[data-copy-target]");
    if (!button) return;
    const field = document.getElementById(button.dataset.copyTarget);
    if (!field) return;
    const done = function () {
      const label = button.querySelector("[data-copy-label]");
      if (!label) return;
      const before = label.textContent;
      label.textContent = button.dataset.copied || before;
      window.setTimeout(function () { label.textContent = before; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
    } else {
      field.select();
      try { if (document.execCommand("copy")) done(); } catch (error) { /* the text stays selected */ }
    }
  });
})();
