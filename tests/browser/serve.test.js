// `folio serve` as an editor meets it, in headless Chromium: a page open in the browser
// reloads by itself when its document is saved, shows the error overlay when the front
// matter breaks, and drops it once the file is fixed.
//
// Run by tests/browser/run.sh, which names the folio binary in FOLIO_BIN.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { chromium } from "playwright-core";

const here = path.dirname(new URL(import.meta.url).pathname);
const repository = path.resolve(here, "../..");
const FOLIO = process.env.FOLIO_BIN || path.join(repository, "target/debug/folio");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const DOC = "content/documents/1961-09-30-chervonenko-deng-xiaoping.md";
const PAGE = "documents/1961-09-30-chervonenko-deng-xiaoping/";

let browser;
let server;
let edition;
let url;

/** Starts `folio serve` on a copy of the sample edition; resolves to the URL it prints. */
function startServer(root) {
  return new Promise((resolve, reject) => {
    server = spawn(FOLIO, ["serve", "--port", "0", "--root", root], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const timer = setTimeout(() => reject(new Error(`folio serve printed no URL:\n${output}`)), 60000);
    const read = (chunk) => {
      output += chunk;
      const found = output.match(/Serving .* at (http:\/\/\S+)/);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    };
    server.stdout.on("data", read);
    server.stderr.on("data", read);
    server.on("exit", (code) => reject(new Error(`folio serve exited (${code}):\n${output}`)));
  });
}

function edit(from, to) {
  const file = path.join(edition, DOC);
  const text = fs.readFileSync(file, "utf8");
  assert.ok(text.includes(from), `${DOC} holds ${JSON.stringify(from)}`);
  fs.writeFileSync(file, text.replace(from, to));
}

before(async () => {
  assert.ok(fs.existsSync(FOLIO), `no folio binary at ${FOLIO}: run cargo build`);
  edition = fs.mkdtempSync(path.join(os.tmpdir(), "folio-serve-"));
  for (const item of ["site.toml", "content", "themes"]) {
    fs.cpSync(path.join(repository, item), path.join(edition, item), { recursive: true });
  }
  url = await startServer(edition);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (edition) fs.rmSync(edition, { recursive: true, force: true });
});

test("an open page reloads on save, shows the overlay on a broken file and drops it on the fix", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const scriptErrors = [];
  page.on("pageerror", (error) => scriptErrors.push(error.message));
  // The reload channel is open once the server has answered its request.
  const channel = page.waitForResponse((r) => r.url().endsWith("/__folio/events"));
  await page.goto(url + PAGE);
  await channel;
  const heading = await page.locator("h1").textContent();
  assert.doesNotMatch(await page.locator("main").textContent(), /SAVED-IN-THE-EDITOR/);

  // 1. Saving the document reloads the open page with the change, with no action of the reader.
  let reloaded = page.waitForEvent("load", { timeout: 10000 });
  edit("ended....", "ended.... SAVED-IN-THE-EDITOR");
  await reloaded;
  await page.locator("main", { hasText: "SAVED-IN-THE-EDITOR" }).waitFor({ timeout: 10000 });
  assert.equal(await page.locator("#folio-errors").count(), 0);

  // 2. Broken front matter: the overlay appears over the page, naming the file and line,
  //    and the last good page stays beneath it.
  edit("kind: Diary entry\n", "kind: [Diary entry\n");
  const overlay = page.locator("#folio-errors");
  await overlay.waitFor({ state: "visible", timeout: 10000 });
  const message = await overlay.textContent();
  assert.match(message, /broken front matter/);
  assert.match(message, /1961-09-30-chervonenko-deng-xiaoping\.md:5:7/);
  assert.equal(await page.locator("h1").textContent(), heading);
  assert.match(await page.locator("main").textContent(), /SAVED-IN-THE-EDITOR/);

  // 3. The fix: the page reloads and the overlay is gone.
  reloaded = page.waitForEvent("load", { timeout: 10000 });
  edit("kind: [Diary entry\n", "kind: Diary entry\n");
  await reloaded;
  await overlay.waitFor({ state: "detached", timeout: 10000 });
  assert.match(await page.locator("main").textContent(), /SAVED-IN-THE-EDITOR/);

  // 4. A second edit after the fix is still seen: the channel survived the reloads.
  reloaded = page.waitForEvent("load", { timeout: 10000 });
  edit("SAVED-IN-THE-EDITOR", "SAVED-AGAIN");
  await reloaded;
  await page.locator("main", { hasText: "SAVED-AGAIN" }).waitFor({ timeout: 10000 });
  assert.deepEqual(scriptErrors, []);
  await context.close();
});
