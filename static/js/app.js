// Behaviour every page shares, in a file rather than inline: the Content-Security-Policy allows
// scripts from our own origin only, never inline handlers (onsubmit=, javascript: links).
(function () {
  "use strict";

  // <form data-confirm="Question?"> asks before posting (also when a button elsewhere names
  // the form with form="...").
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // <form data-submit-once>: the submit button is disabled once the form is on its way, so a
  // double click does not post twice. Registered after data-confirm, so a refusal leaves it on.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.hasAttribute("data-submit-once")) { return; }
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.disabled = true;
    });
  });

  // <a data-history-back>: back to the previous page, the link's own href if there is none.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-history-back]");
    if (link && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
})();
