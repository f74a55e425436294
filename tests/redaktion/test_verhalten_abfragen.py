"""Verhaltens-Diff über Kontakte, die auf einer älteren Fassung liefen: ein aufgezeichnetes Abfrageergebnis gilt
auch für den Prüfschritt der nachgespielten Fassung, der dieselbe Abfrage mit denselben Parametern liest (SC 3.307:
`konto` im Stand 20.12.2019, `stufe` ab 20.03.2020) — sonst bliebe jeder solche Kontakt dort stehen und zählte nie
als „anders“. Was sich nicht nachspielen lässt, bleibt „nicht vollständig nachspielbar“, mit dem Grund in Worten."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from kundenportal.gespraech import services
from kundenportal.redaktion.models import Entwurf, Katalogdatei
from kundenportal.redaktion.paketkatalog import paket_katalog
from kundenportal.redaktion.queries import katalog_aus_datenbank, letzte_laeufe
from kundenportal.redaktion.services.entwurf import entwurf_beginnen, entwurf_speichern
from kundenportal.redaktion.verhalten import Verhaltensdiff, verhaltensdiff
from kundenportal.redaktion.yamlfeld import feld_setzen
from kundenportal.verdrahtung import systeme
from tests.fixtures_katalog import Anmelden

from .werkzeug import BASIS, entwurf_3307, paket_mit

pytestmark = pytest.mark.django_db

ONLINE = "!stufe_ausweissicht"     # Basis-Stufe → Online-Antrag möglich statt Hinweis auf die Sicherheitsstufe
NICHT_AUFGEZEICHNET = ("liest neu aus einem Fachverfahren, Schritt stufe: Ergebnis der Abfrage „STEP: Sicherheitsstufe "
                       "des Online-Kontos“ nicht aufgezeichnet (Kontakt lief auf SC 3.307, Stand 20.12.2019)")


@pytest.fixture
def vor_der_weisung(db_katalog: None, benutzer: Any, kunde: str, settings: Any) -> None:
    """Zwei Kontakte am 10.02.2020 auf SC 3.307, Stand 20.12.2019 (dort heißt der Prüfschritt `konto`): einer liest
    die Sicherheitsstufe (Basis) und endet mit „Online-Antrag möglich“, einer endet ohne Identität."""
    settings.KUNDENPORTAL_STICHTAG = "2020-02-10"
    agent = benutzer("agent_sc3")
    for antworten in ([("identitaet_geprueft", True), ("antrag_online_gewuenscht", True)],
                      [("identitaet_geprueft", False)]):
        k = services.kontakt_starten(agent, "SC 3.307", kunde)
        for fakt, wert in antworten:
            services.kontakt_beantworten(agent, k, fakt, wert)
        services.kontakt_abschliessen(agent, k, "Vermerk")


def _entwurf(redakteur: Any, aendern: Callable[[str], str]) -> Entwurf:
    e = entwurf_beginnen(redakteur, katalog_aus_datenbank(), basis=Katalogdatei.objects.get(pfad=BASIS),
                         stand=dt.date(2020, 4, 1))
    e, _ = entwurf_speichern(redakteur, e.pk, katalog_aus_datenbank(), text=aendern(e.text), version=e.version)
    return e


def _diff(e: Entwurf) -> Verhaltensdiff:
    laeufe = letzte_laeufe({"SC 3.307"})
    assert sorted(lauf["fassung"] for _, _, lauf in laeufe) == ["SC 3.307@2019-12-20"] * 2
    stand = paket_katalog(katalog_aus_datenbank(), [e])
    return verhaltensdiff(katalog_aus_datenbank(), stand.katalog, laeufe, {"SC 3.307": "SC 3.307@2020-04-01"},
                          systeme())


def test_geaenderte_bedingung_zaehlt_kontakt_auf_aelterer_fassung_als_anders(vor_der_weisung: None, benutzer: Any,
                                                                            anmelden: Anmelden) -> None:
    """Das Ergebnis von `konto` gilt für `stufe` (gleiche Abfrage, ohne Parameter): bisher käme der Hinweis auf die
    Sicherheitsstufe, mit dem Entwurf der Online-Antrag — anders, nicht „nicht vollständig nachspielbar“."""
    redakteur = benutzer("redaktion")
    ergebnis = _diff(entwurf_3307(redakteur, bedingung=ONLINE))
    assert (ergebnis.nachgespielt, len(ergebnis.abweichungen), ergebnis.nicht_nachspielbar) == (2, 1, [])
    (a,) = ergebnis.abweichungen
    assert a.gruende == ["endet anders", "nicht vollständig nachspielbar (bisher fragt erhoehung_sicherheitsstufe)"]
    assert a.alt.halt == "fragt erhoehung_sicherheitsstufe" and a.neu.ergebnis == "online_antrag_moeglich"
    assert (a.fassung_alt, a.fassung_neu, a.fassung_kontakt) == ("SC 3.307@2020-03-20", "SC 3.307@2020-04-01",
                                                                 "SC 3.307@2019-12-20")
    html = anmelden("redaktion").get(
        f"/redaktion/pakete/{paket_mit(redakteur, entwurf_3307(benutzer('redaktion', 'r2'), bedingung=ONLINE)).pk}"
        "/verhalten/").content.decode()
    assert "2 vergangene Kontakte" in html and "1 würden sich anders verhalten." in html
    assert "Fachverfahren" not in html.split("<h2", 1)[1]


def test_gleiches_verhalten_bleibt_am_naechsten_offenen_schritt_stehen(vor_der_weisung: None, benutzer: Any) -> None:
    """Ohne Verhaltensänderung gehen bisher und Entwurf mit dem übertragenen Ergebnis weiter bis zur Frage, die der
    Kontakt auf seiner Fassung nie bekam: nicht vollständig nachspielbar, mit diesem Grund — nicht mehr der Prüfschritt."""
    ergebnis = _diff(entwurf_3307(benutzer("redaktion")))
    assert ergebnis.abweichungen == []
    assert [a.gruende for a in ergebnis.nicht_nachspielbar] == [
        ["nicht vollständig nachspielbar (bisher und mit dem Entwurf fragt erhoehung_sicherheitsstufe)"]]


def test_ohne_aufgezeichnetes_ergebnis_nennt_der_grund_abfrage_und_fassung(vor_der_weisung: None,
                                                                          benutzer: Any) -> None:
    """Führt der Entwurf auch den Kontakt ohne Identität über `stufe`, fehlt dafür jedes Ergebnis: bisher endet er,
    mit dem Entwurf bliebe er stehen — bis dahin gleich, also nicht vollständig nachspielbar (nie „endet anders“,
    denn wie er mit dem Ergebnis weiterginge, ist unbekannt)."""
    ergebnis = _diff(_entwurf(benutzer("redaktion"), lambda t: feld_setzen(t, "identitaet", "je_antwort.nein", "stufe")))
    assert ergebnis.abweichungen == []
    gruende = sorted(a.gruende for a in ergebnis.nicht_nachspielbar)
    assert gruende == [["nicht vollständig nachspielbar (bisher und mit dem Entwurf fragt erhoehung_sicherheitsstufe)"],
                       [f"nicht vollständig nachspielbar (mit dem Entwurf {NICHT_AUFGEZEICHNET})"]]


def test_andere_abfrage_bekommt_kein_fremdes_ergebnis(vor_der_weisung: None, benutzer: Any) -> None:
    """Liest `stufe` im Entwurf eine andere Abfrage, gilt das Ergebnis von `konto` nicht für sie."""
    e = _entwurf(benutzer("redaktion"), lambda t: feld_setzen(feld_setzen(feld_setzen(
        t, "stufe", "abfrage", "alg_bezug"), "stufe", "weiter.0.wenn", "alg_bezug"), "stufe", "vermerk", "ALG-Bezug."))
    (a,) = _diff(e).nicht_nachspielbar
    assert a.neu.halt == ("liest neu aus einem Fachverfahren, Schritt stufe: Ergebnis der Abfrage „Colibri: bezieht "
                          "der Kunde Arbeitslosengeld?“ nicht aufgezeichnet (Kontakt lief auf SC 3.307, Stand 20.12.2019)")
    assert a.gruende == [f"nicht vollständig nachspielbar (bisher fragt erhoehung_sicherheitsstufe; mit dem Entwurf "
                         f"{a.neu.halt})"]


def test_anstehende_bestaetigung_ist_eine_andere_aktion(vor_der_weisung: None, benutzer: Any) -> None:
    """Führt der Entwurf den Kontakt ohne Identität zum Papierantrag, steht dort eine Aktion an (mit oder ohne
    Bestätigung) — kein Lesen aus einem Fachverfahren: der Kontakt verhält sich anders."""
    ergebnis = _diff(_entwurf(benutzer("redaktion"), lambda t: feld_setzen(t, "identitaet", "je_antwort.nein", "papier")))
    (a,) = ergebnis.abweichungen
    assert a.neu.halt == "führt versand/papierantrag aus" and a.alt.ergebnis == "abbruch_identitaet"
    assert a.gruende == ["endet anders", "andere Aktionen",
                         "nicht vollständig nachspielbar (mit dem Entwurf führt versand/papierantrag aus)"]
