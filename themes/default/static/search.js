// Search page: runs the static index built by `folio build` (format in src/site/search.rs),
// in the browser, with no server. The form is a plain GET form (q, year, person), so a search
// has an address, the back button works, and without JavaScript the page still explains
// where else to look.

const form = document.querySelector(".search-form");
const input = document.getElementById("search-input");
const yearSelect = document.getElementById("search-year");
const personSelect = document.getElementById("search-person");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const notice = document.querySelector(".search-needs-script");
const bundle = form.dataset.bundle;
const PAGE_SIZE = 20;
const EXCERPT_CHARS = 90;

function say(text) {
  status.textContent = text;
}

async function loadJson(path) {
  const response = await fetch(bundle + path);
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

// The same terms as the index: decomposed, without combining marks, lower case; runs of
// letters and digits.
function normalise(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}
function terms(text) {
  return normalise(text).match(/[\p{L}\p{N}]+/gu) || [];
}
function shardKey(term) {
  const bytes = new TextEncoder().encode(Array.from(term).slice(0, 2).join(""));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
function ungap(gaps) {
  let number = 0;
  return gaps.map((gap) => (number += gap));
}
function intersect(a, b) {
  const set = new Set(b);
  return a.filter((n) => set.has(n));
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

// Documents whose terms start with every query word; those matching more words exactly come
// first, then chronological order.
async function find(meta, words) {
  const shards = new Set(meta.shards);
  let found = null;
  const exact = new Map();
  for (const word of words) {
    const key = shardKey(word);
    const shard = shards.has(key) ? await loadJson(`terms/${key}.json`) : {};
    const matches = new Set();
    for (const [term, gaps] of Object.entries(shard)) {
      if (!term.startsWith(word)) continue;
      for (const n of ungap(gaps)) {
        matches.add(n);
        if (term === word) exact.set(n, (exact.get(n) || 0) + 1);
      }
    }
    found = found === null ? [...matches] : found.filter((n) => matches.has(n));
  }
  return found
    .sort((a, b) => (exact.get(b) || 0) - (exact.get(a) || 0) || a - b);
}

const chunks = new Map();
async function describe(meta, number) {
  const chunk = Math.floor(number / meta.chunk);
  if (!chunks.has(chunk)) chunks.set(chunk, loadJson(`documents/${chunk}.json`));
  const [url, title, date] = (await chunks.get(chunk))[number % meta.chunk];
  return { url, title, date };
}

// An excerpt from the document's own page: the first passage with a query word, the words
// marked. Falls back to the opening of the text (e.g. a match on a name variant).
async function excerpt(url, words) {
  try {
    const html = await (await fetch(url)).text();
    const page = new DOMParser().parseFromString(html, "text/html");
    const root = page.querySelector("[data-search-text]");
    if (!root) return null;
    for (const hidden of root.querySelectorAll(".visually-hidden")) hidden.remove();
    // Paragraphs end without a space in textContent; put one after every block.
    for (const block of root.querySelectorAll("p, li, h2, h3, h4, blockquote, header, footer, aside, div, br")) block.after(" ");
    const text = root.textContent.replace(/\s+/g, " ").trim();
    const wordPattern = /[\p{L}\p{N}\p{M}]+/gu;
    const hits = [];
    for (const match of text.matchAll(wordPattern)) {
      const term = normalise(match[0]);
      if (words.some((w) => term.startsWith(w))) hits.push([match.index, match.index + match[0].length]);
    }
    const centre = hits.length ? hits[0][0] : 0;
    let start = Math.max(0, centre - EXCERPT_CHARS);
    let end = Math.min(text.length, centre + EXCERPT_CHARS * 2);
    if (start > 0) start = text.indexOf(" ", start) + 1;
    if (end < text.length) end = Math.max(text.lastIndexOf(" ", end), centre + 1);
    return { text, start, end, hits: hits.filter(([a, b]) => a >= start && b <= end) };
  } catch {
    return null;
  }
}

function appendExcerpt(paragraph, found) {
  if (!found) return;
  const { text, start, end, hits } = found;
  if (start > 0) paragraph.append("… ");
  let at = start;
  for (const [a, b] of hits) {
    paragraph.append(text.slice(at, a));
    const mark = document.createElement("mark");
    mark.textContent = text.slice(a, b);
    paragraph.append(mark);
    at = b;
  }
  paragraph.append(text.slice(at, end));
  if (end < text.length) paragraph.append(" …");
}

function showResult(data, found) {
  const item = document.createElement("li");
  item.className = "search-result";
  const link = document.createElement("a");
  link.className = "search-result__title";
  link.href = data.url;
  link.textContent = data.title || data.url;
  item.append(link);
  if (data.date) {
    const date = document.createElement("p");
    date.className = "search-result__date";
    date.textContent = data.date;
    item.append(date);
  }
  const paragraph = document.createElement("p");
  paragraph.className = "search-result__excerpt";
  appendExcerpt(paragraph, found);
  item.append(paragraph);
  list.append(item);
}

async function showPage(meta, numbers, from, words, moreButton) {
  const shown = numbers.slice(from, from + PAGE_SIZE);
  const rows = await Promise.all(
    shown.map(async (n) => {
      const data = await describe(meta, n);
      return [data, await excerpt(data.url, words)];
    }),
  );
  for (const [data, found] of rows) showResult(data, found);
  const count = numbers.length;
  const upTo = from + shown.length;
  say(`${count} ${count === 1 ? "document" : "documents"} found${count > upTo ? `, the first ${upTo} shown` : ""}.`);
  moreButton.hidden = upTo >= count;
  moreButton.onclick = () => showPage(meta, numbers, upTo, words, moreButton);
}

async function main() {
  const params = new URLSearchParams(window.location.search);
  const query = params.get("q") || "";
  const year = params.get("year") || "";
  const person = params.get("person") || "";
  input.value = query;
  notice.hidden = true;
  say("Loading the search index…");

  let meta;
  try {
    meta = await loadJson("meta.json");
  } catch {
    notice.hidden = false;
    say("The search index could not be loaded.");
    return;
  }
  fillSelect(yearSelect, meta.filters.year, year);
  fillSelect(personSelect, meta.filters.person, person);
  form.querySelector(".search-filters").hidden = false;
  // Changing a filter runs the search again, as the button would.
  for (const select of [yearSelect, personSelect]) {
    select.addEventListener("change", () => form.requestSubmit());
  }

  // One-letter words are too common to narrow a search; they are skipped unless alone.
  let words = terms(query);
  if (words.some((w) => w.length > 1)) words = words.filter((w) => w.length > 1);
  if (words.length === 0 && !year && !person) {
    say("");
    return;
  }
  say("Searching…");
  let numbers = words.length ? await find(meta, words) : null;
  if (year || person) {
    const filters = await loadJson("filters.json");
    for (const [kind, value] of [["year", year], ["person", person]]) {
      if (!value) continue;
      const allowed = ungap(filters[kind][value] || []);
      numbers = numbers === null ? allowed : intersect(numbers, allowed);
    }
  }
  if (numbers.length === 0) {
    say("No documents found. Try another spelling, fewer words, or another filter.");
    return;
  }
  const moreButton = document.createElement("button");
  moreButton.type = "button";
  moreButton.className = "search-more";
  moreButton.textContent = "Show more results";
  list.after(moreButton);
  await showPage(meta, numbers, 0, words, moreButton);
}

main();
