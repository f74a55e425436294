// Breite Tabellen (Zugriffsprotokoll, Stichprobe, Katalog, Postkorb) auf schmalen Fenstern (400 px breit oder
// 400 % Zoom): Nur die Tabelle rollt seitlich, nicht die ganze Seite (WCAG 1.4.10). Jede Tabelle im Inhalt kommt
// in einen Rahmen (.tabelle-rahmen, CSS in huelle.css). Rollt der Rahmen wirklich, wird er ein benannter Bereich
// mit Tabstopp — mit der Tastatur (Pfeiltasten) verschiebbar; sonst bleibt er ohne Rolle und ohne Tabstopp, damit
// auf breiten Bildschirmen kein zusätzlicher Halt zwischen den Bedienelementen liegt. Ohne JavaScript ist die
// Tabelle wie bisher (die Seite rollt).
(function () {
  "use strict";
  var zaehler = 0;

  function rahmen(tabelle) {
    var eltern = tabelle.parentElement;
    if (eltern && eltern.classList.contains("tabelle-rahmen")) { return eltern; }
    var r = document.createElement("div");
    r.className = "tabelle-rahmen";
    tabelle.before(r);
    r.append(tabelle);
    return r;
  }

  function ueberschrift(r) {
    // Ohne <caption>: die nächste Überschrift davor (im selben Abschnitt oder darüber) benennt die Tabelle.
    for (var e = r; e && e.tagName !== "MAIN"; e = e.parentElement) {
      for (var v = e.previousElementSibling; v; v = v.previousElementSibling) {
        if (/^H[1-6]$/.test(v.tagName)) { return v; }
      }
    }
    return null;
  }

  function pruefen(r) {
    var tabelle = r.querySelector("table");
    if (!tabelle) { return; }
    if (r.scrollWidth > r.clientWidth + 1) {
      var titel = tabelle.querySelector("caption") || ueberschrift(r);
      r.setAttribute("role", "region");
      r.tabIndex = 0;
      if (titel) {
        if (!titel.id) { titel.id = "tabelle-titel-" + (++zaehler); }
        r.setAttribute("aria-labelledby", titel.id);
        r.removeAttribute("aria-label");
      } else {
        r.setAttribute("aria-label", "Tabelle, seitlich verschiebbar");
      }
    } else if (r.hasAttribute("role")) {
      ["role", "tabindex", "aria-labelledby", "aria-label"].forEach(function (a) { r.removeAttribute(a); });
    }
  }

  function alle() {
    document.querySelectorAll("main table").forEach(function (t) { pruefen(rahmen(t)); });
  }

  var warten = null;
  document.addEventListener("DOMContentLoaded", alle);
  document.addEventListener("htmx:afterSettle", alle);
  window.addEventListener("resize", function () {
    if (warten) { window.clearTimeout(warten); }
    warten = window.setTimeout(alle, 150);
  });
})();
