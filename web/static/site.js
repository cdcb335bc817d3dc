// Kinoclub's few page behaviours, written by hand. Pages work without it.
(function () {
  "use strict";

  // Forms marked data-confirm ask first (cancelling a booking, an evening, deleting a place).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    // Forms marked data-once send once: a second click would only wait for the same answer.
    if (form.hasAttribute("data-once")) {
      if (form.getAttribute("data-sent") === "1") {
        event.preventDefault();
        return;
      }
      form.setAttribute("data-sent", "1");
      var buttons = form.querySelectorAll("button[type=submit]");
      for (var i = 0; i < buttons.length; i++) {
        buttons[i].setAttribute("aria-disabled", "true");
        buttons[i].classList.add("busy");
      }
    }
  });

  // Coming back with the browser's Back button shows the page as it was left: let its forms send again.
  window.addEventListener("pageshow", function () {
    var sent = document.querySelectorAll("form[data-sent]");
    for (var i = 0; i < sent.length; i++) {
      sent[i].removeAttribute("data-sent");
      var buttons = sent[i].querySelectorAll("button.busy");
      for (var j = 0; j < buttons.length; j++) {
        buttons[j].classList.remove("busy");
        buttons[j].removeAttribute("aria-disabled");
      }
    }
  });

  // A share link selects itself and offers a copy button.
  var fields = document.querySelectorAll("input[data-copy]");
  for (var i = 0; i < fields.length; i++) {
    (function (field) {
      field.addEventListener("focus", function () { field.select(); });
      if (!navigator.clipboard) return;
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = field.getAttribute("data-copy-label") || "Copy link";
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value).then(function () {
          button.textContent = field.getAttribute("data-copied-label") || "Copied";
        });
      });
      field.insertAdjacentElement("afterend", button);
    })(fields[i]);
  }

  // The language switcher and the menu keep working without this script; with it, Escape closes the menu.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var menu = document.querySelector("details.menu[open]");
    if (menu) {
      menu.removeAttribute("open");
      menu.querySelector("summary").focus();
    }
  });

  // After a failed submit, focus the first field with an error so keyboard users land on it.
  var invalid = document.querySelector("[aria-invalid=true]");
  if (invalid && typeof invalid.focus === "function") invalid.focus();
})();
