// Folio default theme: progressive enhancement only. Every page works without this file.
// Copy buttons: shown only when the clipboard can be used; without JavaScript the citation
// text is selected as a whole by one click (CSS user-select: all).

// Parallel text: a switch between both texts side by side, the original only and the
// translation only. A phone starts on the translation; the choice is kept for the visit.
(function () {
  "use strict";
  var parallel = document.querySelector(".parallel");
  var switcher = document.querySelector(".view-switch");
  if (!parallel || !switcher) return;
  var buttons = switcher.querySelectorAll("button[data-view]");
  function show(view) {
    parallel.setAttribute("data-view", view);
    buttons.forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-view") === view));
    });
  }
  var stored = null;
  try { stored = sessionStorage.getItem("folio-parallel-view"); } catch (e) { /* storage off */ }
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
