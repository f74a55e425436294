// Keine Taste geht still verloren (App-Hülle, jede Seite aus base.html). Zwei Lagen, in denen die Seite Tasten noch nicht
// verarbeiten kann:
//
// 1. Die Seite lädt noch. Die Skripte kommen mit defer (htmx, tastatur.js, fokus.js …); wer gleich nach dem Erscheinen
//    „1“ und Enter drückt, träfe niemanden. Ein kleines Skript im <head> von base.html (window.tastenPuffer) merkt sich
//    ab dem ersten Augenblick jede Taste, die noch kein Ziel hat: Ziffern, Buchstaben, ?, Enter, Esc, Leertaste,
//    Rücktaste, Alt+Z/S/A — nicht, was schon ankommt: Getipptes in einem Feld mit Fokus, Enter/Leertaste auf einem
//    Knopf oder Link, eine Taste, die ein Skript schon abgefangen hat (preventDefault). Steht etwas im Puffer, kommt
//    jede weitere Taste dazu (auch Tab und Getipptes in Feldern), damit nichts die gepufferten Tasten überholt.
//    Bereit ist die Seite nach DOMContentLoaded — dann sind alle Skripte mit defer ausgeführt (tastatur.js hat den
//    Fokus gesetzt) — und, wo die Seite htmx hat, nach dessen Start (htmx:load). Dann spielt diese Datei die Tasten
//    der Reihe nach ab, als wären sie eben getippt: an das Element mit dem Fokus (steht er noch auf <body>, an das
//    Feld mit autofocus). Ein Zeichen in einem Textfeld wird an der Schreibmarke eingefügt (mit input-Ereignis);
//    sonst bekommt das Element ein keydown wie von der Tastatur (tastatur.js, die Suche u. a. reagieren darauf),
//    und was der Browser selbst täte, geschieht danach, wenn kein Skript es abgefangen hat: Enter klickt den Knopf
//    oder schickt das Formular ab (wie Enter im Feld), Leertaste klickt, Tab geht zum nächsten Element, Rücktaste
//    löscht im Feld, Esc schließt einen offenen Dialog. Eine Seite ohne tastatur.js bekommt die Tasten genauso —
//    ohne Skript, das Ziffern deutet, bewirkt eine Ziffer dort eben nichts (wie ohne Puffer).
//
// 2. Ein Schritt im Gespräch lädt (html[data-tastatur=laedt], tastatur.js). Bisher traf eine Ziffer noch die alte
//    Frage (eine alte Option wurde gewählt) und das folgende Enter verpuffte (htmx verwirft die Anfrage eines
//    ersetzten Formulars): beides ging still verloren. Jetzt kommen Tasten, die dem Gesprächsbereich gelten (Fokus
//    darin oder auf <body>; nicht Getipptes in anderen Feldern wie dem Abbruchvermerk), in denselben Puffer und
//    wirken nach dem Tausch auf die NEUE Frage. Nie auf die alte: Scheitert der Schritt (Fehler, keine Verbindung),
//    verfallen sie mit einem sichtbaren Hinweis (role=status, auch vorgelesen).
//
// Nie doppelt, nie auf einer anderen Seite: Jede Taste wird genau einmal abgespielt oder verworfen. Der Puffer lebt nur
// im Fenster dieser Seite; verlässt ein abgespielter Tastendruck die Seite (gewöhnliches Absenden, Link), verfallen
// die übrigen. Älter als 3 Sekunden beim Abspielen: verworfen, mit Hinweis (eine Taste darf nicht unerwartet spät
// wirken). Ein Mausklick, bevor die Seite bereit ist, verwirft den Puffer ebenso (wohin die Tasten sollten, ist offen).
// Fehlt diese Datei, gibt das Skript im <head> mit DOMContentLoaded alles frei (nichts bleibt zurückgehalten).
(function () {
  "use strict";
  var P = window.tastenPuffer;
  if (!P) { return; }
  P.uebernommen = true;
  var HALTBAR_MS = 3000;

  function laedt() { return document.documentElement.getAttribute("data-tastatur") === "laedt"; }

  // Ein Schritt lädt: Tasten an den Gesprächsbereich (oder <body>, etwa während des Tauschs) warten auf die neue Frage.
  function imSchritt(ziel) {
    if (!ziel || ziel === document.body || ziel === document.documentElement) { return true; }
    var bereich = document.getElementById("gespraech");
    if (!bereich || !bereich.contains(ziel)) { return false; }
    return P.art(ziel) !== "text" || ziel.id === "wert";     // die freie Antwort wird ersetzt; andere Felder bleiben
  }
  window.addEventListener("keydown", function (e) {
    if (P.offen || !e.isTrusted || !P.taste(e)) { return; }
    if (P.tasten.length || (laedt() && e.key !== "Tab" && imSchritt(e.target))) { P.merken(e); }
  }, true);

  // Sagen, was nicht ausgeführt wurde, statt still nichts zu tun.
  function name(t) {
    var namen = {" ": "Leertaste", Enter: "Enter", Escape: "Esc", Backspace: "Rücktaste", Tab: "Tab"};
    return (t.alt ? "Alt+" + t.key.toUpperCase() : namen[t.key] || t.key);
  }
  function hinweisen(tasten, warum) {       // tasten: die Liste, oder nur ihre Zahl
    if (typeof tasten === "number" ? !tasten : !tasten.length) { return; }
    var hinweis = document.getElementById("tasten-puffer-hinweis");
    if (!hinweis) {
      hinweis = document.createElement("p");
      hinweis.id = "tasten-puffer-hinweis";
      hinweis.className = "tasten-hinweis";
      hinweis.setAttribute("role", "status");
      var ort = document.getElementById("gespraech") || document.getElementById("inhalt") || document.body;
      ort.prepend(hinweis);
    }
    var text = "Nicht ausgeführt: " + (typeof tasten === "number" ? tasten + (tasten === 1 ? " Taste" : " Tasten")
      : "„" + tasten.map(name).join(" ") + "“") + " – " + warum + " Bitte noch einmal tippen.";
    hinweis.textContent = "";
    window.setTimeout(function () { hinweis.textContent = text; }, 50);
  }

  // Wohin die Taste jetzt ginge: das Element mit dem Fokus, sonst das Feld mit autofocus (wie der Browser es setzt).
  function fokusZiel() {
    var aktiv = document.activeElement;
    if (aktiv && aktiv !== document.body && aktiv !== document.documentElement) { return aktiv; }
    var auto = Array.prototype.filter.call(document.querySelectorAll("[autofocus]"), function (el) {
      return el.getClientRects().length > 0;
    })[0];
    if (auto) {
      auto.focus();
      if (document.activeElement === auto) { return auto; }
    }
    return document.body;
  }
  function einfuegen(feld, text) {
    if (feld.tagName === "SELECT") { return; }
    if (document.activeElement !== feld) { feld.focus(); }
    // insertText: an der Schreibmarke, mit beforeinput/input wie getippt (htmx, Zählwerke, Rückgängig).
    if (document.execCommand && document.execCommand("insertText", false, text)) { return; }
    try {
      feld.setRangeText(text, feld.selectionStart, feld.selectionEnd, "end");
    } catch (x) {
      feld.value += text;     // Feldarten ohne Schreibmarke (email, number)
    }
    feld.dispatchEvent(new InputEvent("input", {bubbles: true, inputType: "insertText", data: text}));
  }
  function tabben(von, zurueck) {
    var alle = Array.prototype.filter.call(document.querySelectorAll(
      "a[href], button, input, select, textarea, summary, [tabindex], [contenteditable]"), function (el) {
      return el.tabIndex >= 0 && !el.disabled && el.type !== "hidden" && el.getClientRects().length > 0
        && !(el.closest && el.closest("[inert]"));
    });
    var ziel;
    if (von === document.body || alle.indexOf(von) >= 0) {
      var i = alle.indexOf(von);
      ziel = i < 0 ? alle[zurueck ? alle.length - 1 : 0] : alle[i + (zurueck ? -1 : 1)];
    } else {                  // etwa eine Überschrift mit tabindex=-1: das nächste Element danach bzw. davor
      var danach = alle.filter(function (el) { return von.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING; });
      var davor = alle.filter(function (el) { return von.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING; });
      ziel = zurueck ? davor[davor.length - 1] : danach[0];
    }
    if (ziel) { ziel.focus(); }
  }
  // Was der Browser bei dieser Taste selbst täte (kein Skript hat sie abgefangen).
  function wirkung(el, taste) {
    var art = P.art(el);
    var knopf = el.closest && el.closest("button, a[href], summary, [role=button], input");
    if (art === "text") {
      if (taste.length === 1) { einfuegen(el, taste); return; }
      if (taste === "Backspace") { if (document.execCommand) { document.execCommand("delete"); } return; }
      if (taste !== "Enter") { return; }
      if (el.tagName === "TEXTAREA" || el.isContentEditable) { einfuegen(el, "\n"); return; }
      if (el.tagName === "INPUT" && el.form) {      // Enter im Feld: das Formular mit seinem ersten Absendeknopf
        var absenden = Array.prototype.filter.call(el.form.elements, function (k) { return /^(submit|image)$/.test(k.type); })[0];
        if (absenden) { if (!absenden.disabled) { absenden.click(); } } else { el.form.requestSubmit(); }
      }
      return;
    }
    var link = knopf && knopf.tagName === "A";     // Leertaste auf einem Link blättert nur, Enter im Kästchen nichts
    if (art === "knopf" && knopf && ((taste === " " && !link) || (taste === "Enter" && !/^(checkbox|radio)$/.test(knopf.type)))) {
      knopf.click();
      return;
    }
    if (taste === "Escape") {
      var dialog = el.closest && el.closest("dialog[open]");
      if (dialog && dialog.dispatchEvent(new Event("cancel", {cancelable: true}))) { dialog.close(); }
    }
  }

  // Verlässt ein abgespielter Tastendruck die Seite? (Ein Absenden, das weder htmx noch ein Skript abfängt; ein Link.)
  var abgeschickt = null, geklickt = null;
  window.addEventListener("submit", function (e) { abgeschickt = e; }, true);
  window.addEventListener("click", function (e) { geklickt = e; }, true);
  function verlaesst() {
    if (abgeschickt && !abgeschickt.defaultPrevented) {
      var form = abgeschickt.target;
      if (form && form.method !== "dialog" && !form.target) { return true; }
    }
    if (geklickt && !geklickt.defaultPrevented) {
      var link = geklickt.target.closest && geklickt.target.closest("a[href]");
      if (link && !link.target && !(link.hash && link.pathname === location.pathname && link.search === location.search)) {
        return true;
      }
    }
    return false;
  }

  function spielen(t) {
    abgeschickt = geklickt = null;
    var el = fokusZiel();
    if (t.key === "Tab") { tabben(el, t.shift); return false; }
    var e = new KeyboardEvent("keydown", {key: t.key, code: t.code, shiftKey: t.shift, altKey: t.alt,
      bubbles: true, cancelable: true, composed: true});
    if (el.dispatchEvent(e) && !t.alt) { wirkung(el, t.key); }
    return verlaesst();
  }
  var laeuft = false;
  function abspielen() {
    if (laeuft || P.offen) { return; }
    laeuft = true;
    var alt = [];
    try {
      // Löst eine Taste einen Schritt aus (laedt), warten die übrigen auf die neue Frage.
      while (P.tasten.length && !laedt()) {
        var t = P.tasten.shift();
        if (Date.now() - t.zeit > HALTBAR_MS) { alt.push(t); continue; }
        if (spielen(t)) { P.tasten = []; alt = []; break; }    // die Seite geht: der Rest gehört zu keiner Seite
      }
    } finally {
      laeuft = false;
    }
    hinweisen(alt, "vor mehr als 3 Sekunden getippt, während die Seite oder der Schritt noch lud.");
  }
  function bereit() {
    if (!P.offen) { return; }
    P.offen = false;
    if (P.verworfen) { hinweisen(P.verworfen, "getippt, als die Seite noch lud, dann wurde geklickt."); }
    P.verworfen = 0;
    abspielen();
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.htmx) { window.setTimeout(bereit, 0); return; }
    // Mit htmx: erst nach seinem Start (die Formulare sind dann htmx-fähig; ein Enter schickte sonst gewöhnlich ab).
    var notfalls = window.setTimeout(bereit, 500);
    document.addEventListener("htmx:load", function gestartet(e) {
      if (e.target !== document.body) { return; }
      document.removeEventListener("htmx:load", gestartet);
      window.clearTimeout(notfalls);
      window.setTimeout(bereit, 0);
    });
  });
  // Nach einem Schritt (laedt → bereit, tastatur.js): die wartenden Tasten auf die neue Frage.
  new MutationObserver(function () {
    if (!laedt() && P.tasten.length) { window.setTimeout(abspielen, 0); }
  }).observe(document.documentElement, {attributes: true, attributeFilter: ["data-tastatur"]});
  // Der Schritt ist gescheitert: die Tasten galten der neuen Frage, nie der alten — verworfen, mit Hinweis.
  function imGespraech(e) {       // wie in tastatur.js: auslösendes Element oder Ziel im Gesprächsbereich
    var bereich = document.getElementById("gespraech");
    var d = (e && e.detail) || {};
    return !!bereich && [d.elt, d.target].some(function (x) { return x && bereich.contains(x); });
  }
  function gescheitert(e) {
    if (P.offen || !P.tasten.length || !(imGespraech(e) || laedt())) { return; }
    var weg = P.tasten;
    P.tasten = [];
    hinweisen(weg, "getippt, während der Schritt lud; der Schritt ist nicht ausgeführt.");
  }
  ["htmx:responseError", "htmx:sendError", "htmx:timeout", "htmx:swapError"].forEach(function (art) {
    document.addEventListener(art, gescheitert);
  });
  // Im Gespräch gilt der Hinweis bis zum nächsten Schritt (ein Erneut-Versuchen, eine neue Antwort).
  document.addEventListener("htmx:beforeRequest", function (e) {
    var hinweis = document.getElementById("tasten-puffer-hinweis");
    if (hinweis && imGespraech(e)) { hinweis.remove(); }
  });
  window.addEventListener("pagehide", function () { P.tasten = []; });
})();
