// Leveling page: "Select all" / "Select none" for the suggested moves (survives htmx swaps).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-leveling-select]");
  if (!button) return;
  const form = button.closest("form");
  const checked = button.dataset.levelingSelect === "all";
  form.querySelectorAll('input[type="checkbox"][name="tasks"]').forEach((box) => {
    box.checked = checked;
  });
});
