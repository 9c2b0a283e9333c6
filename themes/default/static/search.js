// Search page: runs the Pagefind index built by `folio build`, in the browser, with no server.
// The form is a plain GET form (q, year, person), so a search has an address, the back button
// works, and without JavaScript the page still explains where else to look.

const form = document.querySelector(".search-form");
const input = document.getElementById("search-input");
const yearSelect = document.getElementById("search-year");
const personSelect = document.getElementById("search-person");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const notice = document.querySelector(".search-needs-script");

function say(text) {
  status.textContent = text;
}

function fillSelect(select, counts, selected) {
  const names = Object.keys(counts || {}).sort((a, b) => a.localeCompare(b));
  for (const name of names) {
    const option = document.createElement("option");
    option.value = name;
    option.textContent = `${name} (${counts[name]})`;
    option.selected = name === selected;
    select.append(option);
  }
}

// Excerpts come from Pagefind with <mark> around matches and the page text escaped; only
// <mark> is kept as markup, everything else goes in as text.
function appendExcerpt(paragraph, excerpt) {
  const parts = excerpt.split(/(<mark>|<\/mark>)/);
  let marked = false;
  const decoder = document.createElement("textarea");
  for (const part of parts) {
    if (part === "<mark>") { marked = true; continue; }
    if (part === "</mark>") { marked = false; continue; }
    decoder.innerHTML = part;
    const text = document.createTextNode(decoder.value);
    if (marked) {
      const mark = document.createElement("mark");
      mark.append(text);
      paragraph.append(mark);
    } else {
      paragraph.append(text);
    }
  }
}

function showResult(data) {
  const item = document.createElement("li");
  item.className = "search-result";
  const link = document.createElement("a");
  link.className = "search-result__title";
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  item.append(link);
  if (data.meta.date) {
    const date = document.createElement("p");
    date.className = "search-result__date";
    date.textContent = data.meta.date;
    item.append(date);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "search-result__excerpt";
  appendExcerpt(excerpt, data.excerpt || "");
  item.append(excerpt);
  list.append(item);
}

async function main() {
  const params = new URLSearchParams(window.location.search);
  const query = params.get("q") || "";
  const year = params.get("year") || "";
  const person = params.get("person") || "";
  input.value = query;
  notice.hidden = true;
  say("Loading the search index…");

  let pagefind;
  try {
    pagefind = await import(`${form.dataset.bundle}pagefind.js`);
    // Result URLs are stored with the site's base path already in them, so the base URL
    // Pagefind prefixes is the domain root.
    await pagefind.options({ basePath: form.dataset.bundle, baseUrl: "/", excerptLength: 24, excerptEllipsis: "…" });
    await pagefind.init();
  } catch (error) {
    notice.hidden = false;
    say("The search index could not be loaded.");
    return;
  }

  const filters = await pagefind.filters();
  fillSelect(yearSelect, filters.year, year);
  fillSelect(personSelect, filters.person, person);
  form.querySelector(".search-filters").hidden = false;
  // Changing a filter runs the search again, as the button would.
  for (const select of [yearSelect, personSelect]) {
    select.addEventListener("change", () => form.requestSubmit());
  }

  if (!query.trim() && !year && !person) {
    say("");
    return;
  }
  const chosen = {};
  if (year) chosen.year = year;
  if (person) chosen.person = person;
  say("Searching…");
  const search = await pagefind.search(query.trim() || null, { filters: chosen });
  if (!search || search.results.length === 0) {
    say("No documents found. Try another spelling, fewer words, or another filter.");
    return;
  }
  const shown = search.results.slice(0, 50);
  const results = await Promise.all(shown.map((r) => r.data()));
  results.forEach(showResult);
  const count = search.results.length;
  say(`${count} ${count === 1 ? "document" : "documents"} found${count > shown.length ? `, the first ${shown.length} shown` : ""}.`);
}

main();
