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
from kundenportal.redaktion.services.entwurf import (
    entwurf_beginnen,
    entwurf_speichern,
    kopf_setzen,
    neuester_stand,
    paketdaten_setzen,
)
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
    # Ergebnisse und Fakten mit ihrem Text, Fassungen mit Stand — keine Kennungen (Mangel 10)
    assert "Hinweis zur Erhöhung der Sicherheitsstufe gegeben" in html and "Online-Antrag möglich" in html
    assert "hinweis_sicherheitsstufe" not in html and "online_antrag_moeglich" not in html
    assert "SC 3.307@" not in html and "SC 3.307, Stand 01.04.2020" in html
    assert "identitaet_geprueft" not in html and "„Identität" in html
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
    Weisungstag und danach; wie die Seite: ersetzt aus der Änderungsübersicht des Pakets."""
    katalog = katalog_aus_datenbank()
    laeufe: list[tuple[str, dt.datetime | None, dict[str, Any]]] = [_lauf(katalog, d) for d in ("sc-3003-vor-weisung-absage.yaml", "sc-3003-vor-weisung-verschieben.yaml",
                                          "sc-3003-terminabsage-termin-bleibt.yaml", "sc-3003-verschieben.yaml",
                                          "sc-3003-identitaet-abbruch.yaml")]
    basis = Katalogdatei.objects.get(pfad=pfad)
    # Beginnen geht nur nach der neuesten veröffentlichten Fassung (BS Terminabsage hat eine vom 07.12.2026); der
    # Stand 04.05.2020 (eine Fassung dazwischen) steht dann im Quelltext, wie ihn die Redaktion dort ändern kann.
    neueste = neuester_stand(basis.leitfaden_id) or dt.date(2020, 5, 3)
    e = entwurf_beginnen(redakteur, katalog, basis=basis, stand=max(dt.date(2020, 5, 4), neueste + dt.timedelta(days=1)))
    text = kopf_setzen(kopf_setzen(aendern(e.text), "stand", "2020-05-04"), "gueltig_ab", "2020-05-04")
    e, _ = entwurf_speichern(redakteur, e.pk, katalog, text=text, version=e.version)
    stand = paket_katalog(katalog, [e])
    ersetzt = {neu.leitfaden_id: neu.schluessel for _, neu, _, _ in stand.aenderungen}
    assert ersetzt == {e.leitfaden_id: f"{e.leitfaden_id}@2020-05-04"}
    ergebnis = verhaltensdiff(katalog, stand.katalog, laeufe, ersetzt, systeme())
    if ergebnis.nicht_nachspielbar:
        assert [(a.kontakt, a.gruende) for a in ergebnis.nicht_nachspielbar] == [(
            "sc-3003-vor-weisung-absage", ["nicht vollständig nachspielbar (bisher und mit dem Entwurf liest neu aus "
                                           "einem Fachverfahren (Schritt termin))"])]
    return ergebnis.nachgespielt, ergebnis.abweichungen, [lauf["fassung"] for _, _, lauf in laeufe]


def test_reine_textaenderung_meldet_keinen_kontakt_auch_wenn_der_entwurf_spaeter_gilt(db_katalog: None,
                                                                                      benutzer: Any) -> None:
    anzahl, abweichungen, fassungen = _diff_sc3003(benutzer("redaktion"), lambda text: feld_setzen(
        text, "anliegen", "text", "Worum geht es dem Kunden bei seinem Termin?"))
    assert "SC 3.003@2019-12-20" in fassungen and "SC 3.003@2020-03-20" in fassungen
    # Der Kontakt vor der Weisung bleibt bisher wie neu am Schritt termin stehen (die Fassung liest dort neu aus
    # einem Fachverfahren): weder unverändert noch anders, sondern eigens als nicht vollständig nachspielbar gemeldet.
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


# --- „bisher“ je Kontakt: die veröffentlichte Fassung, die am gueltig_ab des Entwurfs am Standort des Kontakts gilt ---

ONLINE = "!stufe_ausweissicht"     # Basis-Stufe → Online-Antrag möglich statt Hinweis auf die Sicherheitsstufe


def _veroeffentlichen(text: str, pfad: str, leitfaden_id: str) -> None:
    """Eine Fassung direkt veröffentlichen (wie die Freigabe sie schreibt, ohne Paket und Tor)."""
    from hashlib import sha256

    from kundenportal import zeit
    from kundenportal.redaktion.katalogquelle import gelesen
    from kundenportal.redaktion.services.katalog import generation_erhoehen
    fassung = entwurf_pruefen_fassung(text, pfad, leitfaden_id)
    Katalogdatei.objects.create(
        art=Katalogdatei.FASSUNG, pfad=pfad, text=text, inhalt_hash=sha256(text.encode()).hexdigest(),
        leitfaden_id=leitfaden_id, stand=fassung.stand, gueltig_ab=fassung.gueltig_ab, gueltig_bis=fassung.gueltig_bis,
        geltungsbereich=fassung.geltungsbereich.model_dump() if fassung.geltungsbereich else {},
        angelegt=zeit.jetzt(), gelesen=gelesen(Katalogdatei.FASSUNG, text, pfad, leitfaden_id))
    generation_erhoehen()


def entwurf_pruefen_fassung(text: str, pfad: str, leitfaden_id: str) -> Any:
    from kundenportal.redaktion.pruefung import entwurf_pruefen
    p = entwurf_pruefen(katalog_aus_datenbank(), leitfaden_id, pfad.rsplit("/", 1)[0], text)
    assert p.fassung is not None and not p.befunde, p.befunde
    return p.fassung


def _entwurf_online(redakteur: Any, stand: dt.date, gueltig_ab: dt.date | None = None) -> Any:
    e = entwurf_beginnen(redakteur, katalog_aus_datenbank(), basis=Katalogdatei.objects.get(pfad=BASIS), stand=stand)
    text = feld_setzen(e.text, "stufe", "weiter.0.wenn", ONLINE)
    if gueltig_ab is not None:
        text = text.replace(f"gueltig_ab: {stand.isoformat()}", f"gueltig_ab: {gueltig_ab.isoformat()}")
    e, _ = entwurf_speichern(redakteur, e.pk, katalog_aus_datenbank(), text=text, version=e.version)
    return e


def test_standortvariante_bisher_je_standort_des_kontakts(db_katalog: None, benutzer: Any, kunde: str,
                                                          settings: Any, anmelden: Anmelden) -> None:
    """Veröffentlicht ist eine Fassung nur für den Verbund Nürnberg (ab 15.04.2020) mit der Änderung, die ein
    allgemeiner Entwurf nun für alle bringt: „bisher“ ist für den Kontakt in Nürnberg diese Fassung (keine
    Abweichung), für den in Köln die allgemeine (Abweichung). Die alte Wahl (neueste frühere gueltig_ab, ohne
    Geltungsbereich) spielte für beide die Nürnberger Fassung und meldete keinen."""
    text = (CONTENT / BASIS).read_text(encoding="utf-8").replace("stand: 2020-03-20", "stand: 2020-04-01")
    text = paketdaten_setzen(feld_setzen(text, "stufe", "weiter.0.wenn", ONLINE), gueltig_ab=dt.date(2020, 4, 15),
                             gueltig_bis=None, geltungsbereich={"verbuende": ["nuernberg"]})
    _veroeffentlichen(text, "leitfaeden/sc/3.307/2020-04-01.yaml", "SC 3.307")
    settings.KUNDENPORTAL_STICHTAG = "2020-04-20"
    antworten = [("identitaet_geprueft", True), ("antrag_online_gewuenscht", True)]
    _kontakt(benutzer("agent_sc3", "agent_nbg"), kunde, antworten)
    _kontakt(benutzer("agent_sc3", "agent_koeln", standort="Köln"), kunde,
             [*antworten, ("erhoehung_sicherheitsstufe", "eid")])
    laeufe = letzte_laeufe({"SC 3.307"})
    assert sorted(lauf["fassung"] for _, _, lauf in laeufe) == ["SC 3.307@2020-03-20", "SC 3.307@2020-04-01"]

    e = _entwurf_online(benutzer("redaktion"), dt.date(2020, 5, 4))
    stand = paket_katalog(katalog_aus_datenbank(), [e])
    assert [alt.schluessel for _, _, alt, _ in stand.aenderungen] == ["SC 3.307@2020-04-01"]   # alte Wahl: Nürnberg
    ergebnis = verhaltensdiff(katalog_aus_datenbank(), stand.katalog, laeufe, {"SC 3.307": "SC 3.307@2020-05-04"},
                              systeme())
    assert (ergebnis.nachgespielt, ergebnis.nicht_betroffen, len(ergebnis.abweichungen)) == (2, 0, 1)
    a = ergebnis.abweichungen[0]
    assert (a.fassung_alt, a.fassung_neu) == ("SC 3.307@2020-03-20", "SC 3.307@2020-05-04")
    assert a.gruende == ["fragt etwas anderes", "endet anders"] and a.neu.ergebnis == "online_antrag_moeglich"

    # Das Paket gilt nur in Nürnberg: der Kontakt in Köln ist nicht betroffen (gezählt, nicht nachgespielt).
    redakteur = benutzer("redaktion", "r2")
    p = paket_mit(redakteur, _entwurf_online(redakteur, dt.date(2020, 5, 5)))
    p.geltungsbereich, p.gueltig_ab = {"verbuende": ["nuernberg"]}, dt.date(2020, 5, 5)
    p.save()
    html = anmelden("redaktion").get(f"/redaktion/pakete/{p.pk}/verhalten/").content.decode()
    assert "2 vergangene Kontakte" in html and "1 nicht betroffen" in html and "0 würden sich anders" in html


def test_textaenderung_mit_gleichem_gueltig_ab_vergleicht_mit_der_geltenden_fassung(db_katalog: None,
                                                                                  benutzer: Any) -> None:
    """Ein Entwurf mit demselben gueltig_ab wie die geltende Fassung (20.03.2020) löst diese ab, nicht die
    abgelaufene von 2019 (die alte Wahl: neueste mit früherem gueltig_ab → „fragt etwas anderes“)."""
    katalog = katalog_aus_datenbank()
    laeufe = [_lauf(katalog, d) for d in ("sc-3003-terminabsage-termin-bleibt.yaml", "sc-3003-verschieben.yaml",
                                          "sc-3003-identitaet-abbruch.yaml")]
    redakteur = benutzer("redaktion")
    e = entwurf_beginnen(redakteur, katalog, basis=Katalogdatei.objects.get(pfad=SC3003), stand=dt.date(2020, 5, 4))
    text = feld_setzen(e.text, "anliegen", "text", "Worum geht es dem Kunden bei seinem Termin?")
    text = text.replace("gueltig_ab: 2020-05-04", "gueltig_ab: 2020-03-20")
    e, _ = entwurf_speichern(redakteur, e.pk, katalog, text=text, version=e.version)
    stand = paket_katalog(katalog, [e])
    (_, neu, alt, _), = stand.aenderungen
    assert neu.gueltig_ab == dt.date(2020, 3, 20) and alt is not None and alt.schluessel == "SC 3.003@2019-12-20"
    ergebnis = verhaltensdiff(katalog, stand.katalog, laeufe, {neu.leitfaden_id: neu.schluessel}, systeme())
    assert (ergebnis.nachgespielt, ergebnis.abweichungen) == (3, [])


def test_unvollstaendiger_weg_gilt_nicht_als_unveraendert(db_katalog: None, benutzer: Any) -> None:
    """Bleiben bisher und neu an derselben offenen Frage stehen, ist das kein „unverändert“: was danach käme,
    ist nicht verglichen — gemeldet als nicht vollständig nachspielbar."""
    katalog = katalog_aus_datenbank()
    sz = szenario_lesen(CONTENT / "szenarien" / "sc" / "sc-3003-verschieben.yaml")
    jetzt = dt.datetime.combine(sz.datum, dt.time(10), BERLIN)
    test = SpeicherSysteme(katalog.standorte, uhr=lambda: jetzt)
    kundennummer = test.ausgangslage_laden(sz.ausgangslage)
    s = Sitzung.starten(katalog, test.systeme(), sz.leitfaden, datum=sz.datum, jetzt=jetzt, kanal=sz.kanal,
                        standort=sz.standort, kundennummer=kundennummer, benutzer="test", kontakt="offen")
    erste = next(iter(sz.antworten))
    assert s.durchlaufen({erste: sz.antworten[erste]}).halt != "ende"
    redakteur = benutzer("redaktion")
    e = entwurf_beginnen(redakteur, katalog, basis=Katalogdatei.objects.get(pfad=SC3003), stand=dt.date(2020, 5, 4))
    e, _ = entwurf_speichern(redakteur, e.pk, katalog, version=e.version, text=feld_setzen(
        e.text, "anliegen", "text", "Worum geht es dem Kunden bei seinem Termin?"))
    stand = paket_katalog(katalog, [e])
    ergebnis = verhaltensdiff(katalog, stand.katalog, [("offen", jetzt, s.lauf.als_json())],
                              {"SC 3.003": "SC 3.003@2020-05-04"}, systeme())
    assert ergebnis.abweichungen == []
    (a,) = ergebnis.nicht_nachspielbar
    assert a.alt.halt == a.neu.halt and a.alt.halt.startswith("fragt")
    assert a.gruende == [f"nicht vollständig nachspielbar (bisher und mit dem Entwurf {a.neu.halt})"]
