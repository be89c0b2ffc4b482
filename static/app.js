// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  var dialoog = null;
  var terugNaar = null;

  function focusIn(root) {
    var doel = root.querySelector("[data-focus]") ||
      root.querySelector("[aria-invalid=true]") ||
      root.querySelector("input:not([type=hidden]), select, button");
    if (doel) { doel.focus(); }
  }

  // Every htmx request carries the CSRF token, like the forms do.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector("meta[name=csrf-token]");
    if (meta) { event.detail.headers["X-CSRFToken"] = meta.content; }
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-dialoog]");
    if (link) { terugNaar = link; }
    var sluit = event.target.closest("[data-sluit]");
    if (sluit && dialoog && dialoog.open) {
      event.preventDefault();
      dialoog.close();
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var doel = event.detail.target;
    if (doel.id === "dialoog-inhoud") {
      dialoog = document.getElementById("dialoog");
      if (!dialoog.open) { dialoog.showModal(); }
      focusIn(doel);
    } else if (doel.querySelector && doel.querySelector("[data-focus]")) {
      focusIn(doel);
    }
  });

  // htmx's outerHTML swap replaces the target: look for the new content in the document.
  document.addEventListener("htmx:afterSettle", function (event) {
    var nieuw = event.detail.elt;
    if (nieuw && nieuw.id === "inschrijven") { focusIn(nieuw); }
  });

  document.addEventListener("close", function (event) {
    if (event.target.id === "dialoog" && terugNaar && document.body.contains(terugNaar)) {
      terugNaar.focus();
    }
  }, true);
})();
