// Kundenseite (eservice/basis.html): Menü auf schmalen Bildschirmen, Zeichen übrig an langen Textfeldern und
// nicht gesendete Eingaben über eine abgelaufene Sitzung hinweg. Ohne JavaScript tragen die Seiten allein: das
// Menü steht offen, die Grenze steht im Hinweis am Feld, der Server meldet zu lange Texte am Feld.
(function () {
  "use strict";

  // --- Menü: auf schmalen Bildschirmen hinter dem Knopf „Menü“ (aria-expanded), Escape schließt ---------------
  function menue() {
    var knopf = document.querySelector(".menueknopf");
    var liste = document.getElementById("kundenmenue");
    if (!knopf || !liste || !window.matchMedia) { return; }
    var schmal = window.matchMedia("(max-width: 40rem)");
    function setzen(offen) {
      knopf.setAttribute("aria-expanded", offen ? "true" : "false");
      if (offen) { liste.removeAttribute("data-zu"); } else { liste.setAttribute("data-zu", ""); }
    }
    function anpassen() {
      knopf.hidden = !schmal.matches;
      setzen(!schmal.matches);
    }
    knopf.addEventListener("click", function () { setzen(knopf.getAttribute("aria-expanded") !== "true"); });
    liste.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && schmal.matches) { setzen(false); knopf.focus(); }
    });
    if (schmal.addEventListener) { schmal.addEventListener("change", anpassen); }
    anpassen();
  }

  // --- Zeichen übrig: sichtbar bei jedem Tastendruck; vorgelesen (aria-live) nur nahe der Grenze und darüber ---
  function zeichen() {
    document.querySelectorAll("[data-hoechstens]").forEach(function (feld) {
      var grenze = parseInt(feld.getAttribute("data-hoechstens"), 10);
      if (!grenze || !feld.id) { return; }
      var sichtbar = document.createElement("div");
      sichtbar.className = "kern-hint zeichen-rest";
      sichtbar.id = feld.id + "_rest";
      sichtbar.setAttribute("aria-hidden", "true");
      var ansage = document.createElement("div");
      ansage.className = "unsichtbar";
      ansage.setAttribute("aria-live", "polite");
      feld.insertAdjacentElement("afterend", ansage);
      feld.insertAdjacentElement("afterend", sichtbar);
      var nahe = Math.max(20, Math.round(grenze / 10));
      var zuletzt = "";
      var warten = null;
      function text(rest) {
        if (rest < 0) { return (-rest) + (rest === -1 ? " Zeichen" : " Zeichen") + " zu viel – bitte kürzen Sie Ihren Text."; }
        return "Noch " + rest + " von " + grenze + " Zeichen.";
      }
      function stufe(rest) { return rest < 0 ? "zu-viel" : rest === 0 ? "voll" : rest <= nahe ? "nahe" : ""; }
      function zeigen(vorlesen) {
        var rest = grenze - feld.value.length;
        sichtbar.textContent = text(rest);
        sichtbar.classList.toggle("zeichen-rest--zu-viel", rest < 0);
        var jetzt = stufe(rest);
        if (!vorlesen || jetzt === zuletzt) { zuletzt = jetzt; return; }
        zuletzt = jetzt;
        if (!jetzt) { return; }
        window.clearTimeout(warten);          // erst ansagen, wenn das Tippen kurz ruht
        warten = window.setTimeout(function () { ansage.textContent = text(grenze - feld.value.length); }, 800);
      }
      feld.addEventListener("input", function () { zeigen(true); });
      zeigen(false);
    });
  }

  // --- Nicht gesendete Eingaben (sessionStorage: nur dieses Browserfenster, nie an den Server) ---------------
  // Läuft die Sitzung ab, während der Kunde schreibt, landet er auf der Anmeldung. Die Eingaben eines Formulars
  // mit data-entwurf liegen dann hier und werden nach der Anmeldung desselben Kunden (Schlüssel: HMAC seiner
  // Kundennummer) wieder eingesetzt. Gelöscht: beim Abmelden, auf der Anmeldung ohne abgelaufene Sitzung, nach
  // dem Wiedereinsetzen, nach einer Erfolgsmeldung, bei einem anderen Kunden und nach `minuten` Minuten.
  var PRAEFIX = "eservice-entwurf:";
  function speicher() { try { return window.sessionStorage; } catch (e) { return null; } }
  function alleSchluessel(s) {
    var liste = [];
    for (var i = 0; i < s.length; i++) { if (s.key(i).indexOf(PRAEFIX) === 0) { liste.push(s.key(i)); } }
    return liste;
  }
  function allesLoeschen(s) { alleSchluessel(s).forEach(function (k) { s.removeItem(k); }); }
  function lesen(s, k) { try { return JSON.parse(s.getItem(k) || "null"); } catch (e) { return null; } }

  function felder(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "password" && el.type !== "hidden" &&
        el.type !== "submit" && el.type !== "button" && el.type !== "file";
    });
  }
  function sammeln(form) {
    var werte = {};
    felder(form).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        werte[el.name] = werte[el.name] || [];
        if (el.checked) { werte[el.name].push(el.value); }
      } else { werte[el.name] = el.value; }
    });
    return werte;
  }
  function einsetzen(form, werte) {
    felder(form).forEach(function (el) {
      if (!(el.name in werte)) { return; }
      var w = werte[el.name];
      if (el.type === "checkbox" || el.type === "radio") { el.checked = w.indexOf(el.value) !== -1; }
      else { el.value = w; el.dispatchEvent(new Event("input", { bubbles: true })); }
    });
  }
  function hinweis(form) {
    var box = document.createElement("div");
    box.className = "kern-alert kern-alert--info";
    box.setAttribute("role", "status");
    box.id = "entwurf-wiederhergestellt";
    box.innerHTML = '<div class="kern-alert__header"><span class="kern-icon kern-icon--info" aria-hidden="true"></span>' +
      '<p class="kern-body"></p></div>';
    box.querySelector("p").textContent = "Ihre Eingaben von vor der Abmeldung sind wieder eingesetzt. Bitte prüfen " +
      "Sie sie und senden Sie das Formular dann ab.";
    form.parentNode.insertBefore(box, form);
  }

  function entwuerfe() {
    var s = speicher();
    if (!s) { return; }
    var anmeldung = document.querySelector("form[data-anmeldung]");
    if (anmeldung) {
      if (anmeldung.getAttribute("data-sitzung-abgelaufen") !== "1") { allesLoeschen(s); return; }
      var vorhanden = alleSchluessel(s);
      vorhanden.forEach(function (k) {
        var e = lesen(s, k);
        if (e) { e.abgelaufen = true; s.setItem(k, JSON.stringify(e)); }
      });
      var zeile = document.getElementById("entwurf-hinweis");
      if (zeile && vorhanden.length) { zeile.hidden = false; }
      return;
    }
    var schluessel = document.body.getAttribute("data-entwurf-schluessel");
    if (!schluessel) { return; }
    document.querySelectorAll("form[data-abmelden]").forEach(function (f) {
      f.addEventListener("submit", function () { allesLoeschen(s); });
    });
    if (document.querySelector(".kern-alert--success")) { allesLoeschen(s); return; }
    var minuten = parseInt(document.body.getAttribute("data-entwurf-minuten") || "30", 10);
    document.querySelectorAll("form[data-entwurf]").forEach(function (form) {
      var k = PRAEFIX + window.location.pathname;
      var e = lesen(s, k);
      s.removeItem(k);
      if (e && e.abgelaufen && e.schluessel === schluessel && Date.now() - e.zeit < minuten * 60000) {
        einsetzen(form, e.werte || {});
        hinweis(form);
      }
      function merken() {
        s.setItem(k, JSON.stringify({ schluessel: schluessel, zeit: Date.now(), werte: sammeln(form) }));
      }
      form.addEventListener("input", merken);
      form.addEventListener("change", merken);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    menue();
    zeichen();
    entwuerfe();
  });
})();
