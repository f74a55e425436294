"""Datensparsamkeit nach Rechtskreis: eine Rolle sieht Kundendaten nur aus den Fachverfahren ihres
Bereichs (Sozialdatenschutz, § 35 SGB I) — und liest die anderen gar nicht erst."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.gespraech import services

pytestmark = pytest.mark.django_db
NUMMER = "955K000001"


@pytest.fixture
def kunde_mit_allem(db: Any) -> str:
    ausgangslage_laden({
        "kunde": {"kundennummer": NUMMER, "vorname": "Ida", "nachname": "Kraus", "geburtsdatum": "1985-01-01",
                  "wohnort_agentur": "Köln", "status": "arbeitslos"},
        "verbis": {"fuehrerscheine": ["B"], "stellengesuch": "Lager"},
        "step": {"sicherheitsstufe": "eid"}, "colibri": {"alg_bezug": True},
        "kiwi": {"kindergeldnummer": "123FK9", "familienkasse": "Köln", "kinder": [{"id": "K1", "vorname": "Mo"}]}})
    return NUMMER


def test_service_center_sgb_iii_sieht_kein_kindergeld(benutzer: Any, kunde_mit_allem: str) -> None:
    daten, _ = services.kundenhistorie_lesen(benutzer("agent_sc3"), kunde_mit_allem)
    assert daten is not None
    assert (daten.sicherheitsstufe, daten.alg_bezug) == ("eid", True)
    assert daten.profil is not None and daten.profil.fuehrerscheine == ["B"]
    assert daten.kiwi is None


def test_familienkasse_sieht_kein_alg_keine_stufe_und_kein_profil(benutzer: Any, kunde_mit_allem: str) -> None:
    daten, _ = services.kundenhistorie_lesen(benutzer("agent_scfk"), kunde_mit_allem)
    assert daten is not None and daten.kiwi is not None and daten.kiwi.kindergeldnummer == "123FK9"
    assert (daten.sicherheitsstufe, daten.alg_bezug, daten.profil) == (None, None, None)


def test_familienkasse_sieht_aus_verbis_nur_wer_es_ist(benutzer: Any, kunde_mit_allem: str) -> None:
    """Rundgang: die Familienkasse sah „Betreuung · Status: Arbeitsvermittlung · arbeitslos“ (SGB III) und
    „Geplante Termine: keine“, obwohl ein SGB-III-Termin geplant ist. Jetzt: keine Vermittlungsdaten, die Termine
    heißen „der Familienkasse“."""
    from django.template.loader import render_to_string

    daten, _ = services.kundenhistorie_lesen(benutzer("agent_scfk"), kunde_mit_allem)
    assert daten is not None and not daten.sgb3
    k = daten.kunde
    assert (k.betreuung, k.status, k.online_asu, k.abmeldegrund, k.abmeldedatum) == ("", "", "", "", None)
    assert k.nachname and k.wohnort_agentur
    html = render_to_string("gespraech/_kunde.html", {"a": {"identitaet_geprueft": True, "kunde": daten}})
    assert "Betreuung" not in html and "Arbeitsvermittlung" not in html
    assert "Geplante Termine der Familienkasse" in html
    sgb3, _ = services.kundenhistorie_lesen(benutzer("agent_sc3"), kunde_mit_allem)
    assert sgb3 is not None and sgb3.sgb3 and sgb3.kunde.betreuung
    html = render_to_string("gespraech/_kunde.html", {"a": {"identitaet_geprueft": True, "kunde": sgb3}})
    assert "Betreuung · Status" in html and "Geplante Termine</dt>" in html


def test_letzte_kontakte_neben_dem_gespraech_begrenzt_im_rechtskreis_und_nur_gezeigte_protokolliert(
        benutzer: Any, kunde_mit_allem: str) -> None:
    """Die Spalte neben dem Gespräch zeigt drei frühere Kontakte: aus der Datenbank begrenzt gelesen (ein
    Schritt wird mit der Länge der Historie nicht teurer), nur im eigenen Rechtskreis, ohne den laufenden
    Kontakt — und protokolliert sind genau der laufende und die drei gezeigten, nicht die ganze Historie."""
    import datetime as dt

    from kundenportal.gespraech.models import Kontakt
    from kundenportal.konten import zugriff
    from kundenportal.konten.models import Zugriff

    agent = benutzer("agent_sc3")
    kollegin = benutzer("agent_scfk")
    basis = dict(kundennummer=kunde_mit_allem, leitfaden="SC 3.003", stand=dt.date(2020, 3, 2), weisung="202003006",
                 status=Kontakt.ABGESCHLOSSEN, ergebnis="erledigt", vermerk="v")
    alt = [Kontakt.objects.create(user=agent, kanal="sc3", **basis) for _ in range(8)]
    familienkasse = Kontakt.objects.create(user=kollegin, kanal="scfk", **basis)   # neuer, anderer Rechtskreis
    laufend = Kontakt.objects.create(user=agent, kanal="sc3", **{**basis, "status": Kontakt.OFFEN})
    Zugriff.objects.all().delete()
    zugriff.rollen_von(agent)                          # die Rollen liest die Anfrage ohnehin (einmal)
    with CaptureQueriesContext(connection) as erfasst:
        gezeigt = services.letzte_kontakte(agent, laufend)
    assert [k.pk for k in gezeigt] == [k.pk for k in sorted(alt, key=lambda k: k.begonnen, reverse=True)[:3]]
    assert familienkasse not in gezeigt and laufend not in gezeigt
    assert len(erfasst.captured_queries) == 2          # ein begrenztes SELECT, ein gebündeltes INSERT
    assert "LIMIT 3" in erfasst.captured_queries[0]["sql"] and "gespraech_kontakt" in erfasst.captured_queries[0]["sql"]
    protokolliert = list(Zugriff.objects.filter(aktion="kundenhistorie_lesen").values_list("kontakt", flat=True))
    assert sorted(protokolliert) == sorted([laufend.pk, *(k.pk for k in gezeigt)])
