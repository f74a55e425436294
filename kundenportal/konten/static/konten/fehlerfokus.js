// Die Verwaltung (Djangos Admin) nach einem gescheiterten Sichern eines Formulars (Benutzer anlegen oder ändern …):
// Der Fokus geht auf den Hinweis „Bitte die unten aufgeführten Fehler korrigieren.“ (.errornote), nicht auf das
// erste Feld — ein Screenreader liest so vor, dass das Sichern gescheitert ist, und Tab führt von dort zu den Feldern
// mit ihren Meldungen. Wie die Fehlerliste des Portals (portal/_fehlerliste.html): role="alert", tabindex="-1".
// Eingebunden nur bei Fehlern (admin/change_form.html, das dann Djangos Fokus auf das erste Feld abschaltet).
(function () {
  "use strict";
  var hinweis = document.querySelector("#content-main .errornote");
  if (!hinweis) { return; }
  hinweis.setAttribute("tabindex", "-1");
  hinweis.setAttribute("role", "alert");
  hinweis.focus();
})();
