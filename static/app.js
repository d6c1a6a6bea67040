// Keyboard and ARIA for the search box; htmx does the requests. No inline script (CSP).
(() => {
  "use strict";

  // Only the search form's box is a combobox; error pages have a plain search field with the same id.
  const field = () => document.getElementById("q");
  const box = () => document.querySelector("#q[role=combobox]");
  const options = () => Array.from(document.querySelectorAll("#results-list [role=row]"));
  let active = -1;

  function isTyping(target) {
    return target instanceof HTMLElement &&
      (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
  }

  function select(index) {
    const all = options();
    const input = box();
    if (!input) return;
    all.forEach((option) => option.setAttribute("aria-selected", "false"));
    if (all.length === 0 || index < 0) {
      active = -1;
      input.removeAttribute("aria-activedescendant");
      return;
    }
    active = Math.min(index, all.length - 1);
    const chosen = all[active];
    chosen.setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", chosen.id);
    chosen.scrollIntoView({ block: "nearest" });
  }

  // Remember which hit was opened, so that coming Back finds it chosen again and the box focused.
  const OPENED = "pydocs-opened";

  function open(link, index) {
    sessionStorage.setItem(OPENED, JSON.stringify({ url: location.href, index }));
    window.location.assign(link.href);
  }

  function restore() {
    const input = field();
    if (!input) return;
    input.focus({ preventScroll: true });
    const saved = JSON.parse(sessionStorage.getItem(OPENED) || "null");
    if (saved && saved.url === location.href && saved.index >= 0) select(saved.index);
  }

  function syncExpanded() {
    const input = box();
    if (input) input.setAttribute("aria-expanded", options().length > 0 ? "true" : "false");
    select(-1);
  }

  document.addEventListener("keydown", (event) => {
    const input = field();
    if (!input) return;
    // "/" focuses the box from anywhere, and in an empty box (the home page focuses it already) it is
    // the shortcut pressed out of habit, not the start of a query: it must not type itself.
    const slash = event.key === "/" && (!isTyping(event.target) || (event.target === input && !input.value));
    const focusKey = slash || (event.key.toLowerCase() === "k" && (event.ctrlKey || event.metaKey));
    if (focusKey) {
      event.preventDefault();
      input.focus();
      input.select();
      return;
    }
    if (event.target !== input || input !== box()) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      select(active + 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      select(active <= 0 ? -1 : active - 1);
    } else if (event.key === "Enter") {
      // The chosen hit, or with none chosen the first row: the answer card when there is one.
      const results = document.getElementById("results-list");
      if (active < 0 && input.value.trim() && results?.dataset.query.trim() !== input.value.trim()) {
        // Typed faster than the results came: what is shown (if anything) answers an earlier
        // keystroke. The server's best answer for what is in the box now is one redirect away.
        event.preventDefault();
        window.location.assign("/go?" + new URLSearchParams(new FormData(input.form)).toString());
        return;
      }
      // Nothing chosen: the answer card if the page shows one, else the top hit ("Enter opens", always).
      const index = active >= 0 ? active : 0;
      const row = options()[index];
      const link = row?.querySelector("a");
      if (link) {
        event.preventDefault();
        open(link, index);
      }
    } else if (event.key === "Escape") {
      event.preventDefault();
      if (input.value) {
        input.value = "";
        input.dispatchEvent(new Event("input", { bubbles: true }));
      }
      select(-1);
    }
  });

  // The version switcher: go to the same search in the chosen version, with what is typed now
  // (the page's hidden copies are from when it loaded). Without JavaScript its button does this.
  document.documentElement.classList.add("js");
  document.addEventListener("change", (event) => {
    const select = event.target;
    if (!(select instanceof HTMLSelectElement) || !select.classList.contains("version-select")) return;
    const parameters = new URLSearchParams();
    // The version chosen here is the one meant now: a `version:` typed earlier would win over it.
    const query = withoutTyped(box()?.value ?? "", "version");
    const form = document.querySelector("form.search-form");
    for (const name of ["kind", "area"]) {
      const value = form?.elements.namedItem(name)?.value;
      if (value) parameters.set(name, value);
    }
    if (query) parameters.set("q", query);
    parameters.set("version", select.value);
    parameters.set("switched", "1"); // the server remembers the choice, then drops this from the address
    const home = !query && !parameters.has("kind") && !parameters.has("area");
    window.location.assign(`${home ? "/" : "/search"}?${parameters}`);
  });

  // Typed filters win over the menus (`type:method wait`). One truth, visible in both: after each search
  // the menus show the filters in force (the status line carries them), and choosing in a menu takes
  // the same filter typed in the box out of it first, so the choice is what is searched.
  // What may be typed for each filter, as the server declares it: { kind: ["type", "kind"], … }.
  const TYPED = JSON.parse(document.body.dataset.typedFilters || "{}");

  function withoutTyped(text, field) {
    if (!TYPED[field]) return text.trim();
    const words = TYPED[field].join("|");
    return text.replace(new RegExp(`(^|\\s)(?:${words}):\\S*`, "gi"), " ").replace(/\s+/g, " ").trim();
  }

  document.addEventListener("change", (event) => {
    const menu = event.target;
    const input = box();
    if (!(menu instanceof HTMLSelectElement) || !menu.classList.contains("filter") || !input) return;
    const cleaned = withoutTyped(input.value, menu.name);
    if (cleaned !== input.value.trim()) input.value = cleaned;
  }, true); // capture: before htmx reads the form for this change's request

  function showFiltersInForce() {
    const status = document.getElementById("status");
    const form = document.querySelector("form.search-form");
    if (!status || !form || status.dataset.kind === undefined) return;
    const menus = { kind: form.elements.namedItem("kind"), area: form.elements.namedItem("area"),
                    docset: form.elements.namedItem("docset"), version: document.getElementById("version-select") };
    for (const [name, menu] of Object.entries(menus)) {
      const value = status.dataset[name];
      if (menu instanceof HTMLSelectElement && value !== undefined && [...menu.options].some((option) => option.value === value)) {
        menu.value = value; // the header's switcher too: `version:3.11` typed shows 3.11 there
      }
      const shown = form.elements.namedItem(`shown_${name}`);
      if (shown instanceof HTMLInputElement && menu instanceof HTMLSelectElement) shown.value = menu.value;
    }
  }

  // After every swap (and on first load) the listbox is new: reset the selection.
  document.addEventListener("htmx:afterSettle", showFiltersInForce);
  // Only a new search's grid resets the choice: rows appended by "More results" (and the pieces swapped
  // out of band with them) keep the row being chosen with the arrow keys.
  document.addEventListener("htmx:afterSettle", (event) => {
    if (event.target instanceof Element && event.target.id === "results") syncExpanded();
  });
  document.addEventListener("DOMContentLoaded", syncExpanded);
  // A page shown again by Back (from the back/forward cache, or reloaded): the place it was left.
  window.addEventListener("pageshow", restore);
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("#results-list .hit-link") : null;
    if (link) sessionStorage.setItem(OPENED, JSON.stringify({ url: location.href, index: options().indexOf(link.closest("[role=row]")) }));
  });
})();
