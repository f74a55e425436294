// Ein Datum, das es nicht gibt (31.02.2026), im Datumsfeld des Browsers (forms.DatumsEingabe, type=date): der
// Browser sendet dann ein leeres Feld — ein freiwilliges Datum wie „Gültig ab (Vorschlag)“ ginge still verloren, und
// der Server könnte nichts melden. Deshalb prüft dieses Skript vor dem Absenden jedes Formulars, ob ein Datumsfeld
// eine Eingabe hat, die kein Datum ist (validity.badInput): dann wird nicht gesendet, die Meldung steht am Feld wie
// eine des Servers (KERN: kern-error, aria-invalid, aria-describedby), das Feld bekommt den Fokus, die Eingabe bleibt.
// Den Tag selbst nennt die Meldung nicht: der Browser gibt die unvollständige Eingabe nicht heraus.
// Ohne JavaScript (oder in einem Textfeld) meldet der Server „Den 31.02.2026 gibt es nicht: …“ (konten.felder).
(function () {
  "use strict";
  var MELDUNG = "Dieses Datum gibt es nicht (etwa den 31.02. oder den 29.02. in einem Jahr ohne Schalttag) oder es " +
    "ist unvollständig: bitte Tag, Monat und Jahr prüfen. Nicht gesendet; Ihre Eingabe steht weiter im Feld.";

  var feldfehler = window.kundenportalFeldfehler;       // redaktion/feldfehler.js

  function zeigen(feld) { feldfehler.zeigen(feld, "datum", MELDUNG); }

  function aufheben(feld) { feldfehler.aufheben(feld, "datum"); }   // nur die eigene Meldung; die des Servers bleibt

  document.addEventListener("submit", function (ereignis) {
    var form = ereignis.target;
    if (!form || form.tagName !== "FORM") { return; }
    var erstes = null;
    Array.prototype.forEach.call(form.querySelectorAll("input[type=date]"), function (feld) {
      if (feld.disabled) { return; }
      if (feld.validity && feld.validity.badInput) {
        zeigen(feld);
        erstes = erstes || feld;
      } else {
        aufheben(feld);
      }
    });
    if (!erstes) { return; }
    ereignis.preventDefault();
    ereignis.stopPropagation();          // in der Capture-Phase: auch htmx am Formular sendet nicht
    erstes.focus();
  }, true);

  document.addEventListener("change", function (ereignis) {   // korrigiert: die Meldung geht
    var feld = ereignis.target;
    if (feld && feld.dataset && feld.dataset.datumFehler && !(feld.validity && feld.validity.badInput)) { aufheben(feld); }
  });
})();
