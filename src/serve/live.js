// Injected by `folio serve` only (never into `folio build` output): reloads the page when the
// site is rebuilt and shows build errors over the page. Messages are set as text, not HTML.
(function () {
  if (!window.EventSource) return;
  var source = new EventSource("/__folio/events");
  source.addEventListener("reload", function () { window.location.reload(); });
  source.addEventListener("errors", function (event) {
    var box = document.getElementById("folio-errors");
    if (!box) {
      box = document.createElement("div");
      box.id = "folio-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:99999;overflow:auto;margin:0;padding:1.5rem;background:rgba(20,20,20,.94);color:#fdd;font:14px/1.45 monospace;white-space:pre-wrap";
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0";
      box.appendChild(pre);
      document.body.appendChild(box);
    }
    box.firstChild.textContent = "folio serve: the last change did not build; the page shows the last good version.\n\n" + event.data;
  });
})();
