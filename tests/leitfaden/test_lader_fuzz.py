"""Die Lader (Leitfaden-Fassungen, Weisungen, Standorte, Fakten, Szenarien) mit hypothesis verfälscht:
ein Blatt wird zu `2020-02-30`, einer Zahl, einer Liste, einer Abbildung, null, einem langen oder
NUL-haltigen Text; ein Schlüssel fällt weg oder kommt dazu; dazu Billion Laughs. Kein Absturz: jeder
Fehler ist ein KatalogFehler (Befund mit Datei, Zeile, Feld) oder SzenarioFehler (`datei:zeile: feld: …`)."""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kundenportal.leitfaden.fehler import Befund, KatalogFehler
from kundenportal.leitfaden.laden import _weisung_lesen, fassung_lesen
from kundenportal.leitfaden.standorte import standorte_laden
from kundenportal.leitfaden.szenario import SzenarioFehler, szenario_lesen
from kundenportal.leitfaden.vokabular import vokabular_laden
from tests.conftest import CONTENT

FEINDLICH = st.sampled_from(["2020-02-30", "9999-12-31", 0, -1, 10**30, 1.5, True, None, [], {}, ["x"],
                             {"a": 1}, "x" * 5000, "a\x00b", "", "{{ kaputt", dt.date(2020, 2, 28)])


