// Die Verwaltung (Djangos Admin) nach einem gescheiterten Sichern eines Formulars (Benutzer anlegen oder ändern …):
// Der Fokus geht auf den Hinweis „Bitte die unten aufgeführten Fehler korrigieren.“ (.errornote), nicht auf das
// erste Feld — ein Screenreader liest so vor, dass das Sichern gescheitert ist. Wie die Fehlerliste des Portals
// (portal/_fehlerliste.html) nennt der Hinweis jeden Fehler mit seinem Feld als Link dorthin (Djangos Fehlerlisten
// der Felder tragen die id „<Feld>_error“); role="alert", tabindex="-1".
// Eingebunden nur bei Fehlern (admin/change_form.html, das dann Djangos Fokus auf das erste Feld abschaltet).
(function () {
  "use strict";
  var hinweis = document.querySelector("#content-main .errornote");
  if (!hinweis) { return; }
  var liste = document.createElement("ul");
  document.querySelectorAll("#content-main ul.errorlist[id$='_error']").forEach(function (fehler) {
    var feld = fehler.id.slice(0, -"_error".length);
    // Eine Gruppe von Kästchen (Rollen) trägt die id am umgebenden div: der Link führt aufs erste Kästchen, und
    // die Beschriftung ist die <legend> ihres <fieldset> (admin/konten/verwaltung_fieldset.html) oder ein <label> ohne
    // for davor (sonst fehlte „Rollen:“ vor der Meldung).
    var gruppe = document.getElementById(feld);
    var ziel = gruppe && !gruppe.matches("input, select, textarea") ?
      gruppe.querySelector("input, select, textarea") || gruppe : gruppe;
    ziel = ziel || document.querySelector("[id^='" + feld + "_']");
    if (!ziel) { return; }
    var behaelter = gruppe && gruppe.closest(".flex-container");
    var gruppenrahmen = gruppe && gruppe.parentElement && gruppe.parentElement.matches("fieldset.kaestchen-gruppe") ?
      gruppe.parentElement : null;
    var beschriftung = document.querySelector("label[for='" + feld + "']") ||
      (gruppenrahmen && gruppenrahmen.querySelector(":scope > legend")) ||
      (behaelter && behaelter.querySelector(":scope > label:not([for])"));
    var name = beschriftung ? beschriftung.textContent.replace(/:\s*$/, "").trim() : "";
    var meldung = fehler.textContent.trim();
    var link = document.createElement("a");
    link.href = "#" + ziel.id;
    link.textContent = name && meldung.indexOf(name + ":") !== 0 ? name + ": " + meldung : meldung;
    var eintrag = document.createElement("li");
    eintrag.appendChild(link);
    liste.appendChild(eintrag);
  });
  if (liste.children.length) { hinweis.appendChild(liste); }
  hinweis.setAttribute("tabindex", "-1");
  hinweis.setAttribute("role", "alert");
  hinweis.focus();
})();
