// Jeder Fehler sichtbar (App-Hülle, jede Seite): scheitert eine htmx-Anfrage (Serverfehler oder keine
// Verbindung), erscheint im Gesprächsbereich — sonst über dem Ziel der Anfrage bzw. oben im Inhalt —
// eine deutsche Meldung mit "Erneut versuchen"; nichts wird verschluckt. Bringt die Antwort selbst einen Text mit
// ([data-htmx-fehler], etwa 503 „Datenbank nicht erreichbar“ aus betrieb/datenbankausfall.py: was mit der Eingabe
// ist), steht dieser statt des allgemeinen Grunds da.
(function () {
  "use strict";
  var GRUENDE = {
    400: "Die Anfrage war unvollständig (Fehler 400).",
    403: "Diese Aktion ist für Ihre Rolle nicht erlaubt oder der Kontakt gehört nicht Ihnen (Fehler 403).",
    404: "Der Kontakt wurde nicht gefunden – vielleicht ist er bereits abgeschlossen (Fehler 404).",
    409: "Der Kontakt wurde inzwischen geändert (Fehler 409). Laden Sie die Seite neu.",
    413: "Die Eingabe ist zu groß und wurde nicht gespeichert (Fehler 413). Ihr Text steht noch im Feld: bitte kürzen.",
    500: "Im Kundenportal ist ein interner Fehler aufgetreten (Fehler 500).",
    502: "Ein Fachverfahren oder der Server antwortet nicht (Fehler 502).",
    503: "Der Dienst ist vorübergehend nicht erreichbar (Fehler 503).",
    504: "Die Antwort kam nicht rechtzeitig (Fehler 504)."
  };
  var letzte = null;   // das Formular des gescheiterten Schritts: "Erneut versuchen" schickt es noch einmal
  var knopf = null;    // mit dem Knopf, der es abgeschickt hat (er trägt die gewählte Antwort)
  document.addEventListener("submit", function (e) { knopf = e.submitter || null; }, true);

  function vomServer(xhr) {
    var typ = (xhr && xhr.getResponseHeader("Content-Type")) || "";
    if (typ.indexOf("text/html") !== 0 || !xhr.responseText) { return null; }
    var teil = new DOMParser().parseFromString(xhr.responseText, "text/html").querySelector("[data-htmx-fehler]");
    if (!teil) { return null; }
    var abschnitt = teil.closest("[data-titel]");
    return {text: teil.textContent.replace(/\s+/g, " ").trim(), titel: abschnitt && abschnitt.getAttribute("data-titel")};
  }

  function zeigen(grund, ziel, ueberschrift, ohneZusatz) {
    var bereich = document.getElementById("gespraech")
      || (ziel && ziel.closest && ziel.closest("section, form, main")) || document.getElementById("inhalt");
    if (!bereich) { return; }
    var alt = document.getElementById("gespraech-fehler");
    if (alt) { alt.remove(); }
    var kasten = document.createElement("section");
    kasten.id = "gespraech-fehler";
    kasten.className = "gespraech-fehler";
    kasten.setAttribute("role", "alert");
    kasten.setAttribute("aria-labelledby", "gespraech-fehler-titel");
    var titel = document.createElement("h2");
    titel.id = "gespraech-fehler-titel";
    titel.tabIndex = -1;
    titel.textContent = ueberschrift || "Der Schritt wurde nicht ausgeführt";
    var text = document.createElement("p");
    text.textContent = ohneZusatz ? grund : grund + " Ihre bisherigen Antworten sind gespeichert.";
    var knoepfe = document.createElement("p");
    var nochmal = document.createElement("button");
    nochmal.type = "button";
    nochmal.id = "erneut-versuchen";
    nochmal.textContent = "Erneut versuchen";
    nochmal.addEventListener("click", function () {
      kasten.remove();
      if (letzte && document.body.contains(letzte)) {
        if (knopf && letzte.contains(knopf)) { knopf.focus(); knopf.click(); } else { letzte.requestSubmit(); }
      } else { window.location.reload(); }
    });
    var neu = document.createElement("button");
    neu.type = "button";
    neu.className = "zweit";
    neu.textContent = "Seite neu laden";
    neu.addEventListener("click", function () { window.location.reload(); });
    knoepfe.append(nochmal, " ", neu);
    kasten.append(titel, text, knoepfe);
    if (bereich.tagName === "FORM") { bereich.before(kasten); } else { bereich.prepend(kasten); }
    titel.focus();
    document.documentElement.setAttribute("data-tastatur", "bereit");
  }

  document.addEventListener("htmx:beforeRequest", function (e) {
    var elt = e.detail && e.detail.elt;
    letzte = elt && elt.tagName === "FORM" ? elt : (elt && elt.form) || null;
  });
  document.addEventListener("htmx:responseError", function (e) {
    var xhr = e.detail && e.detail.xhr;
    var status = xhr ? xhr.status : 0;
    var eigen = vomServer(xhr);
    if (eigen && eigen.text) { zeigen(eigen.text, e.detail.elt, eigen.titel, true); return; }
    zeigen(GRUENDE[status] || ("Der Server hat mit Fehler " + status + " geantwortet."), e.detail && e.detail.elt);
  });
  document.addEventListener("htmx:sendError", function (e) {
    zeigen("Keine Verbindung zum Kundenportal – prüfen Sie das Netzwerk.", e.detail && e.detail.elt);
  });
  document.addEventListener("htmx:timeout", function (e) {
    zeigen("Die Antwort kam nicht rechtzeitig.", e.detail && e.detail.elt);
  });
})();
