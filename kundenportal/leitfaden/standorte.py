"""content/standorte.yaml lesen und prüfen: Agenturen, Verbünde der Berufsberatung im Erwerbsleben (BBiE),
Pilotstandorte und KiZ-Cluster.

Die Werte und ihre Regeln (Weisung 202003006, 2.1; domain.md A2, A7, A8) liegen ohne Datei in
`fachverfahren.ports.standorte`: so nutzen die Kalender des ATV sie, ohne den Leitfaden zu kennen. Hier
bleiben `Agentur`, `Cluster` und `Standorte` unter ihrem alten Namen erreichbar."""

from __future__ import annotations

from pathlib import Path

from kundenportal.fachverfahren.ports.standorte import Agentur as Agentur
from kundenportal.fachverfahren.ports.standorte import Cluster as Cluster
from kundenportal.fachverfahren.ports.standorte import Standorte as Standorte

from .fehler import Befund, KatalogFehler
from .quelle import FormFehler, Stelle, formfehler, lesen


def standorte_laden(pfad: Path) -> Standorte:
    """Liest content/standorte.yaml. Jeder Formfehler wird ein Befund mit Datei:Zeile und Feld (quelle.Stelle),
    gesammelt je Agentur und Cluster; eine ganz unerwartete Form bleibt als letzter Schutz ein Befund."""
    try:
        return _standorte_laden(pfad)
    except FormFehler as fehler:
        raise KatalogFehler([fehler.befund]) from None
    except (KeyError, TypeError, AttributeError, ValueError, IndexError) as fehler:   # pragma: no cover
        raise KatalogFehler([formfehler(str(pfad), 1, fehler)]) from None


def _standorte_laden(pfad: Path) -> Standorte:
    wurzel = Stelle.wurzel(str(pfad), lesen(pfad)).abbildung()
    st = Standorte()
    befunde: list[Befund] = []
    for verbund in _eintraege(wurzel.get("verbuende"), befunde):
        try:
            vid = verbund.abbildung()["id"].text()
            st.verbuende[vid] = verbund.get("name").text(vid)
        except FormFehler as fehler:
            befunde.append(fehler.befund)
            continue
        for a in _eintraege(verbund.get("agenturen"), befunde):
            try:
                name = a.abbildung()["name"].text()
                st.agenturen[name] = Agentur(
                    name=name, verbund=vid, bbie_ab=a.get("bbie_ab").datum(pflicht=False),
                    pilot_weiterbildungsberatung=a.get("pilot_weiterbildungsberatung").wahr(),
                    land=a.get("land").text(""))
            except FormFehler as fehler:
                befunde.append(fehler.befund)
    for c in _eintraege(wurzel.get("familienkasse_cluster"), befunde):
        try:
            cid = c.abbildung()["id"].text()
            st.cluster[cid] = Cluster(id=cid, name=c.get("name").text(cid),
                                      familienkassen=c.get("familienkassen").texte())
        except FormFehler as fehler:
            befunde.append(fehler.befund)
    if befunde:
        raise KatalogFehler(befunde)
    return st


def _eintraege(liste: Stelle, befunde: list[Befund]) -> list[Stelle]:
    """Die Einträge einer Liste; ist es keine, ein Befund (die übrigen Abschnitte werden weiter geprüft)."""
    try:
        return liste.eintraege()
    except FormFehler as fehler:
        befunde.append(fehler.befund)
        return []
