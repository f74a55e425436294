// Tastatur zuerst: 1–9 wählt eine Option (Fokus), Enter bestätigt (Standard des Knopfs),
// Alt+Z oder Rücktaste ändert die vorige Antwort. In Eingabefeldern bleiben die Tasten normal.
// Die Formulare werden bei jedem Tastendruck neu gesucht: htmx ersetzt den Gesprächsbereich.
(function () {
  "use strict";
  function knoepfe() {
    var antwort = document.getElementById("antwort");
    return antwort ? Array.prototype.slice.call(antwort.querySelectorAll("button[data-taste]")) : [];
  }
  var erste = knoepfe();
  if (erste.length) { erste[0].focus(); }
  document.addEventListener("keydown", function (e) {
    var ziel = e.target;
    var tippt = ziel && (ziel.tagName === "INPUT" || ziel.tagName === "TEXTAREA" || ziel.tagName === "SELECT"
      || ziel.isContentEditable);
    if ((e.altKey && (e.key === "z" || e.key === "Z")) || (!tippt && e.key === "Backspace")) {
      var zurueck = document.getElementById("zurueck");
      // requestSubmit löst das submit-Ereignis aus: mit htmx ohne Neuladen, sonst gewöhnlich.
      if (zurueck) { e.preventDefault(); zurueck.requestSubmit(); }
      return;
    }
    if (tippt || e.altKey || e.ctrlKey || e.metaKey) { return; }
    if (/^[1-9]$/.test(e.key)) {
      var alle = knoepfe();
      var knopf = alle.filter(function (k) { return k.getAttribute("data-taste") === e.key; })[0];
      if (knopf) {
        e.preventDefault();
        alle.forEach(function (k) { k.setAttribute("aria-pressed", "false"); });
        knopf.setAttribute("aria-pressed", "true");
        knopf.focus();
      }
    }
  });
  // Nach einem Schritt ohne Neuladen: die Live-Region sagt an, was sich geändert hat, und der Fokus
  // springt auf die Überschrift der neuen Frage (Bildschirmleser lesen sie vor).
  document.addEventListener("htmx:afterSettle", function () {
    var bereich = document.getElementById("gespraech");
    var inhalt = bereich && bereich.querySelector("[data-ansage]");
    var ansage = document.getElementById("ansage");
    if (!inhalt || !ansage) { return; }
    ansage.textContent = inhalt.getAttribute("data-ansage");
    var titel = document.getElementById("frage-titel");
    if (titel) { titel.focus(); }
    bereit("bereit");
  });
  // Zustand für Hilfsmittel und Tests: "laedt" während eines Schritts, danach wieder "bereit".
  function bereit(zustand) { document.documentElement.setAttribute("data-tastatur", zustand); }
  document.addEventListener("htmx:beforeRequest", function () { bereit("laedt"); });
  document.addEventListener("htmx:responseError", function () { bereit("bereit"); });
  bereit("bereit");
})();
