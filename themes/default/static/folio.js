// Folio default theme: progressive enhancement only. Every page works without this file.
// Copy buttons: shown only when the clipboard can be used; without JavaScript the citation
// text is selected as a whole by one click (CSS user-select: all).

// Parallel text: a switch between both texts side by side, the original only, the
// translation only and the facsimile beside the translation. A phone starts on the
// translation; the choice is kept for the visit.
(function () {
  "use strict";
  var article = document.querySelector(".document--parallel");
  var switcher = document.querySelector(".view-switch");
  if (!article || !switcher) return;
  var buttons = switcher.querySelectorAll("button[data-view]");
  function show(view) {
    article.setAttribute("data-view", view);
    buttons.forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-view") === view));
    });
  }
  var stored = null;
  try { stored = sessionStorage.getItem("folio-parallel-view"); } catch (e) { /* storage off */ }
  if (!switcher.querySelector('[data-view="' + stored + '"]')) stored = null;
  var narrow = window.matchMedia("(max-width: 59.99rem)").matches;
  show(stored || (narrow ? "translation" : "both"));
  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      var view = button.getAttribute("data-view");
      show(view);
      try { sessionStorage.setItem("folio-parallel-view", view); } catch (e) { /* storage off */ }
    });
  });
  switcher.hidden = false;
})();

// Facsimile viewer: one page at a time, with page turning and zoom (the largest image is
// loaded once zoomed; drag with the mouse or scroll to move around). Without this file the
// pages are a list of images, each linking to its largest size.
(function () {
  "use strict";
  var section = document.querySelector(".facsimile");
  var list = section && section.querySelector(".facsimile__pages");
  if (!list) return;
  var pages = Array.prototype.slice.call(list.querySelectorAll(".facsimile__page"));
  if (!pages.length) return;
  var index = 0;
  var scale = 1;
  var MAX_SCALE = 8;

  function button(label, text) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    if (label) b.setAttribute("aria-label", label);
    return b;
  }
  var viewer = document.createElement("div");
  viewer.className = "facsimile__viewer";
  var toolbar = document.createElement("div");
  toolbar.className = "facsimile__toolbar";
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", "Facsimile");
  var previous = button("Previous page", "\u2190 Previous");
  var next = button("Next page", "Next \u2192");
  var zoomOut = button("Zoom out", "\u2212");
  var zoomIn = button("Zoom in", "+");
  var fit = button("Fit the page", "Fit");
  var status = document.createElement("p");
  status.className = "facsimile__status";
  status.setAttribute("aria-live", "polite");
  [previous, next, zoomOut, zoomIn, fit].forEach(function (b) { toolbar.appendChild(b); });
  toolbar.appendChild(status);
  var frame = document.createElement("div");
  frame.className = "facsimile__frame";
  frame.tabIndex = 0;
  frame.setAttribute("role", "region");
  frame.setAttribute("aria-label", "Page image (scroll or drag to move when zoomed)");
  var image = document.createElement("img");
  frame.appendChild(image);
  viewer.appendChild(toolbar);
  viewer.appendChild(frame);

  function show(keepCentre) {
    var page = pages[index];
    var shown = page.querySelector("img");
    var centreX = (frame.scrollLeft + frame.clientWidth / 2) / (frame.scrollWidth || 1);
    var centreY = (frame.scrollTop + frame.clientHeight / 2) / (frame.scrollHeight || 1);
    var source = scale > 1 ? page.getAttribute("data-full") : shown.getAttribute("src");
    if (image.getAttribute("src") !== source) image.setAttribute("src", source);
    image.alt = shown.alt;
    image.style.width = Math.round(fitWidth(shown) * scale) + "px";
    frame.toggleAttribute("data-zoomed", scale > 1);
    frame.setAttribute("data-page", String(index + 1));
    frame.setAttribute("data-scale", String(scale));
    if (keepCentre) {
      frame.scrollLeft = centreX * frame.scrollWidth - frame.clientWidth / 2;
      frame.scrollTop = centreY * frame.scrollHeight - frame.clientHeight / 2;
    } else {
      frame.scrollLeft = 0;
      frame.scrollTop = 0;
    }
    status.textContent = "Page " + (index + 1) + " of " + pages.length + ": " +
      page.getAttribute("data-label") + (scale > 1 ? " \u00b7 zoom " + scale + "\u00d7" : "");
    previous.disabled = index === 0;
    next.disabled = index === pages.length - 1;
    zoomOut.disabled = scale <= 1;
    fit.disabled = scale <= 1;
    zoomIn.disabled = scale >= MAX_SCALE;
  }
  // The width at which the whole page shows in the frame.
  function fitWidth(shown) {
    var width = frame.clientWidth;
    var ratio = shown.getAttribute("width") ?
      shown.getAttribute("width") / shown.getAttribute("height") :
      image.naturalWidth / image.naturalHeight;
    return ratio > 0 ? Math.min(width, frame.clientHeight * ratio) : width;
  }
  function turn(step) {
    index = Math.min(pages.length - 1, Math.max(0, index + step));
    scale = 1;
    show(false);
  }
  function zoom(factor) {
    scale = Math.min(MAX_SCALE, Math.max(1, scale * factor));
    show(true);
  }
  previous.addEventListener("click", function () { turn(-1); });
  next.addEventListener("click", function () { turn(1); });
  zoomIn.addEventListener("click", function () { zoom(2); });
  zoomOut.addEventListener("click", function () { zoom(0.5); });
  fit.addEventListener("click", function () { scale = 1; show(false); });
  frame.addEventListener("keydown", function (event) {
    if (event.key === "+" || event.key === "=") zoom(2);
    else if (event.key === "-") zoom(0.5);
    else if (event.key === "PageDown") turn(1);
    else if (event.key === "PageUp") turn(-1);
    else return;
    event.preventDefault();
  });
  var drag = null;
  frame.addEventListener("pointerdown", function (event) {
    if (event.pointerType !== "mouse" || scale <= 1) return;
    drag = { x: event.clientX, y: event.clientY, left: frame.scrollLeft, top: frame.scrollTop };
    frame.setPointerCapture(event.pointerId);
    event.preventDefault();
  });
  frame.addEventListener("pointermove", function (event) {
    if (!drag) return;
    frame.scrollLeft = drag.left - (event.clientX - drag.x);
    frame.scrollTop = drag.top - (event.clientY - drag.y);
  });
  frame.addEventListener("pointerup", function () { drag = null; });
  frame.addEventListener("pointercancel", function () { drag = null; });

  list.hidden = true;
  section.insertBefore(viewer, list);
  show(false);
  window.addEventListener("resize", function () { show(true); });
  // An image service elsewhere is not measured: fit it once its size is known.
  image.addEventListener("load", function () { if (scale === 1) show(false); });
})();

