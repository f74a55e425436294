// Tastenpuffer, erster Teil (App-Hülle base.html, im <head> ohne defer: läuft, bevor die Seite zu sehen ist). Merkt sich
// Tasten, die noch kein Ziel haben, solange die Seite lädt (window.tastenPuffer); tasten-puffer.js (defer) spielt sie
// ab, sobald die Seite bereit ist — dort steht, wie und warum. Hier nur, was ab dem ersten Augenblick laufen muss.
(function () {
  "use strict";
  var P = window.tastenPuffer = {tasten: [], offen: true, verworfen: 0};
  P.art = function (el) {       // "text": nimmt Getipptes selbst; "knopf": Enter/Leertaste wirken selbst; "frei"
    if (!el || !el.tagName) { return "frei"; }
    if (el.isContentEditable || el.tagName === "TEXTAREA" || el.tagName === "SELECT") { return "text"; }
    if (el.tagName === "INPUT") { return /^(checkbox|radio|submit|button|reset|file|image|range|color)$/.test(el.type) ? "knopf" : "text"; }
    return el.closest && el.closest("button, a[href], summary, label, [role=button]") ? "knopf" : "frei";
  };
  function altGr(e) { return !!(e.getModifierState && e.getModifierState("AltGraph")); }   // @ € { …: ein Zeichen
  P.taste = function (e) {      // Tasten, die sich nachspielen lassen
    if (e.isComposing || !e.key) { return false; }
    if (altGr(e)) { return e.key.length === 1; }
    if (e.ctrlKey || e.metaKey) { return false; }
    if (e.altKey) { return /^[zsa]$/i.test(e.key); }
    return e.key.length === 1 || /^(Enter|Escape|Backspace|Tab)$/.test(e.key);
  };
  P.merken = function (e) {
    P.tasten.push({key: e.key, code: e.code, shift: e.shiftKey, alt: e.altKey && !altGr(e), zeit: Date.now()});
    e.preventDefault();
    e.stopImmediatePropagation();
  };
  function angekommen(e) {      // hat die Taste schon ein Ziel: ein Feld, ein Knopf (Enter) oder ein Skript?
    var art = P.art(e.target);
    if (e.defaultPrevented || e.key === "Tab" || (art === "text" && !(e.altKey && !altGr(e)))) { return true; }
    if (e.key === "Enter" || e.key === " " || e.key === "Escape") { return art !== "frei" || !!document.querySelector("dialog[open]"); }
    return false;
  }
  // Steht schon etwas im Puffer, kommt jede weitere Taste dazu (sonst überholte sie die gepufferten).
  window.addEventListener("keydown", function (e) {
    if (P.offen && e.isTrusted && P.tasten.length && P.taste(e)) { P.merken(e); }
  }, true);
  window.addEventListener("keydown", function (e) {
    if (P.offen && e.isTrusted && P.taste(e) && !angekommen(e)) { P.merken(e); }
  });
  window.addEventListener("mousedown", function (e) {   // ein Klick davor: wohin die Tasten sollten, ist offen
    if (P.offen && e.isTrusted && P.tasten.length) { P.verworfen += P.tasten.length; P.tasten = []; }
  }, true);
  document.addEventListener("DOMContentLoaded", function () {   // tasten-puffer.js fehlt: nichts mehr zurückhalten
    if (!P.uebernommen) { P.offen = false; P.tasten = []; }
  });
})();
