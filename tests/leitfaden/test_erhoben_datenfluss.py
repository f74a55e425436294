"""„Erhoben vor Gebrauch" über die Datenflussanalyse: dieselben Befunde (Text, Reihenfolge, Datei:Zeile) wie die
frühere Prüfung, die alle Wege aufzählte — auf zufälligen Graphen mit Schleifen, Zusammenführungen, in denen nur
ein Zweig erhebt, fehlenden Zielen und Bausteinen (auch einem, der sich selbst einbindet)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kundenportal.leitfaden.auftraege import ABFRAGEN
from kundenportal.leitfaden.ausdruck import KONTEXT
from kundenportal.leitfaden.engine import umgebung
from kundenportal.leitfaden.fehler import Befund
from kundenportal.leitfaden.katalog import Fassung, Katalog, Leitfaden
from kundenportal.leitfaden.laden import katalog_laden
from kundenportal.leitfaden.modell import FassungsDatei, Frage, KopfDatei, Pruefung
from kundenportal.leitfaden.pruefen import (
    _ausdruecke_des_schritts,
    _erhoben_vor_gebrauch,
    _namen,
    _sicher_erhoben,
    katalog_pruefen,
)
from kundenportal.leitfaden.wege import graph, wege
from tests.conftest import CONTENT

HAUPT, BAUSTEIN = "SC 9.901", "BS Testbaustein"
STAND = dt.date(2020, 3, 20)
FAKTEN = ["identitaet_geprueft", "teilnahme_erforderlich", "teilnahme_moeglich", "antrag_online_gewuenscht"]
# Fakten, Abfrage-Variable, Kontext, ein Ausdruck mit unbekanntem Namen (fällt heraus: meldet _ausdruecke)
BEDINGUNGEN = [*FAKTEN, "identitaet_geprueft && teilnahme_moeglich", "stufe_ausweissicht || antrag_online_gewuenscht",
               "kanal == 'sc3'", "stufe_ausweissicht", "unbekannt_xy"]


def _referenz(katalog: Katalog, f: Fassung) -> Iterator[Befund]:
    """Die frühere Prüfung: alle Wege aufzählen, auf jedem mitführen, was erhoben ist."""
    umg = umgebung(katalog)
    gemeldet: set[tuple[str, str, str]] = set()
    for weg, _ in wege(katalog, f):
        bekannt = set(KONTEXT)
        for i, punkt in enumerate(weg):
            s = punkt.schritt
            vorher, nachher = _ausdruecke_des_schritts(s)
            erhebt: set[str] = set()
            if isinstance(s, Frage):
                erhebt.add(s.fakt)
            if isinstance(s, Pruefung) and s.abfrage in ABFRAGEN:
                erhebt |= set(ABFRAGEN[s.abfrage].variablen)
            for teil in (vorher, nachher):
                if teil is nachher:
                    bekannt |= erhebt
                for feld, ausdruck in teil:
                    if umg.pruefen(ausdruck, None):
                        continue
                    for name in sorted(_namen(ausdruck) - bekannt):
                        if (punkt.schluessel, feld, name) in gemeldet:
                            continue
                        gemeldet.add((punkt.schluessel, feld, name))
                        pfad = " → ".join(p.schritt.id for p in weg[:i + 1])
                        yield Befund(punkt.fassung.datei, punkt.fassung.zeile(s.id), f"schritte.{s.id}.{feld}",
                                     f"'{name}' ist auf dem Weg {pfad} noch nicht erhoben (vorher fragen oder "
                                     "mit art: pruefung lesen)")


@st.composite
def _schritte(draw: st.DrawFn, baustein: bool) -> list[dict[str, Any]]:
    """Schritte s0…sN mit zufälligen Ausgängen (auch rückwärts: Schleifen; auch ins Leere) und Enden."""
    n = draw(st.integers(2, 7))
    enden = ["zurueck", "fertig"] if baustein else ["fertig"]
    ziele = st.sampled_from([*(f"s{i}" for i in range(n)), *enden, "fehlt"])
    bedingung = st.sampled_from(BEDINGUNGEN)

    def ausgang() -> dict[str, Any]:
        if draw(st.booleans()):
            return {"nach": draw(ziele)}
        zweige: list[dict[str, str]] = [{"wenn": draw(bedingung), "nach": draw(ziele)}
                                        for _ in range(draw(st.integers(1, 2)))]
        return {"weiter": [*zweige, {"sonst": draw(ziele)}]}

    schritte: list[dict[str, Any]] = []
    for i in range(n):
        art = draw(st.sampled_from(["frage", "frage", "hinweis", "pruefung", "einbinden"]))
        s: dict[str, Any] = {"id": f"s{i}", "art": art}
        if art == "frage":
            s["fakt"] = draw(st.sampled_from(FAKTEN))
            if draw(st.booleans()):
                s["gueltig_wenn"] = draw(bedingung)
            s |= ausgang()
        elif art == "hinweis":
            s |= ausgang()
        elif art == "pruefung":
            s["abfrage"] = "sicherheitsstufe"
            if draw(st.booleans()):
                s["parameter"] = {"wert": "=" + draw(bedingung)}
            s |= ausgang()
        else:
            s["leitfaden"] = BAUSTEIN
            if draw(st.booleans()):
                s["nach"] = draw(ziele)
        schritte.append(s)
    schritte.append({"id": "fertig", "art": "ende", "ergebnis": "auskunft_erteilt"})
    if baustein:
        schritte.append({"id": "zurueck", "art": "rueckkehr", "ergebnis": "auskunft_erteilt"})
    return schritte


def _fassung(leitfaden_id: str, ordner: str, schritte: list[dict[str, Any]]) -> Fassung:
    daten = FassungsDatei.model_validate({"stand": STAND, "gueltig_ab": STAND, "weisung": "202003006",
                                          "start": "s0", "schritte": schritte})
    return Fassung(leitfaden_id, daten, f"{ordner}/2020-03-20.yaml", "",
                   {s["id"]: 10 + 5 * i for i, s in enumerate(schritte)})


def _katalog(basis: Katalog, haupt: list[dict[str, Any]], baustein: list[dict[str, Any]]) -> Katalog:
    leitfaeden = {HAUPT: Leitfaden(KopfDatei(id=HAUPT, titel="Test", kanaele=["sc3"]), "leitfaeden/sc/9.901",
                                   [_fassung(HAUPT, "leitfaeden/sc/9.901", haupt)]),
                  BAUSTEIN: Leitfaden(KopfDatei(id=BAUSTEIN, titel="Baustein", baustein=True), "leitfaeden/bs/test",
                                      [_fassung(BAUSTEIN, "leitfaeden/bs/test", baustein)])}
    return Katalog(basis.vokabular, basis.standorte, leitfaeden, basis.weisungen)


@pytest.fixture(scope="module")
def basis() -> Katalog:
    return katalog_laden(CONTENT)


def _vergleichen(katalog: Katalog) -> list[Befund]:
    alle = []
    for lf in katalog.leitfaeden.values():
        for f in lf.fassungen:
            neu = list(_erhoben_vor_gebrauch(katalog, f))
            assert neu == list(_referenz(katalog, f))
            alle += neu
    return alle


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(haupt=_schritte(False), baustein=_schritte(True))
def test_datenfluss_meldet_dasselbe_wie_die_wege(basis: Katalog, haupt: list[dict[str, Any]],
                                                 baustein: list[dict[str, Any]]) -> None:
    katalog = _katalog(basis, haupt, baustein)
    _vergleichen(katalog)
    # Jeder Weg aus `wege` geht durch den Graphen (die Analyse sieht also mindestens diese Wege): die Knoten,
    # an denen ein Weg bis hierher stehen kann, werden nie leer.
    for f in (lf.fassungen[0] for lf in katalog.leitfaeden.values()):
        schritte, nach = graph(katalog, f)
        for weg, _ in wege(katalog, f):
            moeglich = {0} if schritte and schritte[0] is weg[0].schritt else set()
            for punkt in weg[1:]:
                moeglich = {j for i in moeglich for j in nach[i] if schritte[j] is punkt.schritt}
            assert moeglich, [p.schluessel for p in weg]


@st.composite
def _graphen(draw: st.DrawFn) -> tuple[list[int], list[list[int]]]:
    n = draw(st.integers(1, 7))
    nach = [draw(st.lists(st.integers(0, n - 1), max_size=3)) for _ in range(n)]
    return [draw(st.integers(0, 15)) for _ in range(n)], nach


def _schnitt_ueber_wege(anfang: int, erhebt: list[int], nach: list[list[int]]) -> list[int | None]:
    """Zum Vergleich: alle Wege ohne Wiederholung vom Start aufzählen (mit Schleife erhebt ein Weg nicht weniger)."""
    sicher: list[int | None] = [None] * len(nach)
    offen: list[tuple[int, int, frozenset[int]]] = [(0, anfang, frozenset({0}))]
    while offen:
        i, bekannt, besucht = offen.pop()
        bisher = sicher[i]
        sicher[i] = bekannt if bisher is None else bisher & bekannt
        for j in nach[i]:
            if j not in besucht:
                offen.append((j, bekannt | erhebt[i], besucht | {j}))
    return sicher


@settings(max_examples=500, deadline=None)
@given(_graphen(), st.integers(0, 15))
def test_sicher_erhoben_ist_die_schnittmenge_ueber_alle_wege(g: tuple[list[int], list[list[int]]],
                                                             anfang: int) -> None:
    erhebt, nach = g
    assert _sicher_erhoben(anfang, erhebt, nach) == _schnitt_ueber_wege(anfang, erhebt, nach)


def _frage(sid: str, fakt: str, **ausgang: Any) -> dict[str, Any]:
    return {"id": sid, "art": "frage", "fakt": fakt, **ausgang}


def _hinweis(sid: str, wenn: str, dann: str, sonst: str) -> dict[str, Any]:
    return {"id": sid, "art": "hinweis", "weiter": [{"wenn": wenn, "nach": dann}, {"sonst": sonst}]}


ENDE = {"id": "fertig", "art": "ende", "ergebnis": "auskunft_erteilt"}
ZURUECK = {"id": "zurueck", "art": "rueckkehr", "ergebnis": "auskunft_erteilt"}


def test_zusammenfuehrung_nach_schleife_und_baustein(basis: Katalog) -> None:
    """Nur ein Zweig erhebt; eine Schleife zurück zum Start; ein Baustein, der benutzt, was nur ein Weg des
    Hauptleitfadens erhebt, und selbst erhebt, was danach gebraucht wird."""
    haupt = [_frage("s0", "identitaet_geprueft", je_antwort={"ja": "s1", "nein": "s2"}),
             _frage("s1", "teilnahme_moeglich", nach="s2"),
             {"id": "s2", "art": "einbinden", "leitfaden": BAUSTEIN, "nach": "s3"},
             _hinweis("s3", "antrag_online_gewuenscht && teilnahme_moeglich", "fertig", "s0"), ENDE]
    baustein = [_hinweis("s0", "teilnahme_moeglich", "s1", "s1"),
                _frage("s1", "antrag_online_gewuenscht", nach="zurueck"), ZURUECK]
    befunde = [str(b) for b in _vergleichen(_katalog(basis, haupt, baustein))]
    assert befunde == [
        "leitfaeden/bs/test/2020-03-20.yaml:10: schritte.s0.weiter.wenn: 'teilnahme_moeglich' ist auf dem Weg "
        "s0 → s2 → s0 noch nicht erhoben (vorher fragen oder mit art: pruefung lesen)",
        "leitfaeden/sc/9.901/2020-03-20.yaml:25: schritte.s3.weiter.wenn: 'teilnahme_moeglich' ist auf dem Weg "
        "s0 → s2 → s0 → s1 → zurueck → s3 noch nicht erhoben (vorher fragen oder mit art: pruefung lesen)",
        "leitfaeden/bs/test/2020-03-20.yaml:10: schritte.s0.weiter.wenn: 'teilnahme_moeglich' ist auf dem Weg "
        "s0 noch nicht erhoben (vorher fragen oder mit art: pruefung lesen)"]


def test_schleife_die_nie_endet_meldet_nichts(basis: Katalog) -> None:
    """Wie bisher zählen nur Wege, die enden: ein Gebrauch auf einer Schleife ohne Ausgang bleibt ohne Befund
    (die Schleife meldet die Graph-Prüfung)."""
    haupt = [_frage("s0", "identitaet_geprueft", je_antwort={"ja": "fertig", "nein": "s1"}),
             _hinweis("s1", "teilnahme_moeglich", "s0", "s0"), ENDE]
    katalog = _katalog(basis, haupt, [ZURUECK])
    assert _vergleichen(katalog) == []
    assert any("Schleife" in b.meldung for b in katalog_pruefen(katalog))
