// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  var dialoog = null;
  var terugNaar = null;
  var openSecties = null;
  var paginaFocus = null;
  var focusHref = null;
  var wizardFocus = null;

  function focusIn(root) {
    var doel = root.querySelector("[data-focus]") ||
      root.querySelector("[aria-invalid=true]") ||
      root.querySelector("input:not([type=hidden]), select, button");
    if (doel) { doel.focus(); }
  }

  // A field is an input, or a fieldset (a date, the radio buttons): its first input.
  function focusVeld(veld) {
    if (!veld) { return; }
    var doel = veld.matches("input, select, textarea, button") ? veld :
      veld.querySelector("input:not([type=hidden]), select, textarea, button");
    (doel || veld).focus();
  }

  function zoekLink(href) {
    return document.querySelector("[data-dialoog][href=\"" + CSS.escape(href) + "\"]");
  }

  function openDialoog() {
    dialoog = document.getElementById("dialoog");
    if (!dialoog.open) { dialoog.showModal(); }
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
    // 'Verder' after Gelukt or Time-out, 'Sluiten' after Niet gelukt (seed 004 §1.3): the
    // message goes and the work goes on in the form, at the field its link names.
    var melding = event.target.closest("[data-sluit-melding]");
    if (melding) {
      event.preventDefault();
      var veld = document.getElementById(decodeURIComponent(melding.hash.slice(1)));
      melding.closest(".uitkomst").remove();
      focusVeld(veld);
    }
  });

  // Time-out (seed 004 §1.3, §1.4.1): the register did not answer in time, could not be
  // reached, or a proxy answered for it. Whether the save was stored is unknown, so the
  // form's message says so, instead of nothing happening.
  function timeOut(event) {
    var form = event.detail.elt;
    var sjabloon = form && form.dataset && form.dataset.timeOut &&
      document.getElementById(form.dataset.timeOut);
    if (!sjabloon) { return; }
    var plaats = document.getElementById(sjabloon.dataset.plaats);
    plaats.replaceChildren(sjabloon.content.cloneNode(true));
    if (plaats.id === "dialoog-inhoud") {
      openDialoog();
      dialoog.dataset.ververs = "ja";
    }
    focusIn(plaats);
  }
  document.addEventListener("htmx:timeout", timeOut);
  document.addEventListener("htmx:sendError", timeOut);
  document.addEventListener("htmx:responseError", function (event) {
    if ([502, 503, 504].indexOf(event.detail.xhr.status) >= 0) { timeOut(event); }
  });

  // What a swap replaces, noted first. The overview is read again after a change:
  // sections the user opened stay open, and the focus stays on the same row's link. The
  // verzuim wizard is swapped whole: the focus goes to what the new step marks (the error
  // summary, the fields Selecteer contactpersoon filled in), else back to the field it was
  // on, instead of being lost with the old content.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var actief = document.activeElement;
    var bron = event.detail.requestConfig && event.detail.requestConfig.elt;  // the trigger
    var sectie = bron && bron.dataset && bron.dataset.pagina && bron.closest("details");
    if (sectie) {  // Vorige/Volgende of a section
      paginaFocus = {sectie: sectie.id, link: bron.dataset.pagina};
    } else if (event.detail.elt.id === "resultaten") {  // read again, not a new search
      openSecties = Array.prototype.map.call(
        document.querySelectorAll("#resultaten details[open]"), function (d) { return d.id; });
      focusHref = actief && actief.closest("#resultaten [data-dialoog]") ?
        actief.getAttribute("href") : null;
    } else if (event.detail.target.id === "wizard") {
      wizardFocus = actief ? actief.id : null;
    }
  });

  // Restored at once after the swap, not on settle: a 'Verder' clicked in between would
  // otherwise return the focus to a link inside a section not yet opened again.
  function herstelOverzicht() {
    if (paginaFocus) {
      // The same link on the new page (Volgende again), else the section's other one
      // there, else the section itself: the swap removed the one that had the focus.
      var nieuw = document.getElementById(paginaFocus.sectie);
      var plek = paginaFocus.link.split("-")[0];
      var doel = nieuw && (nieuw.querySelector('[data-pagina="' + paginaFocus.link + '"]') ||
        nieuw.querySelector('[data-pagina^="' + plek + '-"]') || nieuw.querySelector("summary"));
      paginaFocus = null;
      if (doel) { doel.focus(); }
      return;
    }
    if (!openSecties || !document.getElementById("resultaten")) { return; }
    openSecties.forEach(function (id) {
      var sectie = document.getElementById(id);
      if (sectie) { sectie.open = true; }
    });
    openSecties = null;
    var link = focusHref && zoekLink(focusHref);
    if (link) { link.focus(); }
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    herstelOverzicht();
    var doel = event.detail.target;
    if (doel.id === "dialoog-inhoud") {
      openDialoog();
      focusIn(doel);
    } else if (doel.querySelector && doel.querySelector("[data-focus]")) {
      focusIn(doel);
    }
  });

  function herstelWizard() {
    var wizard = document.getElementById("wizard");
    if (!wizard || wizardFocus === null) { return; }
    var doel = wizard.querySelector("[data-focus]") ||
      (wizardFocus && document.getElementById(wizardFocus));
    wizardFocus = null;
    if (doel) { doel.focus(); }
  }

  // htmx's outerHTML swap replaces the target: look for the new content in the document.
  document.addEventListener("htmx:afterSettle", function (event) {
    var nieuw = event.detail.elt;
    if (nieuw && nieuw.id === "inschrijven") { focusIn(nieuw); }
    herstelWizard();
  });

  document.addEventListener("close", function (event) {
    if (event.target.id !== "dialoog") { return; }
    if (dialoog.dataset.ververs) {
      // After a time-out the overview shows what the register stored (read again here,
      // or opened from the change page).
      delete dialoog.dataset.ververs;
      var verder = dialoog.querySelector("[data-ververs]");
      if (document.getElementById("resultaten")) {
        htmx.trigger(document.body, "inschrijvingGewijzigd");
      } else if (verder) {
        window.location.assign(verder.href);
      }
    }
    // The overview may have been read again since: its link for the same row.
    if (terugNaar && !document.body.contains(terugNaar)) {
      terugNaar = zoekLink(terugNaar.getAttribute("href"));
    }
    if (terugNaar) { terugNaar.focus(); }
  }, true);
})();
