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
from kundenportal.leitfaden.gueltigkeit import aufloesen
from kundenportal.leitfaden.katalog import Fassung, Katalog, Leitfaden
from kundenportal.leitfaden.laden import katalog_laden
from kundenportal.leitfaden.modell import (
    Einbinden,
    FassungsDatei,
    Frage,
    KopfDatei,
    Pruefung,
    Rueckkehr,
    Schritt,
)
from kundenportal.leitfaden.pruefen import katalog_pruefen
from kundenportal.leitfaden.pruefungen.datenfluss import (
    _ausdruecke_des_schritts,
    _erhoben_vor_gebrauch,
    _sicher_erhoben,
    _vielleicht_unerhoben,
    _zusammenfassung,
)
from kundenportal.leitfaden.pruefungen.lauf import _Lauf, _namen
from kundenportal.leitfaden.wege import MAX_TIEFE, wege
from tests.conftest import CONTENT

HAUPT, BAUSTEIN = "SC 9.901", "BS Testbaustein"
STAND = dt.date(2020, 3, 20)
FAKTEN = ["identitaet_geprueft", "teilnahme_erforderlich", "teilnahme_moeglich", "antrag_online_gewuenscht"]
# Fakten, Abfrage-Variable, ein Ausdruck mit unbekanntem Namen (fällt heraus: meldet _ausdruecke)
BEDINGUNGEN = [*FAKTEN, "identitaet_geprueft && teilnahme_moeglich", "stufe_ausweissicht || antrag_online_gewuenscht",
               "stufe_ausweissicht", "unbekannt_xy"]
KONTEXT_BEDINGUNG = "kanal == 'sc3'"     # benutzt nur, was immer bekannt ist


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


# Zum Vergleich die Analyse ohne Zusammenfassungen: der Schrittgraph mit an jeder Einbindung ausgeklappten
# Leitfäden (wie `wege` sie ausklappt), darüber die Schnittmenge je Schritt bis zum Fixpunkt.

def _graph(katalog: Katalog, fassung: Fassung) -> tuple[list[Schritt], list[list[int]]]:
    """(Schritte, Nachfolger je Schritt als Indizes), Start ist 0; ohne gültigen Start beide leer."""
    schritte: list[Schritt] = []
    nach: list[list[int]] = []
    _ausklappen(katalog, fassung, 0, schritte, nach)
    return schritte, nach


def _ausklappen(katalog: Katalog, fassung: Fassung, tiefe: int, schritte: list[Schritt],
                nach: list[list[int]]) -> tuple[int, list[int]] | None:
    je_id = fassung.schritte
    start = fassung.daten.start
    if tiefe > MAX_TIEFE or start not in je_id:
        return None
    basis = len(schritte)
    index = {start: basis}
    for sid in je_id:
        if sid != start:
            index[sid] = basis + len(index)
    schritte.extend(je_id[sid] for sid in index)
    nach.extend([] for _ in index)
    rueckkehr: list[int] = []
    for sid, i in index.items():
        s = je_id[sid]
        aus = [index[n] for n in fassung.ziele[sid] if n in index]
        if isinstance(s, Einbinden):
            ziel = aufloesen(katalog, s.leitfaden, fassung.gueltig_ab, None)
            teil = None if ziel is None else _ausklappen(katalog, ziel, tiefe + 1, schritte, nach)
            if teil is not None:
                nach[i].append(teil[0])
                for r in teil[1]:
                    nach[r].extend(aus)
        else:
            nach[i] = aus
            if not fassung.ziele[sid] and isinstance(s, Rueckkehr):
                rueckkehr.append(i)
    return basis, rueckkehr


def _fixpunkt(anfang: frozenset[str], erhebt: list[frozenset[str]],
                    nach: list[list[int]]) -> list[frozenset[str] | None]:
    sicher: list[frozenset[str] | None] = [None] * len(nach)
    if not nach:
        return sicher
    sicher[0] = anfang
    offen = [0]
    while offen:
        i = offen.pop()
        vorher = sicher[i]
        assert vorher is not None
        for j in nach[i]:
            bisher = sicher[j]
            neu = vorher | erhebt[i] if bisher is None else bisher & (vorher | erhebt[i])
            if neu != bisher:
                sicher[j] = neu
                offen.append(j)
    return sicher


def _erhebt(s: Schritt) -> frozenset[str]:
    if isinstance(s, Frage):
        return frozenset([s.fakt])
    if isinstance(s, Pruefung) and s.abfrage in ABFRAGEN:
        return frozenset(ABFRAGEN[s.abfrage].variablen)
    return frozenset()


