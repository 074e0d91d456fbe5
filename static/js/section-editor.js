// The tiny toolbar of the consolidated report's sections: bold, italic and list items in the
// light markup the PDF understands (**bold**, *italic*, "- " lines). It only changes the text in
// the textarea and fires an "input" event, so htmx autosaves exactly as if the user had typed.
// (Forms with data-confirm ask before posting: static/js/app.js.) Served from static/, never a CDN.
(function () {
  "use strict";

  function changed(textarea, value, start, end) {
    textarea.value = value;
    textarea.focus();
    textarea.setSelectionRange(start, end);
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function wrap(textarea, marker) {
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    var text = textarea.value;
    var selected = text.slice(start, end);
    // Markers must touch the text: "**word** " rather than "** word **".
    var lead = selected.match(/^\s*/)[0];
    var trail = selected.match(/\s*$/)[0];
    var core = selected.trim();
    if (!core) {
      core = marker === "**" ? "chữ đậm" : "chữ nghiêng";
      lead = trail = "";
    }
    var inserted = lead + marker + core + marker + trail;
    var coreStart = start + lead.length + marker.length;
    changed(textarea, text.slice(0, start) + inserted + text.slice(end), coreStart, coreStart + core.length);
  }

  function list(textarea) {
    var text = textarea.value;
    var start = text.lastIndexOf("\n", textarea.selectionStart - 1) + 1;
    var endBreak = text.indexOf("\n", textarea.selectionEnd);
    var end = endBreak === -1 ? text.length : endBreak;
    var lines = text.slice(start, end).split("\n");
    var allItems = lines.every(function (line) { return /^\s*- /.test(line) || !line.trim(); });
    var result = lines.map(function (line) {
      if (!line.trim()) { return line; }
      return allItems ? line.replace(/^\s*- /, "") : "- " + line.replace(/^\s*/, "");
    }).join("\n");
    changed(textarea, text.slice(0, start) + result + text.slice(end), start, start + result.length);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-editor-for] button");
    if (!button) { return; }
    var toolbar = button.closest("[data-editor-for]");
    var textarea = document.getElementById(toolbar.getAttribute("data-editor-for"));
    if (!textarea) { return; }
    event.preventDefault();
    if (button.hasAttribute("data-wrap")) {
      wrap(textarea, button.getAttribute("data-wrap"));
    } else if (button.hasAttribute("data-list")) {
      list(textarea);
    }
  });

  document.addEventListener("keydown", function (event) {
    if (!(event.ctrlKey || event.metaKey) || !event.target.matches("textarea.section-text")) { return; }
    var key = event.key.toLowerCase();
    if (key === "b" || key === "i") {
      event.preventDefault();
      wrap(event.target, key === "b" ? "**" : "*");
    }
  });

  // A stale save answers 409 with both texts: show them (htmx leaves 4xx answers unswapped).
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // "Keep my text": save again at the version now stored, on purpose.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-keep-version]");
    if (!button) { return; }
    var id = button.getAttribute("data-section-form");
    var version = document.getElementById("id_s" + id + "-version");
    if (!version || !window.htmx) { return; }
    event.preventDefault();
    version.value = button.getAttribute("data-keep-version");
    window.htmx.trigger(version.form, "submit");
  });

})();
