// Folio default theme: progressive enhancement only. Every page works without this file.
// Copy buttons: shown only when the clipboard can be used; without JavaScript the citation
// text is selected as a whole by one click (CSS user-select: all).
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