def _ausgeklappt_unerhoben(katalog: Katalog, f: Fassung) -> frozenset[str]:
    """Die benutzten Namen, die an einem erreichbaren Schritt des ausgeklappten Graphen fehlen können."""
    umg = umgebung(katalog)
    schritte, nach = _graph(katalog, f)

    def namen(ausdruecke: list[tuple[str, str]]) -> frozenset[str]:
        return frozenset(n for _, a in ausdruecke if not umg.pruefen(a, None) for n in _namen(a))

    erhebt = [_erhebt(s) for s in schritte]
    fehlend: set[str] = set()
    for s, ein, dazu in zip(schritte, _fixpunkt(frozenset(KONTEXT), erhebt, nach), erhebt, strict=True):
        vorher, nachher = _ausdruecke_des_schritts(s)
        if ein is not None:
            fehlend |= namen(vorher) - ein | namen(nachher) - ein - dazu
    return frozenset(fehlend)


def _je_schritt_wie_ausgeklappt(katalog: Katalog, f: Fassung) -> None:
    """Was die Prüfung je Schritt der Fassung für sicher erhoben hält, ist genau das des ausgeklappten Graphen."""
    lauf = _Lauf(katalog, umgebung(katalog))
    je_id = f.schritte
    erhoben = _sicher_erhoben(katalog, f, je_id, 0, lauf)
    schritte, nach = _graph(katalog, f)
    if erhoben is None:
        assert not schritte
        return
    erwartet = _fixpunkt(frozenset(KONTEXT), [_erhebt(s) for s in schritte], nach)
    # im ausgeklappten Graphen stehen die Schritte der Fassung vorn: der Start, dann die übrigen in Dateifolge
    for i, sid in enumerate([f.daten.start, *(sid for sid in je_id if sid != f.daten.start)]):
        if erwartet[i] is None:
            assert sid not in erhoben[0], sid
        else:
            namen = {name for name, bit in lauf.namen.items() if erhoben[0][sid] & bit}
            assert frozenset(namen | set(KONTEXT)) == erwartet[i], sid


def _zusammengefasst_unerhoben(katalog: Katalog, f: Fassung) -> frozenset[str]:
    """Dasselbe aus den Zusammenfassungen der Prüfung: der Bedarf beim Einstieg ohne den Kontext."""
    lauf = _Lauf(katalog, umgebung(katalog))
    zusammenfassung = _zusammenfassung(katalog, f, 0, lauf)
    if zusammenfassung is None:
        return frozenset()
    fehlt = zusammenfassung[0] & ~lauf.maske(KONTEXT)
    return frozenset(name for name, bit in lauf.namen.items() if fehlt & bit)


@st.composite
def _schritte(draw: st.DrawFn, baustein: bool) -> list[dict[str, Any]]:
    """Schritte s0…sN mit zufälligen Ausgängen (auch rückwärts: Schleifen; auch ins Leere) und Enden."""
    n = draw(st.integers(2, 8))
    enden = ["zurueck", "zurueck2", "fertig"] if baustein else ["fertig"]
    ziele = st.sampled_from([*(f"s{i}" for i in range(n)), *enden, "fehlt"])
    # Wie dicht Fakten benutzt werden (0 bis 3 von 4 Bedingungen): wo fast alles benutzt wird, fiele eine zu
    # großzügige Analyse an einer Stelle nicht auf, weil derselbe Name anderswo ohnehin fehlt.
    dichte = draw(st.integers(0, 3))
    bedingung = st.integers(0, 3).flatmap(
        lambda x: st.sampled_from(BEDINGUNGEN) if x < dichte else st.just(KONTEXT_BEDINGUNG))

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
    if baustein:        # zwei Rückkehr-Schritte: was zurückgegeben wird, ist die Schnittmenge über beide
        schritte += [{"id": "zurueck", "art": "rueckkehr", "ergebnis": "auskunft_erteilt"},
                     {"id": "zurueck2", "art": "rueckkehr", "ergebnis": "auskunft_erteilt"}]
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
    for f in (lf.fassungen[0] for lf in katalog.leitfaeden.values()):
        # Die Zusammenfassungen sind so genau wie der ausgeklappte Graph …
        _je_schritt_wie_ausgeklappt(katalog, f)
        fehlend = _ausgeklappt_unerhoben(katalog, f)
        assert _zusammengefasst_unerhoben(katalog, f) == fehlend
        assert _vielleicht_unerhoben(katalog, f, umgebung(katalog)) == bool(fehlend)
        # … und der enthält jeden Weg aus `wege`: die Knoten, an denen ein Weg bis hierher stehen kann, werden
        # nie leer.
        schritte, nach = _graph(katalog, f)
        for weg, _ in wege(katalog, f):
            moeglich = {0} if schritte and schritte[0] is weg[0].schritt else set()
            for punkt in weg[1:]:
                moeglich = {j for i in moeglich for j in nach[i] if schritte[j] is punkt.schritt}
            assert moeglich, [p.schluessel for p in weg]


