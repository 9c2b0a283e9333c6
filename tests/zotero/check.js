#!/usr/bin/env node
// Runs Zotero's own translators (through Zotero's translation-server) on Folio's output and
// compares the items Zotero would save with what the edition says.
//
// Usage: node check.js DIR SERVER_URL
//   DIR/cases.json  [{"name": ..., "kind": "web", "input": URL, "expected": {...}, "absent": [...]},
//                    {"name": ..., "kind": "import", "input": FILE (relative to DIR), ...}]
//   SERVER_URL      a running translation-server (http://127.0.0.1:PORT)
// "web" posts the page's URL to /web (the translator with the lowest priority number that
// detects the page saves it, as in the Zotero Connector); "import" posts the file to
// /import (RIS, BibTeX, CSL JSON: the translator that detects the text). Each expected field must be
// equal (JSON) in the first item returned; each "absent" field must be missing. For "web"
// the translator used must be Embedded Metadata (`libraryCatalog` is the page's host).
// Prints one line per check and "N passed, N failed"; exits 1 on any failure.

"use strict";

const fs = require("fs");
const path = require("path");

// JSON with object keys sorted, so that key order does not count.
function canonical(value) {
	if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
	if (value && typeof value === "object") {
		return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
	}
	return JSON.stringify(value);
}

async function main() {
	const [dir, server] = process.argv.slice(2);
	if (!dir || !server) {
		console.log("usage: node check.js DIR SERVER_URL");
		return 2;
	}
	const cases = JSON.parse(fs.readFileSync(path.join(dir, "cases.json"), "utf8"));
	let passed = 0;
	let failed = 0;
	const check = (ok, label, detail) => {
		if (ok) {
			passed++;
			console.log(`ok   ${label}`);
		}
		else {
			failed++;
			console.log(`FAIL ${label} ${detail || ""}`);
		}
	};
	for (const c of cases) {
		let response;
		if (c.kind === "web") {
			response = await fetch(`${server}/web`, {
				method: "POST",
				headers: { "Content-Type": "text/plain" },
				body: c.input,
			});
		}
		else {
			response = await fetch(`${server}/import`, {
				method: "POST",
				headers: { "Content-Type": "text/plain" },
				body: fs.readFileSync(path.resolve(dir, c.input), "utf8"),
			});
		}
		const text = await response.text();
		check(response.status === 200, `${c.name}: translated`, `HTTP ${response.status}: ${text.slice(0, 300)}`);
		if (response.status !== 200) continue;
		const items = JSON.parse(text);
		const item = items[0] || {};
		fs.writeFileSync(path.join(dir, `${c.name.replace(/[^A-Za-z0-9_.-]/g, "_")}.zotero.json`), JSON.stringify(items, null, 1));
		for (const [field, want] of Object.entries(c.expected)) {
			// `null` in an expected item: Zotero saves nothing in that field.
			const got = want === null && (item[field] === undefined || item[field] === "") ? null : item[field];
			check(canonical(got) === canonical(want), `${c.name}: ${field}`,
				`\n     want ${JSON.stringify(want)}\n     got  ${JSON.stringify(got)}`);
		}
		for (const field of c.absent || []) {
			check(!(field in item), `${c.name}: no ${field}`, JSON.stringify(item[field]));
		}
	}
	console.log(`${passed} passed, ${failed} failed`);
	return failed === 0 && passed > 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (e) => {
	console.log(`FAIL ${e && e.stack || e}`);
	console.log("0 passed, 1 failed");
	process.exit(1);
});
