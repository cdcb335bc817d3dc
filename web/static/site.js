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

  // Offers from a waiting list: the page states the absolute time to claim by; the script adds a
  // countdown beside it. The countdown itself is hidden from screen readers (a change every second
  // would be noise); a polite live region speaks only at 30, 10, 5 and 1 minutes left, and when the
  // time is up.
  var timers = document.querySelectorAll("time[data-countdown]");
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var now = Date.now();
    for (var i = 0; i < timers.length; i++) {
      var timer = timers[i];
      var end = Date.parse(timer.getAttribute("datetime"));
      if (isNaN(end)) continue;
      var box = timer.closest("[data-state=offer]");
      var shown = timer.nextElementSibling;
      var say = box ? box.querySelector("[data-countdown-say]") : null;
      var left = Math.max(0, Math.floor((end - now) / 1000));
      if (left === 0) {
        shown.textContent = " — " + timer.getAttribute("data-over");
        if (say && say.getAttribute("data-said") !== "over") {
          say.textContent = timer.getAttribute("data-over");
          say.setAttribute("data-said", "over");
        }
        continue;
      }
      var hours = Math.floor(left / 3600), minutes = Math.floor((left % 3600) / 60), seconds = left % 60;
      var clock = (hours ? hours + ":" + two(minutes) : minutes) + ":" + two(seconds);
      shown.textContent = " (" + timer.getAttribute("data-left").replace("%(time)s", clock) + ")";
      var marks = [30, 10, 5, 1];
      for (var m = 0; m < marks.length; m++) {
        var mark = marks[m];
        // Spoken once as the remaining time crosses the mark (not on a page opened long after it).
        if (left <= mark * 60 && left > mark * 60 - 30 && say && say.getAttribute("data-said") !== String(mark)) {
          say.textContent = timer.getAttribute("data-say-" + mark);
          say.setAttribute("data-said", String(mark));
        }
      }
    }
  }
  if (timers.length) {
    tick();
    window.setInterval(tick, 1000);
  }

  // After a failed submit, focus the first field with an error so keyboard users land on it.
  var invalid = document.querySelector("[aria-invalid=true]");
  if (invalid && typeof invalid.focus === "function") invalid.focus();
})();