@st.composite
def _graphen(draw: st.DrawFn) -> tuple[list[frozenset[str]], list[list[int]]]:
    n = draw(st.integers(1, 7))
    nach = [draw(st.lists(st.integers(0, n - 1), max_size=3)) for _ in range(n)]
    return [draw(st.frozensets(st.sampled_from("abcd"))) for _ in range(n)], nach


def _schnitt_ueber_wege(anfang: frozenset[str], erhebt: list[frozenset[str]],
                        nach: list[list[int]]) -> list[frozenset[str] | None]:
    """Alle Wege ohne Wiederholung vom Start aufzählen (mit Schleife erhebt ein Weg nicht weniger)."""
    sicher: list[frozenset[str] | None] = [None] * len(nach)
    offen: list[tuple[int, frozenset[str], frozenset[int]]] = [(0, anfang, frozenset({0}))]
    while offen:
        i, bekannt, besucht = offen.pop()
        bisher = sicher[i]
        sicher[i] = bekannt if bisher is None else bisher & bekannt
        for j in nach[i]:
            if j not in besucht:
                offen.append((j, bekannt | erhebt[i], besucht | {j}))
    return sicher


@settings(max_examples=300, deadline=None)
@given(_graphen(), st.frozensets(st.sampled_from("abcd")))
def test_der_fixpunkt_der_vergleichsanalyse_ist_die_schnittmenge_ueber_alle_wege(
        g: tuple[list[frozenset[str]], list[list[int]]], anfang: frozenset[str]) -> None:
    erhebt, nach = g
    assert _fixpunkt(anfang, erhebt, nach) == _schnitt_ueber_wege(anfang, erhebt, nach)


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
    # die Datenflussanalyse sieht auch den Weg in die Schleife: sie lässt die Wege aufzählen, die nichts finden
    assert _vielleicht_unerhoben(katalog, katalog.leitfaeden[HAUPT].fassungen[0], umgebung(katalog))
    assert any("Schleife" in b.meldung for b in katalog_pruefen(katalog))


def test_wege_eines_sich_selbst_doppelt_einbindenden_bausteins_bleiben_begrenzt(basis: Katalog) -> None:
    """Ein Baustein, der sich zweimal hintereinander selbst einbindet: Wege je Ebene P(d) = 2 + 2·P(d+1)², und
    jeder Weg nach der ersten Einbindung klappt die zweite neu aus, auch im Hauptleitfaden, dessen Wege nie fertig
    werden. Vor der gemeinsamen Schrittgrenze lief die
    Aufzählung (und mit ihr die Katalogprüfung) hier praktisch ohne Ende — im vollen Testlauf eines frischen
    Klons hing ein hypothesis-Beispiel dieser Art über zehn Minuten."""
    from kundenportal.leitfaden import wege as wege_modul

    baustein = [{"id": "s0", "art": "hinweis", "weiter": [{"wenn": "teilnahme_moeglich", "nach": "s1"},
                                                           {"sonst": "s3"}]},
                {"id": "s1", "art": "einbinden", "leitfaden": BAUSTEIN, "nach": "s2"},
                {"id": "s2", "art": "einbinden", "leitfaden": BAUSTEIN, "nach": "s3"},
                {"id": "s3", "art": "frage", "fakt": "teilnahme_moeglich",
                 "weiter": [{"wenn": "teilnahme_moeglich", "nach": "zurueck"}, {"sonst": "zurueck2"}]},
                {"id": "zurueck", "art": "rueckkehr", "ergebnis": "auskunft_erteilt"},
                {"id": "zurueck2", "art": "rueckkehr", "ergebnis": "auskunft_erteilt"}]
    # Nach der zweiten Einbindung geht es ins Leere: kein Weg wird fertig, MAX_WEGE greift nie.
    haupt = [{"id": "s0", "art": "einbinden", "leitfaden": BAUSTEIN, "nach": "s1"},
             {"id": "s1", "art": "einbinden", "leitfaden": BAUSTEIN, "nach": "fehlt"},
             {"id": "fertig", "art": "ende", "ergebnis": "auskunft_erteilt"}]
    katalog = _katalog(basis, haupt, baustein)
    f = katalog.leitfaeden[HAUPT].fassungen[0]
    budget = wege_modul._Budget(wege_modul.MAX_SCHRITTE)
    gefunden = wege(katalog, f, budget=budget)
    assert budget.rest == 0                                  # an der Grenze abgebrochen, nicht zu Ende gelaufen
    assert gefunden == []
    assert list(_erhoben_vor_gebrauch(katalog, f)) == []     # die Prüfung endet (und findet nichts)
