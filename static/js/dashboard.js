// "Select all" for the dashboard's reminder checkboxes. Without script, each box still works.
document.addEventListener("change", (event) => {
  const all = event.target.closest("[data-select-all]");
  if (!all) return;
  document.querySelectorAll(`input[name="units"][form="${all.dataset.selectAll}"]`).forEach((box) => {
    if (!box.disabled) box.checked = all.checked;
  });
});
