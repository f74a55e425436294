"""Verhaltens-Diff: vergangene Kontakte gegen den Entwurf nachspielen — wer jetzt anders gefragt
würde, anders endete oder andere Aktionen sähe, steht nebeneinander; unveränderte bleiben draußen."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from kundenportal.fachverfahren.speicher import SpeicherSysteme
from kundenportal.gespraech import services
from kundenportal.konten.models import Zugriff
from kundenportal.leitfaden.sitzung import Sitzung
from kundenportal.leitfaden.szenario import szenario_lesen
from kundenportal.redaktion.models import Katalogdatei
from kundenportal.redaktion.paketkatalog import paket_katalog
from kundenportal.redaktion.queries import katalog_aus_datenbank, letzte_laeufe
from kundenportal.redaktion.services.entwurf import entwurf_beginnen, entwurf_speichern
from kundenportal.redaktion.verhalten import verhaltensdiff
from kundenportal.redaktion.yamlfeld import feld_setzen
from kundenportal.verdrahtung import systeme
from tests.conftest import CONTENT
from tests.fixtures_katalog import Anmelden

from .werkzeug import BASIS, NEUER_TEXT, entwurf_3307, paket_mit

pytestmark = pytest.mark.django_db


def _kontakt(agent: Any, kunde: str, antworten: list[tuple[str, Any]]) -> None:
    k = services.kontakt_starten(agent, "SC 3.307", kunde)
    for fakt, wert in antworten:
        services.kontakt_beantworten(agent, k, fakt, wert)
    services.kontakt_abschliessen(agent, k, "Vermerk")


@pytest.fixture
def vergangene(db_katalog: None, benutzer: Any, kunde: str, settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-08"
    agent = benutzer("agent_sc3")
    _kontakt(agent, kunde, [("identitaet_geprueft", True), ("antrag_online_gewuenscht", True),
                            ("erhoehung_sicherheitsstufe", "eid")])
    _kontakt(agent, kunde, [("identitaet_geprueft", False)])


def test_geaenderte_bedingung_zeigt_den_betroffenen_kontakt(vergangene: None, benutzer: Any) -> None:
    e = entwurf_3307(benutzer("redaktion"), bedingung="!stufe_ausweissicht")
    stand = paket_katalog(katalog_aus_datenbank(), [e])
    laeufe = letzte_laeufe({"SC 3.307"})
    anzahl, abweichungen = verhaltensdiff(katalog_aus_datenbank(), stand.katalog, laeufe,
                                          {"SC 3.307": "SC 3.307@2020-04-01"}, systeme())
    assert anzahl == 2 and len(abweichungen) == 1
    a = abweichungen[0]
    assert a.gruende == ["fragt etwas anderes", "endet anders"]
    assert a.alt.ergebnis == "hinweis_sicherheitsstufe" and a.neu.ergebnis == "online_antrag_moeglich"
    assert "erhoehung_sicherheitsstufe" in a.alt.fragen and "erhoehung_sicherheitsstufe" not in a.neu.fragen


def test_nur_textaenderung_aendert_kein_verhalten(vergangene: None, benutzer: Any) -> None:
    e = entwurf_3307(benutzer("redaktion"))
    stand = paket_katalog(katalog_aus_datenbank(), [e])
    anzahl, abweichungen = verhaltensdiff(katalog_aus_datenbank(), stand.katalog, letzte_laeufe({"SC 3.307"}),
                                          {"SC 3.307": "SC 3.307@2020-04-01"}, systeme())
    assert anzahl == 2 and abweichungen == []


def test_seite_zeigt_nebeneinander_und_protokolliert(vergangene: None, benutzer: Any, anmelden: Anmelden) -> None:
    redakteur = benutzer("redaktion", "r1")
    p = paket_mit(redakteur, entwurf_3307(redakteur, bedingung="!stufe_ausweissicht"))
    c = anmelden("redaktion")
    html = c.get(f"/redaktion/pakete/{p.pk}/verhalten/").content.decode()
    assert "2 vergangene Kontakte" in html and "1 würden sich anders verhalten" in html
    assert "hinweis_sicherheitsstufe" in html and "online_antrag_moeglich" in html
    assert "955T000001" not in html
    assert Zugriff.objects.filter(aktion="verhaltensdiff").count() == 1


# --- dieselben Bedingungen für bisher und neu: ein Entwurf, der erst später gilt, und ältere Kontakte ---------

SC3003 = "leitfaeden/sc/3.003/2020-03-20.yaml"
BERLIN = ZoneInfo("Europe/Berlin")


def _lauf(katalog: Any, datei: str) -> tuple[str, dt.datetime, dict[str, Any]]:
    """Ein abgeschlossener Kontakt nach einem Szenario des Projekts, an dessen Tag (Zwillinge im Speicher)."""
    sz = szenario_lesen(CONTENT / "szenarien" / "sc" / datei)
    jetzt = dt.datetime.combine(sz.datum, dt.time(10), BERLIN)
    test = SpeicherSysteme(katalog.standorte, uhr=lambda: jetzt)
    kundennummer = test.ausgangslage_laden(sz.ausgangslage)
    s = Sitzung.starten(katalog, test.systeme(), sz.leitfaden, datum=sz.datum, jetzt=jetzt, kanal=sz.kanal,
                        standort=sz.standort, kundennummer=kundennummer, benutzer="test", kontakt=sz.id)
    assert s.durchlaufen(sz.antworten).halt == "ende", datei
    return sz.id, jetzt, s.lauf.als_json()


def _diff_sc3003(redakteur: Any, aendern: Any, pfad: str = SC3003) -> tuple[int, list[Any], list[str]]:
    """Entwurf SC 3.003 aus der Fassung vom 20.03.2020 mit Stand (und gueltig_ab) 04.05.2020 — wie ein Entwurf,
    der erst ab heute gilt — gegen Kontakte vor der Weisung (Fassung 2019, ohne eingebundenen Baustein), am
    Weisungstag und danach; wie die Seite: ersetzt und Vorgängerin aus der Änderungsübersicht des Pakets."""
    katalog = katalog_aus_datenbank()
    laeufe: list[tuple[str, dt.datetime | None, dict[str, Any]]] = [_lauf(katalog, d) for d in ("sc-3003-vor-weisung-absage.yaml", "sc-3003-vor-weisung-verschieben.yaml",
                                          "sc-3003-terminabsage-termin-bleibt.yaml", "sc-3003-verschieben.yaml",
                                          "sc-3003-identitaet-abbruch.yaml")]
    e = entwurf_beginnen(redakteur, katalog, basis=Katalogdatei.objects.get(pfad=pfad), stand=dt.date(2020, 5, 4))
    e, _ = entwurf_speichern(redakteur, e.pk, katalog, text=aendern(e.text), version=e.version)
    stand = paket_katalog(katalog, [e])
    ersetzt = {neu.leitfaden_id: neu.schluessel for _, neu, _, _ in stand.aenderungen}
    vorgaenger = {neu.leitfaden_id: alt.schluessel for _, neu, alt, _ in stand.aenderungen if alt is not None}
    assert ersetzt == {e.leitfaden_id: f"{e.leitfaden_id}@2020-05-04"}
    assert vorgaenger == {e.leitfaden_id: f"{e.leitfaden_id}@2020-03-20"}
    anzahl, abweichungen = verhaltensdiff(katalog, stand.katalog, laeufe, ersetzt, systeme(), vorgaenger)
    return anzahl, abweichungen, [lauf["fassung"] for _, _, lauf in laeufe]


def test_reine_textaenderung_meldet_keinen_kontakt_auch_wenn_der_entwurf_spaeter_gilt(db_katalog: None,
                                                                                      benutzer: Any) -> None:
    anzahl, abweichungen, fassungen = _diff_sc3003(benutzer("redaktion"), lambda text: feld_setzen(
        text, "anliegen", "text", "Worum geht es dem Kunden bei seinem Termin?"))
    assert "SC 3.003@2019-12-20" in fassungen and "SC 3.003@2020-03-20" in fassungen
    assert anzahl == 5 and abweichungen == []


def test_echte_verhaltensaenderung_wird_gemeldet(db_katalog: None, benutzer: Any) -> None:
    anzahl, abweichungen, _ = _diff_sc3003(benutzer("redaktion"), lambda text: feld_setzen(
        text, "identitaet", "je_antwort.ja", "keine_auskunft"))
    assert anzahl == 5 and len(abweichungen) == 4                      # alle außer dem Identitätsabbruch
    for a in abweichungen:
        assert "endet anders" in a.gruende and a.neu.ergebnis == "abbruch_identitaet"
        assert (a.fassung_alt, a.fassung_neu) == ("SC 3.003@2020-03-20", "SC 3.003@2020-05-04")
        assert not any(g.startswith("bricht ab") for g in a.gruende)
    assert {a.fassung_kontakt for a in abweichungen} == {"SC 3.003@2019-12-20", ""}


def test_eingebundener_baustein_textaenderung_und_verhaltensaenderung(db_katalog: None, benutzer: Any) -> None:
    """Ein Entwurf des eingebundenen Bausteins BS Terminabsage: die Kontakte, die ihn eingebunden hatten, werden
    mit dem Entwurf nachgespielt — eine Textänderung meldet keinen, eine geänderte Verzweigung die betroffenen."""
    baustein = "leitfaeden/bs/terminabsage/2020-03-20.yaml"
    anzahl, abweichungen, _ = _diff_sc3003(benutzer("redaktion", "r1"), lambda text: feld_setzen(
        text, "moeglich", "text", "Kann der Kunde den Termin jetzt doch wahrnehmen?"), baustein)
    assert anzahl == 5 and abweichungen == []
    anzahl, abweichungen, _ = _diff_sc3003(benutzer("redaktion", "r2"), lambda text: feld_setzen(
        text, "moeglich", "je_antwort.ja", "grund"), baustein)
    assert [a.kontakt for a in abweichungen] == ["sc-3003-terminabsage-termin-bleibt"]
    assert abweichungen[0].fassung_alt == "SC 3.003@2020-03-20" and "fragt etwas anderes" in abweichungen[0].gruende


def test_seite_textaenderung_mit_spaeterem_stand_ohne_abweichung(vergangene: None, benutzer: Any,
                                                                 anmelden: Anmelden) -> None:
    """Die Kontakte (08.04.2020) liegen vor dem gueltig_ab des Entwurfs (04.05.2020): trotzdem keine Abweichung."""
    redakteur = benutzer("redaktion", "r1")
    basis = Katalogdatei.objects.get(pfad=BASIS)
    e = entwurf_beginnen(redakteur, katalog_aus_datenbank(), basis=basis, stand=dt.date(2020, 5, 4))
    e, _ = entwurf_speichern(redakteur, e.pk, katalog_aus_datenbank(), version=e.version,
                             text=feld_setzen(e.text, "erhoehung", "text", NEUER_TEXT))
    p = paket_mit(redakteur, e)
    html = anmelden("redaktion").get(f"/redaktion/pakete/{p.pk}/verhalten/").content.decode()
    assert "2 vergangene Kontakte" in html and "0 würden sich anders verhalten" in html
