/* Kanban drag and drop (SortableJS): dropping a card in another column posts its new status;
 * the server answers with the whole board, so counts and refusals are always the server's.
 * Without a pointer, focus a card and pick the status in its select. */
(function () {
  "use strict";

  function post(card, status) {
    const url = card.dataset.moveUrl;
    const board = document.getElementById("board");
    const mine = board.querySelector("input[name=mine]");
    htmx.ajax("POST", url, {
      source: card, target: "#board", swap: "outerHTML",
      values: { status: status, mine: mine ? mine.value : "" },
    });
  }

  function init() {
    document.querySelectorAll("#board .board-cards").forEach(function (column) {
      Sortable.create(column, {
        group: "board",
        draggable: ".board-card",
        filter: "select, a, input",
        preventOnFilter: false,
        animation: 120,
        onMove: function (event) { return event.dragged.classList.contains("is-movable"); },
        onEnd: function (event) {
          if (event.from === event.to) return;
          post(event.item, event.to.dataset.status);
        },
      });
    });
  }

  document.addEventListener("change", function (event) {
    const select = event.target.closest && event.target.closest("[data-board-select]");
    if (!select) return;
    htmx.trigger(select.form, "submit");
  });

  document.addEventListener("DOMContentLoaded", init);
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "board") init();
  });
})();
