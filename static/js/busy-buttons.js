// Buttons that start slow work (drafting, issuing, the PDF preview) show that the server is
// working and cannot be pressed a second time while it does. A form marked data-busy disables
// its submit button after the first submit and puts a spinner and its data-busy text in it; a
// link marked data-busy does the same until the page is shown again. The server is idempotent
// anyway (a token per form); this only keeps people from waiting twice.
// No inline script or handler: the Content-Security-Policy forbids them.
(function () {
  "use strict";
  // Loaded by base.html and, before it was, by some pages too: the handlers are set once.
  if (window.busyButtonsLoaded) { return; }
  window.busyButtonsLoaded = true;

  function busy(element, text) {
    if (element.getAttribute("aria-disabled") === "true") { return false; }
    element.setAttribute("aria-disabled", "true");
    element.classList.add("disabled");
    if (element.tagName === "BUTTON") { element.disabled = true; }
    var spinner = document.createElement("span");
    spinner.className = "spinner-border spinner-border-sm me-1";
    spinner.setAttribute("aria-hidden", "true");
    element.textContent = text || element.textContent;
    element.prepend(spinner);
    return true;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-busy") || event.defaultPrevented) { return; }
    if (form.getAttribute("data-submitted") === "true") {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-submitted", "true");
    var button = event.submitter || form.querySelector("[type=submit]");
    if (button) {
      // A disabled button is not sent with the form: keep its name and value.
      if (button.name) {
        var copy = document.createElement("input");
        copy.type = "hidden";
        copy.name = button.name;
        copy.value = button.value;
        form.appendChild(copy);
      }
      // After this event: disabling the button now would cancel the submit in some browsers.
      window.setTimeout(function () { busy(button, form.getAttribute("data-busy")); }, 0);
    }
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-busy]");
    if (!link) { return; }
    if (link.getAttribute("aria-disabled") === "true") {
      event.preventDefault();
      return;
    }
    var original = link.innerHTML;
    busy(link, link.getAttribute("data-busy"));
    // A preview opened in a new tab leaves this page: give the button back after a while.
    window.setTimeout(function () {
      link.innerHTML = original;
      link.removeAttribute("aria-disabled");
      link.classList.remove("disabled");
    }, 8000);
  });

  // Back from the browser's cache: the buttons work again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form[data-submitted]").forEach(function (form) {
      form.removeAttribute("data-submitted");
    });
  });
})();
