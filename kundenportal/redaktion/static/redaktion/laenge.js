// Eingaben der Redaktion vor dem Absenden gegen ihre Grenze prüfen (grenzen.py; am Feld als data-hoechstens und
// data-bezeichnung, templatetags `{% hoechstens %}` und forms.BegrenzterText). Ein zu langer Text — etwa ein
// eingefügter von mehreren MB, den Django sonst vor jeder Prüfung mit „Fehler 400“ abwiese — wird nicht gesendet:
// die Meldung steht am Feld (KERN: kern-error, aria-invalid, aria-describedby), das Feld bekommt den Fokus, der Text
// bleibt stehen. Kein `maxlength`: der Browser schnitte einen eingefügten Text still ab.
// Geprüft wird beim Absenden jedes Formulars (auch mit htmx; die Schritt-Formulare mit data-quelltext senden den
// Quelltext #id_text mit) und vor jeder htmx-Anfrage eines Felds (Live-Vorschau des Quelltexts, ohne Fokuswechsel).
// Ohne JavaScript prüft der Server (Meldung am Feld; über der Grenze einer Anfrage die Seite „Eingabe zu groß“).
(function () {
  "use strict";
  var PAARE = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

  function zahl(n) {                       // 200.000 wie kundenportal.lesbar.zahl
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function laenge(feld, grenze) {
    // Der Server zählt Zeichen (Python), JavaScript UTF-16-Einheiten: ein Emoji ist dort eins, hier zwei.
    var wert = feld.value, n = wert.length;
    if (n > grenze) {
      var paare = wert.match(PAARE);
      n -= paare ? paare.length : 0;
    }
    return n;
  }

  function meldung(feld, grenze, n) {       // wie grenzen.zu_lang auf dem Server
    return (feld.dataset.bezeichnung || "Text") + ": höchstens " + zahl(grenze) + " Zeichen, eingegeben sind " +
      zahl(n) + " — bitte kürzen. Nicht gesendet und nicht gespeichert; Ihr Text steht weiter im Feld.";
  }

  var feldfehler = window.kundenportalFeldfehler;       // redaktion/feldfehler.js

  function zeigen(feld, text) {
    feldfehler.zeigen(feld, "laenge", text);
    if (!feld.classList.contains("kern-form-input__input--error")) {
      feld.classList.add("kern-form-input__input--error");
      feld.dataset.laengeKlasse = "1";
    }
  }

  function aufheben(feld) {                 // nur, was zeigen() gesetzt hat; Meldungen des Servers bleiben
    feldfehler.aufheben(feld, "laenge");
    if (feld.dataset.laengeKlasse) { feld.classList.remove("kern-form-input__input--error"); }
    delete feld.dataset.laengeKlasse;
  }

  // Prüft die Felder, zeigt oder entfernt ihre Meldungen; das erste zu lange Feld, sonst null.
  function erstesZuLanges(felder) {
    var erstes = null;
    felder.forEach(function (feld) {
      var grenze = parseInt(feld.dataset.hoechstens, 10), n = laenge(feld, grenze);
      if (grenze >= 0 && n > grenze) {
        zeigen(feld, meldung(feld, grenze, n));
        erstes = erstes || feld;
      } else {
        aufheben(feld);
      }
    });
    return erstes;
  }

  // Was ein Formular sendet: seine begrenzten Felder, bei data-quelltext vorweg den Quelltext (htmx:configRequest).
  function felderDes(form) {
    var felder = Array.prototype.filter.call(form.elements, function (f) {
      return f.matches("[data-hoechstens]") && f.name && !f.disabled;
    });
    var quelltext = document.getElementById("id_text");
    if (form.hasAttribute("data-quelltext") && quelltext && quelltext.dataset.hoechstens && felder.indexOf(quelltext) < 0) {
      felder.unshift(quelltext);
    }
    return felder;
  }

  document.addEventListener("submit", function (ereignis) {
    var form = ereignis.target;
    if (!form || form.tagName !== "FORM") { return; }
    var feld = erstesZuLanges(felderDes(form));
    if (!feld) { return; }
    ereignis.preventDefault();
    ereignis.stopPropagation();          // in der Capture-Phase: auch htmx am Formular sendet nicht
    feld.focus();
  }, true);

  document.addEventListener("htmx:beforeRequest", function (ereignis) {
    var elt = ereignis.detail && ereignis.detail.elt;
    if (!elt || !elt.matches) { return; }
    var felder = elt.tagName === "FORM" ? felderDes(elt) : (elt.matches("[data-hoechstens]") ? [elt] : []);
    if (erstesZuLanges(felder)) { ereignis.preventDefault(); }
  });

  // Steht eine Meldung am Feld, folgt sie dem Tippen: neue Zahl, oder weg, sobald der Text passt.
  document.addEventListener("input", function (ereignis) {
    var feld = ereignis.target;
    if (feld && feld.dataset && feld.dataset.laengeFehler && feld.dataset.hoechstens) { erstesZuLanges([feld]); }
  });
})();
