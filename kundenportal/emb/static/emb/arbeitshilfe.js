// Keine Vorauswahl: tastatur.js legt den Fokus auf die erste Option (am Telefon gewollt). Neben der Mail
// soll Enter nie ungefragt „Ja“ antworten: der Fokus geht auf die Frage; erst eine Ziffer wählt.
(function () {
  "use strict";
  var titel = document.getElementById("frage-titel");
  if (titel) { titel.focus(); }
})();
