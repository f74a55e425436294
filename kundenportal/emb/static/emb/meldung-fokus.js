// Die Mailseite nach einer Aktion (Weiterleiten, Zuordnung, ein Fehler …): Steht oben eine Meldung, bekommt sie den
// Fokus — wie nach „Erledigt“ auf der Warteschlange (portal/fokus.js). Ein Screenreader liest sie vor, und ein Enter
// zu viel löst nichts aus. Ohne dieses Skript nähme die Arbeitshilfe den Fokus (gespraech/tastatur.js und ihr
// autofocus), etwa auf „Bestätigen und ausführen“ — eine Aktion im Fachverfahren, die sich nicht zurücknehmen lässt.
// Ein eigenes Ziel der Mailseite (ein Feld mit Fehler, der Text der Antwort nach „Prüfen“: autofocus außerhalb der
// Arbeitshilfe) behält den Fokus. Läuft nach tastatur.js (beide defer, in dieser Reihenfolge in emb/mail.html).
// Am Ende der Arbeitshilfe (die Seite lädt neu) ohne Meldung: der Titel der Antwort (data-ende-fokus, views._mail_seite)
// statt der Überschrift der Mail — von dort führt Tab gleich zu „Antwort aus Vorlage entwerfen“, und ein Screenreader
// liest den nächsten Schritt der Arbeitshilfe vor (aria-describedby). Das Attribut gilt nur für dieses Laden.
// Ebenso nach „Zuordnung bestätigen“: die Überschrift „Arbeitshilfe …“ (Tab: „Arbeitshilfe starten“) oder, ohne
// Arbeitshilfe, der Titel der Antwort; beide nennen die Bestätigung unter der Zuordnung (aria-describedby). Eine
// Meldung oben (etwa: der Antwortentwurf ist verworfen) geht auch dann vor.
(function () {
  "use strict";
  var meldungen = document.getElementById("meldungen");
  var ende = document.querySelector("main [data-ende-fokus]");
  if (ende) { ende.removeAttribute("data-ende-fokus"); }
  if (!meldungen) {
    if (ende && (document.activeElement === document.body || document.activeElement === document.querySelector("main h1"))) {
      ende.focus();
    }
    return;
  }
  var ziele = document.querySelectorAll("main [autofocus], main [data-fokus]");
  for (var i = 0; i < ziele.length; i++) {
    if (!ziele[i].closest("#gespraech")) { return; }
  }
  meldungen.focus();
})();
