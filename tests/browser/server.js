// A tiny static server for the built site, mounted under a sub-path as GitHub Pages serves a
// project site (http://127.0.0.1:PORT/sample/). Missing files get the site's 404.html, as on
// Pages. Loopback only.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
};

/** Serves `root` under `prefix` (starting and ending with `/`); resolves to { server, url }. */
export function serve(root, prefix) {
  const server = http.createServer((request, response) => {
    const address = new URL(request.url, "http://localhost");
    let pathname = decodeURIComponent(address.pathname);
    if (!pathname.startsWith(prefix)) {
      response.writeHead(404).end("outside the site");
      return;
    }
    let file = path.join(root, pathname.slice(prefix.length));
    if (!file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    if (pathname.endsWith("/")) file = path.join(file, "index.html");
    fs.readFile(file, (error, data) => {
      if (error) {
        fs.readFile(path.join(root, "404.html"), (e, page) => {
          response.writeHead(404, { "content-type": TYPES[".html"] }).end(e ? "not found" : page);
        });
        return;
      }
      const type = TYPES[path.extname(file)] || "application/octet-stream";
      response.writeHead(200, { "content-type": type }).end(data);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ server, url: `http://127.0.0.1:${port}${prefix}` });
    });
  });
}
