"""Der Wortlaut einer Frage (leitfaden.wortlaut.frage_text): eine Stelle entscheidet, was als Frage dasteht — der
Wortlaut der Fassung (`frage:`) in jedem Kanal, sonst die Beschriftung des Fakts im Kanal. Ohne Datenbank."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from pydantic import ValidationError

from kundenportal.leitfaden.diff import diff, diff_text
from kundenportal.leitfaden.diff_lesbar import WORTLAUT, feldzeilen
from kundenportal.leitfaden.engine import Station
from kundenportal.leitfaden.katalog import Fassung, Katalog
from kundenportal.leitfaden.lauf import Lauf
from kundenportal.leitfaden.modell import FRAGE_LAENGE, Frage
from kundenportal.leitfaden.vermerk import _zeile, vermerk_schreiben
from kundenportal.leitfaden.wortlaut import frage_text
from tests.conftest import CONTENT

NEU = "Wurde die Identität geprüft?"


def _frage(**felder: object) -> Frage:
    return Frage.model_validate({"id": "identitaet", "art": "frage", "fakt": "identitaet_geprueft",
                                 "je_antwort": {"ja": "weiter", "nein": "ende"}, **felder})


def test_ohne_wortlaut_die_beschriftung_je_kanal_mit_wortlaut_in_jedem_kanal(katalog: Katalog) -> None:
    vok = katalog.vokabular
    fakt = vok.fakten["identitaet_geprueft"]
    ohne, mit = _frage(), _frage(frage=NEU)
    assert {k: frage_text(vok, ohne, k) for k in ("sc3", "ez")} == {k: fakt.label_fuer(k) for k in ("sc3", "ez")}
    assert frage_text(vok, ohne) == fakt.label                       # ohne Kanal: die allgemeine Beschriftung
    assert {frage_text(vok, mit, k) for k in ("sc3", "scfk", "ez", "emb", "eservice", "")} == {NEU}
    # Dieselbe Entscheidung für die Felder eines Schritts, wie der strukturierte Editor sie liest.
    assert frage_text(vok, {"fakt": "identitaet_geprueft"}, "ez") == fakt.label_fuer("ez")
    assert frage_text(vok, {"fakt": "identitaet_geprueft", "frage": NEU}, "ez") == NEU
    assert frage_text(vok, {"fakt": "gibt_es_nicht"}, "ez") == "gibt_es_nicht"
    assert frage_text(None, mit) == NEU


@pytest.mark.parametrize(("wortlaut", "meldung"), [
    ("", "darf nicht leer sein"), ("   ", "darf nicht leer sein"), (" Geprüft?", "eine Zeile"),
    ("Geprüft?\nWirklich?", "eine Zeile"), ("x" * (FRAGE_LAENGE + 1), "höchstens 200 Zeichen"),
    ("Termin am {termin_beginn}?", "ohne Platzhalter"),
])
def test_ungueltiger_wortlaut(wortlaut: str, meldung: str) -> None:
    with pytest.raises(ValidationError, match=meldung):
        _frage(frage=wortlaut)


def test_vorhandene_fassungen_laden_unveraendert(katalog: Katalog) -> None:
    """Das Feld ist neu und freiwillig: keine Fassung setzt es, und jede liest sich aus denselben Bytes wie vorher."""
    for f in katalog.fassungen():
        assert all(getattr(s, "frage", None) is None for s in f.daten.schritte), f.schluessel
        assert hashlib.sha256((CONTENT.parent / f.datei).read_bytes()).hexdigest() == f.inhalt_hash, f.datei


def _mit_wortlaut(f: Fassung, schritt_id: str, wortlaut: str | None) -> Fassung:
    schritte = [s.model_copy(update={"frage": wortlaut}) if s.id == schritt_id else s for s in f.daten.schritte]
    daten = f.daten.model_copy(update={"schritte": schritte, "stand": f.stand + dt.timedelta(days=1)})
    return Fassung(leitfaden_id=f.leitfaden_id, daten=daten, datei=f.datei, inhalt_hash="neu", zeilen=f.zeilen)


def test_diff_nennt_bisher_und_jetzt_wie_die_frage_dasteht(katalog: Katalog) -> None:
    alt = katalog.fassung("SC 3.307@2020-03-20")
    neu = _mit_wortlaut(alt, "identitaet", NEU)
    label = katalog.vokabular.fakten["identitaet_geprueft"].label
    d = diff(alt, neu)
    [ae] = d.schritte
    assert ae.felder == [("frage", None, NEU)]
    [z] = feldzeilen(ae, d, katalog, code=str)
    assert (z.name, z.art, z.alt, z.neu, z.in_worten) == ("Wortlaut der Frage", WORTLAUT, label, NEU, True)
    assert f"    frage: {label}  →  {NEU}" in diff_text(katalog, alt, neu).splitlines()
    # Zurück zur Beschriftung: bisher der Wortlaut, jetzt wieder die Beschriftung.
    zurueck = diff(neu, alt)
    [z] = feldzeilen(zurueck.schritte[0], zurueck, katalog, code=str)
    assert (z.alt, z.neu) == (NEU, label)


def test_vermerk_nennt_die_frage_im_wortlaut_ihrer_fassung(katalog: Katalog) -> None:
    alt = katalog.fassung("SC 3.307@2020-03-20")
    neu = _mit_wortlaut(alt, "identitaet", NEU)
    lauf = Lauf(fassung=alt.schluessel, eingebunden={}, datum=dt.date(2020, 4, 1),
                jetzt=dt.datetime(2020, 4, 1, 9, tzinfo=dt.UTC), kanal="sc3", standort=None, kundennummer=None)
    zeilen = vermerk_schreiben(katalog, lauf, [Station("s", alt, alt.schritt("identitaet"), True)]).splitlines()
    assert zeilen[1] == f"{katalog.vokabular.fakten['identitaet_geprueft'].label_fuer('sc3')} ja"   # wie damals
    assert _zeile(katalog, Station("s", neu, neu.schritt("identitaet"), True), "sc3", {}) == [f"{NEU} ja"]
