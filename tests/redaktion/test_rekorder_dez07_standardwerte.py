"""Der Rekorder fragt jede Frage, die das Gespräch stellt — auch nach einem Fakt mit Standardwert (fakten.yaml
`standard:`). Der Standardwert lässt Szenario-Dateien weiterlaufen, die vor dem Fakt geschrieben wurden; eine neue
Aufzeichnung nennt jede Antwort ausdrücklich, und nur so erreicht die Redaktion einen Zweig, der eine andere Antwort
braucht (SC 3.004a: Statuswechsel statt Abmeldung)."""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from django.test import Client

from kundenportal.fachverfahren.referenz.testsysteme import ReferenzTestsysteme
from kundenportal.leitfaden.szenario import Szenario as SzenarioDaten
from kundenportal.leitfaden.szenario import ausfuehren
from kundenportal.redaktion.aufzeichnung import weitergehen
from kundenportal.redaktion.models import Entwurf, Katalogdatei, Szenario
from kundenportal.redaktion.queries import katalog_aus_datenbank
from kundenportal.redaktion.services.entwurf import entwurf_beginnen

pytestmark = pytest.mark.django_db
Benutzer = Callable[..., Any]

# wie content/szenarien/sc/sc-3004a-statuswechsel-alg.yaml: Regelaltersrente bewilligt, Arbeitslosengeld
LAGE = {"kunde": {"kundennummer": "955A200305", "vorname": "Rolf", "nachname": "Hahn", "geburtsdatum": "1954-04-02",
                  "wohnort_agentur": "Nürnberg", "betreuung": "av", "status": "arbeitslos", "online_asu": "keine"},
        "colibri": {"alg_bezug": True}}
AUSGANGSLAGE = ("kunde: {kundennummer: 955A200305, vorname: Rolf, nachname: Hahn, geburtsdatum: 1954-04-02, "
                "wohnort_agentur: Nürnberg, betreuung: av, status: arbeitslos, online_asu: keine}\n"
                "colibri: {alg_bezug: true}\n")


def _weiter(antworten: dict[str, Any]) -> Any:
    return weitergehen(katalog_aus_datenbank(), leitfaden_id="SC 3.004a", kanal="sc3", datum=dt.date(2020, 5, 11),
                       ausgangslage=LAGE, antworten=antworten, standort="Nürnberg")


def test_rekorder_fragt_nach_einem_fakt_mit_standardwert(db_katalog: None) -> None:
    """`anliegen_abmeldung` hat den Standardwert `rente`: der Rekorder fragt trotzdem, mit allen drei Anliegen."""
    stand = _weiter({"identitaet_geprueft": True})
    assert stand.frage == "anliegen_abmeldung", stand.ergebnis.fehler
    assert [w for w, _ in stand.optionen] == ["rente", "arbeitsunfaehigkeit", "termin_absagen"]


def test_andere_antwort_als_der_standardwert_erreicht_den_statuswechsel(db_katalog: None) -> None:
    """`rente_status` (Standard `bewilligt`) und `vermittlung_weiter_gewuenscht` (Standard `false`) stehen als Fragen
    an; „ja“ zur weiteren Vermittlung führt zum Statuswechsel statt zur Abmeldung."""
    antworten: dict[str, Any] = {"identitaet_geprueft": True, "anliegen_abmeldung": "rente"}
    assert _weiter(antworten).frage == "rente_status"
    antworten |= {"rente_status": "bewilligt", "rentenart": "regelaltersrente", "rentenbeginn": "2020-06-01"}
    stand = _weiter(antworten)
    assert stand.frage == "vermittlung_weiter_gewuenscht", stand.ergebnis.fehler
    stand = _weiter(antworten | {"vermittlung_weiter_gewuenscht": "ja"})
    assert stand.fertig, stand.ergebnis.fehler
    assert stand.ergebnis.ergebnis == "statuswechsel_erfasst"
    assert {"system": "verbis", "vorgang": "abmelden"} not in [
        {"system": a["system"], "vorgang": a["vorgang"]} for a in stand.ergebnis.aktionen]


