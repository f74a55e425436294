// Ungespeichertes geht nicht still verloren (Rundgang Redaktion: Quelltext oder ein Schritt geändert, dann
// „zur Übersicht“, ein Menüpunkt oder Neuladen — die Änderung war weg). Wer die Seite verlässt, während ein Feld
// eines Formulars anders steht als geladen oder eine Eingabe abgelehnt ist (aria-invalid: der Text steht noch im
// Feld, gespeichert ist er nicht), bekommt die Rückfrage des Browsers. Absenden zählt nicht; die Live-Vorschau
// (htmx) speichert nichts und ändert daran nichts. Wie die Rückfrage im Gespräch (gespraech/tastatur.js).
(function () {
  "use strict";
  var absenden = false;
  document.addEventListener("submit", function (e) {
    absenden = true;
    // „Entwurf verwerfen“ steht außerhalb des Editors: nach einem Speichern im Editor (htmx, Version steigt)
    // trüge es sonst die Version beim Laden der Seite und meldete einen Konflikt mit sich selbst.
    var form = e.target;
    var version = document.getElementById("id_version");
    if (form && form.hasAttribute && form.hasAttribute("data-version-des-editors") && version) {
      var feld = form.querySelector("input[name=version]");
      if (feld) { feld.value = version.value; }
    }
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    var quelle = e.detail && e.detail.elt;
    if (quelle && quelle.tagName === "FORM") { absenden = false; }
  });
  window.addEventListener("pageshow", function () { absenden = false; });

  function geaendert(feld) {
    if (feld.type === "hidden" || feld.disabled || feld.readOnly) { return false; }
    if (feld.type === "checkbox" || feld.type === "radio") { return feld.checked !== feld.defaultChecked; }
    if (feld.tagName === "SELECT") {
      return Array.prototype.some.call(feld.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    return feld.value !== feld.defaultValue;
  }

  window.addEventListener("beforeunload", function (e) {
    if (absenden) { return; }
    var felder = document.querySelectorAll("main form[method=post] input, main form[method=post] textarea, " +
      "main form[method=post] select");
    var offen = Array.prototype.some.call(felder, geaendert)
      || document.querySelector("main form [aria-invalid=true]") !== null;
    if (offen) { e.preventDefault(); e.returnValue = ""; }
  });
})();
