// Eine Meldung am Feld aus einer Prüfung im Browser (redaktion/laenge.js, redaktion/datum.js), mit demselben Markup
// wie eine des Servers (KERN: p.kern-error vor dem Feld, aria-invalid, aria-describedby). `art` unterscheidet die
// Prüfungen („laenge“, „datum“): jede nimmt nur zurück, was sie selbst gesetzt hat — eine Meldung des Servers
// (und die der anderen Prüfung) bleibt stehen. Vor den beiden Skripten einbinden.
(function () {
  "use strict";
  var zaehler = 0;

  function beschreibungen(feld) {
    return (feld.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
  }

  function merker(art, was) {                // dataset-Schlüssel je Prüfung: laengeFehler, datumUngueltig …
    return art + was;
  }

  function zeigen(feld, art, text) {
    if (!feld.dataset[merker(art, "Fehler")]) {
      zaehler += 1;
      feld.dataset[merker(art, "Fehler")] = (feld.id || feld.name || "eingabe-" + zaehler) + "-" + art + "-fehler";
    }
    var id = feld.dataset[merker(art, "Fehler")], absatz = document.getElementById(id);
    if (!absatz) {
      absatz = document.createElement("p");
      absatz.className = "kern-error";
      absatz.id = id;
      var zeichen = document.createElement("span");
      zeichen.className = "kern-icon kern-icon--danger";
      zeichen.setAttribute("aria-hidden", "true");
      var koerper = document.createElement("span");
      koerper.className = "kern-body";
      absatz.append(zeichen, koerper);
      feld.before(absatz);
    }
    absatz.querySelector(".kern-body").textContent = text;
    var ids = beschreibungen(feld);
    if (ids.indexOf(id) < 0) { ids.push(id); feld.setAttribute("aria-describedby", ids.join(" ")); }
    if (!feld.hasAttribute("aria-invalid")) { feld.setAttribute("aria-invalid", "true"); feld.dataset[merker(art, "Ungueltig")] = "1"; }
  }

  function aufheben(feld, art) {
    var id = feld.dataset[merker(art, "Fehler")];
    if (!id) { return; }
    var absatz = document.getElementById(id);
    if (absatz) { absatz.remove(); }
    var ids = beschreibungen(feld).filter(function (x) { return x !== id; });
    if (ids.length) { feld.setAttribute("aria-describedby", ids.join(" ")); } else { feld.removeAttribute("aria-describedby"); }
    if (feld.dataset[merker(art, "Ungueltig")]) { feld.removeAttribute("aria-invalid"); }
    delete feld.dataset[merker(art, "Fehler")];
    delete feld.dataset[merker(art, "Ungueltig")];
  }

  window.kundenportalFeldfehler = {zeigen: zeigen, aufheben: aufheben};
})();