def test_szenario_dateien_laufen_weiter_mit_dem_standardwert(db_katalog: None) -> None:
    """Eine Szenario-Datei ohne die Antwort (geschrieben vor dem Fakt) nimmt beim Ausführen den Standardwert — der
    Runner und das Szenario-Tor bleiben, wie sie waren; nur der Rekorder fragt."""
    sz = SzenarioDaten(id="ohne-vermittlung", titel="", regel="", leitfaden="SC 3.004a", kanal="sc3",
                       datum=dt.date(2020, 5, 11), standort="Nürnberg", ausgangslage=LAGE,
                       antworten={"identitaet_geprueft": True, "rentenart": "regelaltersrente",
                                  "rentenbeginn": "2020-06-01"},
                       erwartet={"ergebnis": "abmeldung_erfasst"}, datei="ohne-vermittlung")
    erg = ausfuehren(katalog_aus_datenbank(), sz, ReferenzTestsysteme())
    assert erg.ok, erg.fehler
    assert {"anliegen_abmeldung", "rente_status", "vermittlung_weiter_gewuenscht"} <= set(erg.fragen)


@pytest.fixture
def entwurf_3004a(db_katalog: None, benutzer: Benutzer, settings: Any) -> tuple[Entwurf, Any]:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-07"
    autorin = benutzer("redaktion", "autorin")
    basis = Katalogdatei.objects.get(pfad="leitfaeden/sc/3.004a/2026-12-09.yaml")
    return entwurf_beginnen(autorin, katalog_aus_datenbank(), basis=basis, stand=dt.date(2026, 12, 10)), autorin


def test_rekorder_seite_zeichnet_den_statuswechsel_mit_ausdruecklichen_antworten_auf(
        entwurf_3004a: tuple[Entwurf, Any]) -> None:
    """Im Browser-Formular: jede Frage steht an, die Antwort „ja“ zur weiteren Vermittlung führt zum Statuswechsel, und
    das gespeicherte Szenario nennt jede Antwort (auch die, die dem Standardwert gleicht)."""
    e, autorin = entwurf_3004a
    c = Client()
    c.force_login(autorin)
    antworten: dict[str, str] = {}

    def senden(fakt: str = "", antwort: str = "", **mehr: str) -> str:
        daten = {"szenario_id": "sc-3004a-statuswechsel-rekorder", "titel": "Statuswechsel", "datum": "2026-12-10",
                 "kanal": "sc3", "standort": "Nürnberg", "ausgangslage": AUSGANGSLAGE,
                 "antworten": json.dumps(antworten), **mehr}
        if fakt:
            daten |= {"fakt": fakt, "antwort": antwort}
            antworten[fakt] = antwort
        return html.unescape(c.post(f"/redaktion/entwuerfe/{e.pk}/szenario/", daten).content.decode())

    seite = senden()
    for fakt, antwort in (("identitaet_geprueft", "ja"), ("anliegen_abmeldung", "rente"),
                          ("rente_status", "bewilligt"), ("rentenart", "regelaltersrente"),
                          ("rentenbeginn", "2027-01-01"), ("vermittlung_weiter_gewuenscht", "ja")):
        assert f'<input type="hidden" name="fakt" value="{fakt}">' in seite, (fakt, seite[-3000:])
        seite = senden(fakt, antwort)
    assert "Der Weg endet" in seite
    senden(speichern="1")
    daten = yaml.safe_load(Szenario.objects.get(szenario_id="sc-3004a-statuswechsel-rekorder").text)
    assert daten["antworten"] == {"identitaet_geprueft": "ja", "anliegen_abmeldung": "rente",
                                  "rente_status": "bewilligt", "rentenart": "regelaltersrente",
                                  "rentenbeginn": "2027-01-01", "vermittlung_weiter_gewuenscht": "ja"}
    assert daten["erwartet"]["ergebnis"] == "statuswechsel_erfasst"
