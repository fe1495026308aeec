// Searchable selects: GOV.UK's accessible-autocomplete over a native <select data-module="app-autocomplete">.
// Progressive enhancement: without JavaScript (or if the library failed to load) the select
// stays as it is and the form still works. Loaded as a module after the library's deferred
// script (templates/oversight/partnership_list.html); no inline script, as the CSP requires.
const library = window.accessibleAutocomplete;

function labelOf(option) {
  return option.textContent.trim();
}

function enhance(select) {
  const options = Array.from(select.options).filter((option) => option.value);
  const byLabel = new Map(options.map((option) => [labelOf(option).toLowerCase(), option]));
  const chosen = select.value ? labelOf(select.selectedOptions[0]) : "";
  const describedBy = select.getAttribute("aria-describedby");
  const what = (select.dataset.autocompleteNoun || "option").toLowerCase();

  library.enhanceSelectElement({
    selectElement: select,
    defaultValue: chosen,
    showAllValues: true,
    autoselect: false,
    minLength: 0,
    tNoResults: () => `No ${what} found`,
    onConfirm: (label) => {
      const option = label && byLabel.get(label.trim().toLowerCase());
      if (option) select.value = option.value;
    },
  });

  const input = document.getElementById(select.id.replace(/-select$/, ""));
  if (!input) return;
  if (describedBy) {
    input.setAttribute("aria-describedby", `${describedBy} ${input.getAttribute("aria-describedby") || ""}`.trim());
  }
  if (select.classList.contains("govuk-select--error")) input.classList.add("govuk-input--error");
  // What is in the box on submit decides: a label (in any case) picks that option, and an
  // empty box, or text that names none, is "any" rather than a choice the page no longer shows.
  select.form?.addEventListener("submit", () => {
    const option = byLabel.get(input.value.trim().toLowerCase());
    select.value = option ? option.value : "";
  });
}

if (library) {
  document.querySelectorAll('select[data-module="app-autocomplete"]').forEach(enhance);
}
