// Tastatur zuerst: 1–9 wählt eine Option (Fokus; 0 die zehnte, etwa den zehnten freien Termin), Enter bestätigt (Standard des Knopfs),
// Alt+Z oder Rücktaste ändert die vorige Antwort, Alt+S speichert den Vermerk (Abschluss/Abbruch),
// Alt+A öffnet "Kontakt vorzeitig beenden", ? zeigt die Tastenhilfe. In Eingabefeldern bleiben
// Ziffern, Rücktaste und ? normal. Die Formulare werden bei jedem Tastendruck neu gesucht: htmx
// ersetzt den Gesprächsbereich. Auf "Anliegen wählen" (#anliegen) wählen 1–9 einen Leitfaden.
// Nichts Getipptes geht still verloren: Alt+Z wirkt nicht, solange im Antwortfeld, im Vermerk oder im
// Feld mit dem Fokus neu getippter Text steht (er ginge mit dem Zurück verloren) — ein Hinweis am Feld
// sagt, warum; ein Vermerk wird nur einmal abgeschickt, auch wenn Alt+S mehrfach kommt.
// Tasten vor dem Laden dieser Datei und während eines Schritts (data-tastatur=laedt) gehen nicht verloren: der
// Tastenpuffer der App-Hülle (static/portal/tasten-puffer.js) hält sie und spielt sie danach hierher ab — auf die
// neue Frage, nie auf die alte. Er erkennt einen Schritt an data-tastatur (unten): "laedt" nur für den Gesprächsbereich.
(function () {
  "use strict";
  function knoepfe() {
    var wahl = document.getElementById("antwort") || document.getElementById("anliegen");
    return wahl ? Array.prototype.slice.call(wahl.querySelectorAll("button[data-taste]")) : [];
  }
  // Fokus nach dem Laden: ein abgelehnter Abbruchvermerk (dort steht die Meldung), sonst nach „Zurück“ die vorige
  // Wahl, sonst das vorgesehene Feld (data-fokus, autofocus), sonst die Frage — nie ungefragt die erste Option:
  // ein Enter zu viel (etwa doppelt auf „Beginnen“) beantwortete sonst „Identität geprüft?“ mit „Ja“.
  function fokusSetzen() {
    var abgelehnt = document.querySelector("#abbruch[open] [aria-invalid=true]");   // abgelehnter Abbruchvermerk
    if (abgelehnt) {         // ans Ende: dort fehlt der Grund („Grund des Abbruchs:“ steht am Schluss)
      abgelehnt.focus();
      if (abgelehnt.setSelectionRange) { abgelehnt.setSelectionRange(abgelehnt.value.length, abgelehnt.value.length); }
      return;
    }
    var vorige = document.querySelector("#antwort button[data-vorige]");
    if (vorige) { vorige.focus(); return; }
    var ziel = document.querySelector("[data-fokus]") || document.querySelector("main [autofocus]")
      || document.getElementById("frage-titel") || document.querySelector("main h1");
    if (ziel) {
      if (!ziel.hasAttribute("tabindex") && !/^(INPUT|TEXTAREA|SELECT|BUTTON|A)$/.test(ziel.tagName)) { ziel.tabIndex = -1; }
      ziel.focus();
    }
  }
  fokusSetzen();
  // Eine Meldung vom Laden (etwa „Zurück zur Frage: …“ nach Alt+Z auf der Abschlussseite) liest die Live-Region
  // vor; der Fokus steht schon auf der ersten Option.
  (function () {
    var geladen = document.querySelector("main .meldungen");
    var live = document.getElementById("ansage");
    if (geladen && live) { window.setTimeout(function () { live.textContent = geladen.innerText.trim(); }, 300); }
  })();

  function vermerkSpeichern() {
    var aktiv = document.activeElement;
    var form = (aktiv && aktiv.form && aktiv.form.hasAttribute("data-vermerk")) ? aktiv.form
      : document.getElementById("abschluss");
    if (form) { form.requestSubmit(); return true; }
    return false;
  }
  function abbruchOeffnen() {
    var details = document.getElementById("abbruch");
    if (!details) { return false; }
    details.open = true;
    var feld = document.getElementById("vermerk-abbruch");
    if (feld) { feld.focus(); feld.setSelectionRange(feld.value.length, feld.value.length); }
    // Der Bereich ganz im Blick, mit dem Knopf „Abbrechen und Vermerk speichern“ (er lag unter dem Rand).
    var knopf = details.querySelector("button[type=submit]") || details;
    if (knopf.scrollIntoView) { knopf.scrollIntoView({block: "nearest"}); }
    return true;
  }
  function hilfe() {
    var d = document.getElementById("tastenhilfe");
    // Der Knopf „Schließen“ steht unten: Fokus ohne Rollen, die Hilfe beginnt oben mit ihrem Titel.
    if (d && !d.open) {
      d.showModal();
      var z = document.getElementById("tastenhilfe-schliessen");
      if (z) { z.focus({preventScroll: true}); }
      d.scrollTop = 0;
    }
  }
  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("[data-tastenhilfe]")) { hilfe(); }
  });

  // Textfelder, deren Inhalt ein Zurück verwürfe: das Feld mit dem Fokus, die freie Antwort (#wert) und der
  // Vermerk des Abschlusses. Neu getippt heißt: anders als beim Laden (defaultValue; eine vorbelegte Antwort
  // zählt also nicht). Der Abbruchvermerk bleibt über jeden Schritt erhalten (unten) und zählt nur mit Fokus.
  var TEXTARTEN = /^(text|search|number|date|datetime-local|email|tel|url)$/;
  function ungesichert() {
    var felder = [document.activeElement].concat(
      Array.prototype.slice.call(document.querySelectorAll("#wert, #abschluss textarea")));
    return felder.filter(function (f) {
      var text = f && (f.tagName === "TEXTAREA" || (f.tagName === "INPUT" && TEXTARTEN.test(f.type)));
      return text && f.value !== f.defaultValue;
    })[0] || null;
  }
  // Ein Hinweis, warum eine Taste nichts tut (Live-Region role=status): ans Ende von `ort` oder mit `danach`
  // hinter `ort`. Erst leeren, dann setzen: die Live-Region liest ihn auch beim zweiten Mal vor.
  function melden(ort, text, danach) {
    var hinweis = document.getElementById("tasten-hinweis");
    if (!hinweis) {
      hinweis = document.createElement("p");
      hinweis.id = "tasten-hinweis";
      hinweis.className = "tasten-hinweis";
      hinweis.setAttribute("role", "status");
    }
    var da = danach ? hinweis.parentNode === ort.parentNode && hinweis.previousElementSibling === ort
      : hinweis.parentNode === ort;
    if (!da) {
      hinweis.textContent = "";
      if (danach) { ort.parentNode.insertBefore(hinweis, ort.nextSibling); } else { ort.appendChild(hinweis); }
    }
    hinweis.textContent = "";
    window.setTimeout(function () { hinweis.textContent = text; }, 50);
  }
  function hinweisen(feld, nichtsZurueck) {
    if (nichtsZurueck) {
      var bereich = document.getElementById("frage-bereich") || document.querySelector("main h1");
      melden(bereich, "Alt+Z wirkt hier nicht: Es gibt keine vorige Antwort, die sich noch ändern lässt "
        + (document.getElementById("vermerk")
          ? "(der Kontakt ist gespeichert)." : "(am Anfang, oder nach einer ausgeführten Änderung im Fachverfahren)."),
        !document.getElementById("frage-bereich"));
      return;
    }
    var name = feld.labels && feld.labels.length ? feld.labels[0].textContent.trim() : "diesem Feld";
    var vermerk = feld.closest && feld.closest("form[data-vermerk]");
    var uebernehmen = vermerk ? "Erst speichern (Alt+S)" : "Erst übernehmen (Enter)"
      + (document.querySelector("form[data-vermerk]") ? " oder speichern (Alt+S)" : "");
    melden(feld.closest(".kern-form-input") || feld.parentNode, "Alt+Z wirkt nicht: Im Feld „" + name
      + "“ steht neu getippter Text, der beim Zurückgehen verloren ginge. " + uebernehmen
      + "; zum Verwerfen den Knopf „Zurück: vorige Antwort ändern“ nehmen.");
  }
  // Eine Ziffer ohne Option dazu: sagen, welche es gibt, statt still nichts zu tun.
  // Die Tasten der Optionen in Worten: „1 bis 9“, „1 bis 9 und 0“ (zehn und mehr: die zehnte hat die 0).
  function tasten(anzahl) {
    return anzahl === 1 ? "1" : "1 bis " + Math.min(anzahl, 9) + (anzahl >= 10 ? " und 0" : "");
  }

  function keineOption(ziffer, alle) {
    var wahl = document.getElementById("antwort") || document.getElementById("anliegen");
    if (!wahl) { return; }
    var was = document.getElementById("anliegen") ? "Leitfaden" : "Option";
    var text;
    if (!alle.length) {
      text = document.getElementById("wert") ? "Diese Frage hat keine Optionen: Antwort in das Feld „Antwort“ tippen."
        : "Hier gibt es keine " + was + " zum Wählen.";
    } else {
      text = "Keine " + was + " " + ziffer + ": " + (alle.length === 1 ? "nur 1." : tasten(alle.length) + ".");
    }
    melden(wahl, text, true);
  }

  document.addEventListener("keydown", function (e) {
    var ziel = e.target;
    var tippt = ziel && (ziel.tagName === "INPUT" || ziel.tagName === "TEXTAREA" || ziel.tagName === "SELECT"
      || ziel.isContentEditable);
    var taste = (e.key || "").toLowerCase();
    if ((e.altKey && taste === "z") || (!tippt && e.key === "Backspace")) {
      var zurueck = document.getElementById("zurueck");
      if (!zurueck) {
        // Nichts zum Zurücknehmen (Anfang, oder nach einer ausgeführten Änderung im Fachverfahren): sagen, statt
        // still nichts zu tun. Die Rücktaste außerhalb von Feldern bleibt dabei stumm.
        if (e.altKey && (document.getElementById("gespraech") || document.getElementById("abschluss")
          || document.getElementById("vermerk"))) { e.preventDefault(); hinweisen(ziel, true); }
        return;
      }
      e.preventDefault();
      var feld = ungesichert();
      if (feld) { hinweisen(feld); return; }
      // requestSubmit löst das submit-Ereignis aus: mit htmx ohne Neuladen, sonst gewöhnlich.
      zurueck.requestSubmit();
      return;
    }
    // Strg+Enter im mehrzeiligen Antwortfeld übernimmt die Antwort (Enter allein beginnt dort eine neue Zeile).
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter" && ziel.id === "wert" && ziel.tagName === "TEXTAREA" && ziel.form) {
      e.preventDefault();
      ziel.form.requestSubmit();
      return;
    }
    if ((e.altKey && taste === "s") || ((e.ctrlKey || e.metaKey) && e.key === "Enter" && ziel.tagName === "TEXTAREA")) {
      if (vermerkSpeichern()) { e.preventDefault(); }
      return;
    }
    if (e.altKey && taste === "a") {
      if (abbruchOeffnen()) { e.preventDefault(); }
      return;
    }
    // Esc im Abbruchvermerk: zu und zurück zur Frage; der getippte Text bleibt (Alt+A öffnet ihn wieder).
    if (e.key === "Escape" && ziel && ziel.id === "vermerk-abbruch") {
      e.preventDefault();
      var offen = document.getElementById("abbruch");
      if (offen) { offen.open = false; }
      var zurFrage = document.querySelector("#antwort button[data-vorige]") || document.getElementById("wert")
        || document.getElementById("frage-titel") || document.querySelector("#gespraech button");
      if (zurFrage) { zurFrage.focus(); }
      return;
    }
    if (tippt || e.altKey || e.ctrlKey || e.metaKey) { return; }
    if (e.key === "?") { e.preventDefault(); hilfe(); return; }
    // Enter auf der Frage, noch keine Option gewählt: sagen, wie man wählt, statt still nichts zu tun.
    if (e.key === "Enter" && ziel && ziel.id === "frage-titel" && document.getElementById("antwort")) {
      var optionen = knoepfe();
      e.preventDefault();
      melden(document.getElementById("antwort"), optionen.length
        ? "Erst eine Option wählen: " + tasten(optionen.length) + ", dann Enter."
        : "Für diese Frage gibt es keine Auswahl: Alt+Z ändert die vorige Antwort, "
          + (document.getElementById("abbruch") ? "Alt+A beendet den Kontakt mit Vermerk." : "„Erledigt“ schließt mit Vermerk ab."),
        true);
      return;
    }
    if (/^[0-9]$/.test(e.key)) {
      var alle = knoepfe();
      var knopf = alle.filter(function (k) { return k.getAttribute("data-taste") === e.key; })[0];
      if (knopf) {
        e.preventDefault();
        if (document.getElementById("antwort")) {     // Optionen einer Frage: die gewählte ist gedrückt
          alle.forEach(function (k) { k.setAttribute("aria-pressed", "false"); });
          knopf.setAttribute("aria-pressed", "true");
        }
        knopf.focus();
      } else {
        e.preventDefault();
        keineOption(e.key, alle);
      }
    }
  });

  // Eine Antwort, die der Browser gar nicht abschickt (ein unmögliches Datum wie 31.02.2027, ein unvollständiges, eines
  // außerhalb von min/max, ein leeres Pflichtfeld): statt seiner kurzen Blase — in Du-Form, ohne Ansage, gleich wieder
  // weg, das Feld sendete sonst nur "" — steht die Meldung wie eine des Servers am Feld (#wert-fehler, aria-invalid),
  // die Live-Region sagt sie an, der Fokus bleibt im Feld. Ohne JavaScript bleibt die Blase des Browsers.
  function datumLesbar(iso) {
    var t = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    return t ? t[3] + "." + t[2] + "." + t[1] : iso;
  }
  function feldMeldung(feld, titel) {
    var v = feld.validity;
    if (feld.type === "date" && v.badInput) {
      return "Das ist kein gültiges Datum. Bitte Tag, Monat und Jahr eines Datums angeben, das es gibt (TT.MM.JJJJ).";
    }
    if (v.rangeUnderflow || v.rangeOverflow) {
      return "Bitte ein Datum zwischen " + datumLesbar(feld.min) + " und " + datumLesbar(feld.max) + " angeben.";
    }
    if (v.valueMissing) { return "Bitte geben Sie „" + titel + "“ an."; }
    return feld.validationMessage;
  }
  document.addEventListener("invalid", function (e) {
    var feld = e.target;
    if (!feld || feld.id !== "wert" || !feld.form || feld.form.id !== "antwort") { return; }
    e.preventDefault();
    var frage = document.getElementById("frage-titel");
    var titel = frage ? frage.textContent.trim() : "Antwort";
    var text = feldMeldung(feld, titel);
    var fehler = document.getElementById("wert-fehler");
    if (!fehler) {
      fehler = document.createElement("p");
      fehler.className = "kern-error";
      fehler.id = "wert-fehler";
      var icon = document.createElement("span");
      icon.className = "kern-icon kern-icon--danger";
      icon.setAttribute("aria-hidden", "true");
      var inhalt = document.createElement("span");
      inhalt.className = "kern-body";
      fehler.appendChild(icon);
      fehler.appendChild(inhalt);
      var beschriftung = feld.form.querySelector("label[for=wert]");
      beschriftung.parentNode.insertBefore(fehler, beschriftung.nextSibling);
    }
    fehler.querySelector(".kern-body").textContent = text;
    feld.classList.add("kern-form-input__input--error");
    feld.setAttribute("aria-invalid", "true");
    var beschrieben = (feld.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    if (beschrieben.indexOf("wert-fehler") < 0) { feld.setAttribute("aria-describedby", beschrieben.concat("wert-fehler").join(" ")); }
    var live = document.getElementById("ansage");
    if (live) {     // erst leeren: dieselbe Meldung ein zweites Mal wird auch vorgelesen
      live.textContent = "";
      window.setTimeout(function () { live.textContent = text + " Bitte korrigieren: " + titel; }, 50);
    }
    feld.focus();
  }, true);

  // Gesprächsdauer: Minuten:Sekunden seit Beginn des Kontakts (die Uhr steht in der Kontextleiste); ist der
  // Kontakt abgeschlossen (data-ende), steht sie auf seiner Dauer still.
  function uhrStellen() {
    var uhr = document.getElementById("uhr");
    if (!uhr) { return; }
    var beginn = Date.parse(uhr.getAttribute("data-beginn"));
    if (isNaN(beginn)) { return; }
    var ende = Date.parse(uhr.getAttribute("data-ende") || "");
    var s = Math.max(0, Math.floor(((isNaN(ende) ? Date.now() : ende) - beginn) / 1000));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sek = s % 60;
    uhr.textContent = (h ? h + ":" + String(m).padStart(2, "0") : String(m).padStart(2, "0")) + ":" + String(sek).padStart(2, "0");
  }
  uhrStellen();
  window.setInterval(uhrStellen, 1000);

  // Kommt ein htmx-Ereignis aus dem Gesprächsbereich (auslösendes Element oder Ziel darin)?
  function imGespraech(e) {
    var bereich = document.getElementById("gespraech");
    var d = (e && e.detail) || {};
    return !!bereich && [d.elt, d.target].some(function (x) { return x && (x === bereich || bereich.contains(x)); });
  }
  // Nach einem Schritt ohne Neuladen: die Live-Region sagt an, was sich geändert hat, und der Fokus
  // springt auf die Überschrift der neuen Frage (Bildschirmleser lesen sie vor).
  // Nur ein Schritt im Gesprächsbereich: andere Teile der Seite, die danach nachladen (die Antwort an die Kundin in
  // der Mail, 150 ms später), sagen die Frage nicht noch einmal an und nehmen der Agentin nicht den Fokus, den sie
  // inzwischen gesetzt hat (eine gewählte Option, das Feld).
  document.addEventListener("htmx:afterSettle", function (e) {
    uhrStellen();
    if (!imGespraech(e)) { return; }
    var bereich = document.getElementById("gespraech");
    var inhalt = bereich.querySelector("[data-ansage]");
    var ansage = document.getElementById("ansage");
    if (!inhalt || !ansage) { return; }
    ansage.textContent = inhalt.getAttribute("data-ansage");
    // Freie Eingabe: gleich ins Feld (es nennt die Frage über aria-describedby); sonst die Frage.
    var feld = document.getElementById("wert") || document.querySelector("#antwort button[data-vorige]");
    var titel = document.getElementById("frage-titel");
    if (feld) { feld.focus(); } else if (titel) { titel.focus(); } else { fokusSetzen(); }
    bereit("bereit");
  });
  // Der Abbruchvermerk: Jeder Schritt bringt einen neuen Vorschlag mit dem Weg bis hier (im ganzen Bereich oder
  // per hx-swap-oob). Hat die Agentin ihn selbst geändert, bleibt ihr Text stehen, und ein offenes
  // "Kontakt vorzeitig beenden" bleibt offen — kein Schritt verliert, was sie getippt hat.
  var eigenerVermerk = null;
  var abbruchOffen = false;
  document.addEventListener("input", function (e) {
    if (e.target && e.target.id === "vermerk-abbruch") { eigenerVermerk = e.target.value; }
  });
  document.addEventListener("htmx:beforeSwap", function () {
    var details = document.getElementById("abbruch");
    abbruchOffen = !!(details && details.open);
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    // Meldungen vom Laden der Seite („… wird fortgesetzt“) gelten bis zum ersten Schritt, nicht das ganze Gespräch.
    var meldungen = document.querySelector("main .meldungen");
    if (meldungen && e.detail && e.detail.target && e.detail.target.id === "gespraech") { meldungen.remove(); }
    var feld = document.getElementById("vermerk-abbruch");
    var details = document.getElementById("abbruch");
    if (feld && eigenerVermerk !== null) { feld.value = eigenerVermerk; }
    if (details && abbruchOffen) { details.open = true; }
  });

  // Ein Vermerk geht einmal: Alt+S, Strg+Enter oder ein Klick, mehrfach schnell hintereinander, schicken das
  // Formular nur einmal ab (der Server nimmt eine Wiederholung ohne zweite Meldung hin). Zurück im Verlauf
  // (bfcache) ist das Formular wieder frei.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form || !form.hasAttribute || !form.hasAttribute("data-vermerk")) { return; }
    if (form.hasAttribute("data-gesendet")) { e.preventDefault(); e.stopImmediatePropagation(); return; }
    form.setAttribute("data-gesendet", "");
    antwortMitgeben(form);
  }, true);
  // Der Abbruch nimmt die freie Antwort mit, die gerade im Feld steht (auch neu getippt oder nach Alt+Z vorbelegt):
  // lehnt der Server ihn ab (etwa ohne Grund), lädt die Seite neu und das Feld zeigt sie wieder, statt leer zu sein.
  // Die Frage kann seit dem Laden gewechselt haben (htmx): Fakt und Wert stehen erst jetzt fest.
  function antwortMitgeben(form) {
    if (!form.closest || !form.closest("#abbruch")) { return; }
    Array.prototype.forEach.call(form.querySelectorAll("input[name=entwurf_fakt], input[name=entwurf_wert]"),
      function (f) { f.parentNode.removeChild(f); });
    var wert = document.getElementById("wert");
    var fakt = wert && wert.form ? wert.form.querySelector("input[name=fakt]") : null;
    if (!wert || !fakt) { return; }
    [["entwurf_fakt", fakt.value], ["entwurf_wert", wert.value]].forEach(function (paar) {
      var feld = document.createElement("input");
      feld.type = "hidden";
      feld.name = paar[0];
      feld.value = paar[1];
      form.appendChild(feld);
    });
  }
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-gesendet]"), function (f) {
      f.removeAttribute("data-gesendet");
    });
  });

  // Ein getippter, noch nicht gespeicherter Vermerk (Abschluss, Störung, Abbruch) geht nicht still verloren: wer die
  // Seite verlässt (Menü, Tab schließen, neu laden), bekommt die Rückfrage des Browsers. Absenden zählt nicht.
  var absenden = false;
  document.addEventListener("submit", function () { absenden = true; });
  document.addEventListener("htmx:afterRequest", function () { absenden = false; });
  window.addEventListener("pageshow", function () { absenden = false; });
  window.addEventListener("beforeunload", function (e) {
    if (absenden) { return; }
    var felder = document.querySelectorAll("#abschluss textarea, #vermerk-stoerung, #vermerk-abbruch");
    var ungespeichert = Array.prototype.some.call(felder, function (f) {
      return f.id === "vermerk-abbruch" ? eigenerVermerk !== null && f.value !== f.defaultValue : f.value !== f.defaultValue;
    });
    if (ungespeichert) { e.preventDefault(); e.returnValue = ""; }
  });

  // Zustand für Hilfsmittel und Tests: "laedt" während eines Schritts, danach wieder "bereit".
  function bereit(zustand) { document.documentElement.setAttribute("data-tastatur", zustand); }
  // Nur ein Schritt im Gesprächsbereich lädt: der nachgeladene Antwortbereich der Mail (eigener Abruf) setzt den
  // Zustand nicht auf "laedt" — sein Einschwingen setzt ihn auch nicht zurück (htmx:afterSettle oben).
  document.addEventListener("htmx:beforeRequest", function (e) { if (imGespraech(e)) { bereit("laedt"); } });
  document.addEventListener("htmx:responseError", function () { bereit("bereit"); });
  document.addEventListener("htmx:sendError", function () { bereit("bereit"); });
  bereit("bereit");
})();
