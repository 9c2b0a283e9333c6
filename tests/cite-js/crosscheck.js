#!/usr/bin/env node
// Cross-checks Folio's citations against citeproc-js, the CSL engine Zotero uses.
//
// Usage: node crosscheck.js DIR
//   DIR/items.json     the edition's CSL-JSON (what Folio publishes as cite.json)
//   DIR/expected.json  {id: {chicago_note, chicago_bibliography, mla, apa}: {text, html}}
//                      as Folio's pages show them
// The styles and locale are the very files Folio embeds (src/cite/styles/).
// Prints one line per comparison and "N passed, N failed"; exits 1 on any difference.

'use strict';

const fs = require('fs');
const path = require('path');
const CSL = require('citeproc');

const STYLES = path.join(__dirname, '..', '..', 'src', 'cite', 'styles');
const dir = process.argv[2];
if (!dir) {
  console.error('usage: node crosscheck.js DIR (with items.json and expected.json)');
  process.exit(2);
}

const items = JSON.parse(fs.readFileSync(path.join(dir, 'items.json'), 'utf8'));
const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
const byId = Object.fromEntries(items.map((item) => [item.id, item]));
const locale = fs.readFileSync(path.join(STYLES, 'locales-en-US.xml'), 'utf8');
const sys = {
  retrieveLocale: () => locale,
  retrieveItem: (id) => byId[id],
};

// citeproc-js escapes `&` as `&#38;` and wraps entries in a div; Folio writes `&amp;` and
// bare inline HTML. Normalise both to compare the text and its italics.
function normaliseHtml(html) {
  return html
    .replace(/^\s*<div class="csl-entry">/, '')
    .replace(/<\/div>\s*$/, '')
    .replace(/&#38;/g, '&amp;')
    .replace(/&#60;/g, '&lt;')
    .replace(/&#62;/g, '&gt;')
    .replace(/&#34;/g, '&quot;')
    .replace(/&#39;/g, '&#39;')
    .trim();
}

// Each item is formatted alone, as on its page (no disambiguation against other items):
// `updateItems` makes it the only registered item, and `makeCitationCluster` keeps no
// citation history, so one engine per style and output format serves every item (parsing
// the Chicago style again for each item was most of the run).
const engines = new Map();
function engineFor(styleFile, outputFormat) {
  const key = `${styleFile} ${outputFormat}`;
  if (!engines.has(key)) {
    const xml = fs.readFileSync(path.join(STYLES, styleFile), 'utf8');
    const engine = new CSL.Engine(sys, xml, 'en-US', true);
    engine.setOutputFormat(outputFormat);
    engines.set(key, engine);
  }
  return engines.get(key);
}

function format(styleFile, id, outputFormat) {
  const engine = engineFor(styleFile, outputFormat);
  engine.updateItems([id]);
  const note = engine.makeCitationCluster([{ id }]);
  const [, entries] = engine.makeBibliography();
  return { note: note.trim(), bibliography: (entries[0] || '').trim() };
}

const checks = [
  ['chicago_note', 'chicago-notes-bibliography-17th-edition.csl', 'note'],
  ['chicago_bibliography', 'chicago-notes-bibliography-17th-edition.csl', 'bibliography'],
  ['mla', 'modern-language-association.csl', 'bibliography'],
  ['apa', 'apa.csl', 'bibliography'],
];

let passed = 0;
let failed = 0;
for (const id of Object.keys(expected).sort()) {
  if (!byId[id]) {
    console.log(`FAIL ${id}: not in items.json`);
    failed++;
    continue;
  }
  for (const [key, styleFile, part] of checks) {
    const want = expected[id][key];
    const text = format(styleFile, id, 'text')[part];
    const html = normaliseHtml(format(styleFile, id, 'html')[part]);
    for (const [kind, got, folio] of [['text', text, want.text], ['html', html, want.html]]) {
      if (got === folio) {
        passed++;
        console.log(`ok   ${id} ${key} (${kind})`);
      } else {
        failed++;
        console.log(`FAIL ${id} ${key} (${kind})\n  citeproc-js: ${got}\n  folio:       ${folio}`);
      }
    }
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
