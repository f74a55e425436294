"""Verhaltens-Diff: vergangene Kontakte gegen den Entwurf nachspielen — wer jetzt anders gefragt
würde, anders endete oder andere Aktionen sähe, steht nebeneinander; unveränderte bleiben draußen."""

from __future__ import annotations

from typing import Any

import pytest

from kundenportal.gespraech import services
from kundenportal.konten.models import Zugriff
from kundenportal.redaktion.paketkatalog import paket_katalog
from kundenportal.redaktion.queries import katalog_aus_datenbank, letzte_laeufe
from kundenportal.redaktion.verhalten import verhaltensdiff
from kundenportal.verdrahtung import systeme
from tests.fixtures_katalog import Anmelden

from .werkzeug import entwurf_3307, paket_mit

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
