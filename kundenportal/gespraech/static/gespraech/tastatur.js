// Tastatur zuerst: 1–9 wählt eine Option (Fokus), Enter bestätigt (Standard des Knopfs),
// Alt+Z oder Rücktaste ändert die vorige Antwort. In Eingabefeldern bleiben die Tasten normal.
(function () {
  "use strict";
  var antwort = document.getElementById("antwort");
  var zurueck = document.getElementById("zurueck");
  var knoepfe = antwort ? antwort.querySelectorAll("button[data-taste]") : [];
  if (knoepfe.length) { knoepfe[0].focus(); }
  document.addEventListener("keydown", function (e) {
    var ziel = e.target;
    var tippt = ziel && (ziel.tagName === "INPUT" || ziel.tagName === "TEXTAREA" || ziel.tagName === "SELECT"
      || ziel.isContentEditable);
    if ((e.altKey && (e.key === "z" || e.key === "Z")) || (!tippt && e.key === "Backspace")) {
      if (zurueck) { e.preventDefault(); zurueck.submit(); }
      return;
    }
    if (tippt || e.altKey || e.ctrlKey || e.metaKey) { return; }
    if (/^[1-9]$/.test(e.key)) {
      var knopf = antwort && antwort.querySelector('button[data-taste="' + e.key + '"]');
      if (knopf) {
        e.preventDefault();
        knoepfe.forEach(function (k) { k.setAttribute("aria-pressed", "false"); });
        knopf.setAttribute("aria-pressed", "true");
        knopf.focus();
      }
    }
  });
})();
