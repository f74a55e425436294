// Die Mailseite nach einer Aktion (Weiterleiten, Zuordnung, ein Fehler …): Steht oben eine Meldung, bekommt sie den
// Fokus — wie nach „Erledigt“ auf der Warteschlange (portal/fokus.js). Ein Screenreader liest sie vor, und ein Enter
// zu viel löst nichts aus. Ohne dieses Skript nähme die Arbeitshilfe den Fokus (gespraech/tastatur.js und ihr
// autofocus), etwa auf „Bestätigen und ausführen“ — eine Aktion im Fachverfahren, die sich nicht zurücknehmen lässt.
// Ein eigenes Ziel der Mailseite (ein Feld mit Fehler, der Text der Antwort nach „Prüfen“: autofocus außerhalb der
// Arbeitshilfe) behält den Fokus. Läuft nach tastatur.js (beide defer, in dieser Reihenfolge in emb/mail.html).
(function () {
  "use strict";
  var meldungen = document.getElementById("meldungen");
  if (!meldungen) { return; }
  var ziele = document.querySelectorAll("main [autofocus], main [data-fokus]");
  for (var i = 0; i < ziele.length; i++) {
    if (!ziele[i].closest("#gespraech")) { return; }
  }
  meldungen.focus();
})();