// Citation box: one style at a time, chosen from tabs; the choice is kept for the next
// page. Without this file every style is shown, one after another.
(function () {
  "use strict";
  var box = document.querySelector(".citation");
  var panels = box ? Array.prototype.slice.call(box.querySelectorAll(".citation__style[id]")) : [];
  if (panels.length < 2) return;
  var tabs = document.createElement("div");
  tabs.className = "citation__tabs";
  tabs.setAttribute("role", "tablist");
  tabs.setAttribute("aria-label", "Citation style");
  var buttons = panels.map(function (panel) {
    var tab = document.createElement("button");
    tab.type = "button";
    tab.id = panel.id + "-tab";
    tab.setAttribute("role", "tab");
    tab.setAttribute("aria-controls", panel.id);
    tab.textContent = panel.getAttribute("data-style-label");
    panel.setAttribute("role", "tabpanel");
    panel.setAttribute("aria-labelledby", tab.id);
    panel.classList.add("citation__style--tabbed");
    tabs.appendChild(tab);
    return tab;
  });
  function choose(index, focus) {
    panels.forEach(function (panel, i) {
      var chosen = i === index;
      panel.hidden = !chosen;
      buttons[i].setAttribute("aria-selected", String(chosen));
      buttons[i].tabIndex = chosen ? 0 : -1;
    });
    if (focus) buttons[index].focus();
  }
  var stored = null;
  try { stored = localStorage.getItem("folio-citation-style"); } catch (e) { /* storage off */ }
  var start = panels.findIndex(function (p) { return p.id === stored; });
  if (start < 0) start = Math.max(0, panels.findIndex(function (p) { return p.classList.contains("citation__style--default"); }));
  buttons.forEach(function (tab, i) {
    tab.addEventListener("click", function () {
      choose(i, false);
      try { localStorage.setItem("folio-citation-style", panels[i].id); } catch (e) { /* storage off */ }
    });
    tab.addEventListener("keydown", function (event) {
      var next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: buttons.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      buttons[(next + buttons.length) % buttons.length].click();
      buttons[(next + buttons.length) % buttons.length].focus();
    });
  });
  box.insertBefore(tabs, panels[0]);
  choose(start, false);
})();

(function () {
  "use strict";
  if (!navigator.clipboard) return;
  document.querySelectorAll(".copy-button[data-copy-target]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    if (!target) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = target.innerText.trim();
      navigator.clipboard.writeText(text).then(function () {
        button.setAttribute("data-copied", "");
        button.textContent = "Copied";
        setTimeout(function () {
          button.removeAttribute("data-copied");
          button.textContent = "Copy";
        }, 2000);
      }, function () {
        var range = document.createRange();
        range.selectNodeContents(target);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      });
    });
  });
})();
