// Nach dem Speichern (Formular → Weiterleitung) steht die Meldung oben im Inhalt („Kontakt gespeichert.“,
// „Aufgabe 3 übernommen.“). Hat die Seite kein eigenes Ziel für den Fokus (autofocus, z. B. die Kundennummer auf
// dem Arbeitsplatz), bekommt ihn die Meldung: Ein Screenreader liest sie vor, und Tab geht von dort in den Inhalt
// statt wieder durch Kopf und Navigation. Ohne JavaScript bleibt die Seite, wie sie ist.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var meldungen = document.getElementById("meldungen");
    if (!meldungen || document.querySelector("[autofocus]")) { return; }
    if (document.activeElement && document.activeElement !== document.body) { return; }
    meldungen.focus();
  });
})();