def _wege(daten: Any, pfad: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    wege = [pfad]
    if isinstance(daten, dict):
        for k, v in daten.items():
            wege += _wege(v, (*pfad, k))
    elif isinstance(daten, list):
        for i, v in enumerate(daten):
            wege += _wege(v, (*pfad, i))
    return wege


def _setzen(daten: Any, pfad: tuple[Any, ...], wert: Any, art: str) -> Any:
    if not pfad:
        return wert
    eltern = daten
    for schritt in pfad[:-1]:
        eltern = eltern[schritt]
    if art == "weg" and isinstance(eltern, dict):
        del eltern[pfad[-1]]
    elif art == "dazu" and isinstance(eltern, dict):
        eltern["unbekannt_" + str(pfad[-1])] = wert
    else:
        eltern[pfad[-1]] = wert
    return daten


@st.composite
def verfaelscht(draw: st.DrawFn, quelle: Path) -> str:
    daten = yaml.safe_load(quelle.read_text(encoding="utf-8"))
    for _ in range(draw(st.integers(1, 3))):
        wege = _wege(daten)
        pfad = draw(st.sampled_from(wege))
        daten = _setzen(daten, pfad, copy.deepcopy(draw(FEINDLICH)), draw(st.sampled_from(["ersetzen", "weg", "dazu"])))
    return yaml.safe_dump(daten, allow_unicode=True, sort_keys=False)


# Lader, deren Formfehler über quelle.Stelle genau gemeldet werden: nie der allgemeine Rückfall
# („unerwartete Form“), immer eine Zeile ≥ 1 und — außer bei YAML-Syntax — ein Feld.
GENAU = {"standorte", "fakten", "szenario"}


def _ok_oder_befund(laden: Any, pfad: Path, genau: bool = False) -> None:
    try:
        laden(pfad)
    except KatalogFehler as fehler:
        assert fehler.befunde
        for b in fehler.befunde:
            assert isinstance(b, Befund) and pfad.name in b.datei and b.meldung, b
            if genau:
                assert b.zeile >= 1 and "unerwartete Form" not in b.meldung, b
                assert b.feld or "YAML" in b.meldung or "erwartet eine Abbildung" in b.meldung, b
    except SzenarioFehler as fehler:
        assert re.match(rf".*{re.escape(pfad.name)}:[1-9]\d*: ", str(fehler)), str(fehler)
        if genau:
            assert "unerwartete Form" not in str(fehler), str(fehler)


def _fassung(pfad: Path) -> None:
    befunde: list[Befund] = []
    fassung_lesen(pfad, "EZ 1.003", str(pfad), befunde)
    if befunde:
        raise KatalogFehler(befunde)


def _weisung(pfad: Path) -> None:
    befunde: list[Befund] = []
    _weisung_lesen(pfad, str(pfad), befunde)
    if befunde:
        raise KatalogFehler(befunde)


LADER = {
    "fassung": (CONTENT / "leitfaeden" / "ez" / "1.003" / "2020-03-20.yaml", _fassung),
    "weisung": (CONTENT / "weisungen" / "202003006.yaml", _weisung),
    "standorte": (CONTENT / "standorte.yaml", standorte_laden),
    "fakten": (CONTENT / "fakten.yaml", vokabular_laden),
    "szenario": (sorted((CONTENT / "szenarien" / "ez").glob("*.yaml"))[0], szenario_lesen),
}


@pytest.mark.parametrize("art", sorted(LADER))
def test_verfaelschte_dateien_stuerzen_nicht_ab(art: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    quelle, laden = LADER[art]
    ordner = tmp_path_factory.mktemp(art)

    @settings(max_examples=60, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(text=verfaelscht(quelle))
    def pruefen(text: str) -> None:
        ziel = ordner / quelle.name
        ziel.write_text(text, encoding="utf-8")
        _ok_oder_befund(laden, ziel, genau=art in GENAU)

    pruefen()


DATUM = re.compile(r"(?<![\d'\"])\d{4}-\d{2}-\d{2}(?![\d'\"])")


@pytest.mark.parametrize("art", sorted(LADER))
def test_unmoegliches_datum_ohne_anfuehrungszeichen_nennt_die_zeile(art: str, tmp_path: Path) -> None:
    """`2020-02-30` ohne Anführungszeichen ist für YAML ein Datum, das es nicht gibt: ein Befund mit der
    Zeile dieses Datums, kein ValueError."""
    quelle, laden = LADER[art]
    text = quelle.read_text(encoding="utf-8")
    treffer = DATUM.search(text)
    if treffer is None:
        text, zeile = text + "\nunbekannt_datum: 2020-02-30\n", text.count("\n") + 2
    else:
        zeile = text[:treffer.start()].count("\n") + 1
        text = text[:treffer.start()] + "2020-02-30" + text[treffer.end():]
    ziel = tmp_path / quelle.name
    ziel.write_text(text, encoding="utf-8")
    with pytest.raises((KatalogFehler, SzenarioFehler)) as fehler:
        laden(ziel)
    assert f"{quelle.name}:{zeile}: " in str(fehler.value) and "2020-02-30" in str(fehler.value)


BILLION_LAUGHS = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))


@pytest.mark.parametrize("art", sorted(LADER))
def test_billion_laughs(art: str, tmp_path: Path) -> None:
    quelle, laden = LADER[art]
    ziel = tmp_path / quelle.name
    ziel.write_text(BILLION_LAUGHS, encoding="utf-8")
    with pytest.raises((KatalogFehler, SzenarioFehler)):
        laden(ziel)


def test_standorte_nennen_zeile_und_feldpfad(tmp_path: Path) -> None:
    ziel = tmp_path / "standorte.yaml"
    ziel.write_text("verbuende:\n  - id: v1\n    agenturen:\n      - {name: Fürth, bbie_ab: 2020-04-01}\n"
                    "      - name: Ansbach\n        bbie_ab: bald\n      - {bbie_ab: 2020-04-01}\n"
                    "familienkasse_cluster: {id: x}\n", encoding="utf-8")
    with pytest.raises(KatalogFehler) as fehler:
        standorte_laden(ziel)
    assert [(b.zeile, b.feld) for b in fehler.value.befunde] == [
        (6, "verbuende[0].agenturen[1].bbie_ab"), (7, "verbuende[0].agenturen[2].name"),
        (8, "familienkasse_cluster")]
    assert "erwartet ein Datum (JJJJ-MM-TT), nicht der Text 'bald'" in str(fehler.value)
    assert "Pflichtfeld fehlt" in str(fehler.value) and "erwartet eine Liste" in str(fehler.value)


def test_fakten_nennen_zeile_und_feld(tmp_path: Path) -> None:
    ziel = tmp_path / "fakten.yaml"
    ziel.write_text("fakten:\n  alter: {typ: zahl, label: [kaputt]}\naktionen:\n  - {system: atv}\n"
                    "ergebnisse: [a]\nzustand: [1]\n", encoding="utf-8")
    with pytest.raises(KatalogFehler) as fehler:
        vokabular_laden(ziel)
    befunde = {(b.zeile, b.feld) for b in fehler.value.befunde}
    assert (2, "fakten.alter.label") in befunde or (6, "zustand") in befunde
    assert all(b.zeile >= 1 and b.feld for b in fehler.value.befunde), fehler.value.befunde


def test_beschriftung_je_kanal(tmp_path: Path) -> None:
    """Wo die Beschriftung vom Telefon spricht, hat ein Kanal eine eigene (Vorsprache, E-Mail); ein unbekannter
    Kanal ist ein Befund mit Zeile und Feld."""
    vok = vokabular_laden(CONTENT / "fakten.yaml")
    identitaet = vok.fakten["identitaet_geprueft"]
    assert identitaet.label_fuer("sc3") == "Identität des Anrufers anhand der Sicherheitsmerkmale geprüft?"
    assert identitaet.label_fuer("emb") == "Identität des Absenders anhand der Sicherheitsmerkmale geprüft?"
    assert identitaet.label_fuer("ez") == "Identität der vorsprechenden Person anhand eines gültigen Ausweisdokuments geprüft?"
    assert vok.fakten["terminanliegen"].label_fuer("emb") == vok.fakten["terminanliegen"].label
    ziel = tmp_path / "fakten.yaml"
    ziel.write_text("aufzaehlungen:\n  kanal: [sc3, emb]\nfakten:\n  x: {typ: bool, label: Frage?,\n"
                    "      label_je_kanal: {emb: Mail?, fax: Fax?}}\n", encoding="utf-8")
    with pytest.raises(KatalogFehler) as fehler:
        vokabular_laden(ziel)
    assert [(b.zeile, b.feld, b.meldung) for b in fehler.value.befunde] == [
        (5, "fakten.x.label_je_kanal.fax", "unbekannter Kanal 'fax' (aufzaehlungen.kanal: sc3, emb)")]
