"""Anmeldesperre: nach fünf Fehlversuchen für eine Kundennummer binnen 15 Minuten wird jeder weitere
Versuch mit einer klaren deutschen Meldung abgewiesen — auch mit richtigem Passwort —, bis die Frist um ist.
Versuche älter als 24 Stunden löscht jeder Anmeldeversuch."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from kundenportal.eservice.models import AnmeldeVersuch
from kundenportal.eservice.services import AnmeldungGesperrt, kunde_anmelden

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 11, 24, 15, 0, tzinfo=dt.UTC)       # 16:00 Uhr in Berlin
MELDUNG = ("Zu viele fehlgeschlagene Anmeldeversuche mit dieser Kundennummer. Aus Sicherheitsgründen ist die "
           "Anmeldung bis 16:15 Uhr gesperrt. Bitte versuchen Sie es danach erneut.")


def _fehlversuche(kunde: str, anzahl: int, ab: dt.datetime = T0) -> None:
    for i in range(anzahl):
        assert kunde_anmelden(kunde, "falsch", jetzt=ab + dt.timedelta(minutes=i)) is None


def test_nach_fuenf_fehlversuchen_ist_auch_das_richtige_passwort_gesperrt(kunde: str, passwort: str) -> None:
    _fehlversuche(kunde, 5)
    with pytest.raises(AnmeldungGesperrt) as gesperrt:
        kunde_anmelden(kunde, passwort, jetzt=T0 + dt.timedelta(minutes=10))
    assert str(gesperrt.value) == MELDUNG
    assert AnmeldeVersuch.objects.filter(kundennummer=kunde).count() == 5    # abgewiesene zählen nicht


def test_nach_fuenfzehn_minuten_geht_es_wieder(kunde: str, passwort: str) -> None:
    _fehlversuche(kunde, 5)
    assert kunde_anmelden(kunde, passwort, jetzt=T0 + dt.timedelta(minutes=15)) == kunde


def test_vier_fehlversuche_sperren_nicht(kunde: str, passwort: str) -> None:
    _fehlversuche(kunde, 4)
    assert kunde_anmelden(kunde, passwort, jetzt=T0 + dt.timedelta(minutes=5)) == kunde


def test_fehlversuche_ausserhalb_der_frist_zaehlen_nicht(kunde: str, passwort: str) -> None:
    _fehlversuche(kunde, 2)
    _fehlversuche(kunde, 3, ab=T0 + dt.timedelta(minutes=16))
    assert kunde_anmelden(kunde, passwort, jetzt=T0 + dt.timedelta(minutes=20)) == kunde


def test_erfolgreiche_anmeldung_setzt_die_zaehlung_zurueck(kunde: str, passwort: str) -> None:
    _fehlversuche(kunde, 4)
    assert kunde_anmelden(kunde, passwort, jetzt=T0 + dt.timedelta(minutes=4)) == kunde
    _fehlversuche(kunde, 4, ab=T0 + dt.timedelta(minutes=5))
    assert kunde_anmelden(kunde, passwort, jetzt=T0 + dt.timedelta(minutes=10)) == kunde


def test_sperre_gilt_je_kundennummer_auch_fuer_unbekannte(kunde: str, passwort: str) -> None:
    _fehlversuche("955X999999", 5)
    with pytest.raises(AnmeldungGesperrt):
        kunde_anmelden("955x999999", "egal", jetzt=T0 + dt.timedelta(minutes=6))
    assert kunde_anmelden(kunde, passwort, jetzt=T0 + dt.timedelta(minutes=6)) == kunde


def test_gesperrte_anmeldung_zeigt_die_meldung_ueber_http(client: Client, kunde: str, passwort: str) -> None:
    for _ in range(5):
        assert client.post("/kunde/anmelden/", {"kundennummer": kunde, "passwort": "falsch"}).status_code == 400
    antwort = client.post("/kunde/anmelden/", {"kundennummer": kunde, "passwort": passwort})
    assert antwort.status_code == 429
    seite = antwort.content.decode()
    assert "Zu viele fehlgeschlagene Anmeldeversuche mit dieser Kundennummer." in seite
    assert 'role="alert"' in seite
    assert client.get("/kunde/").status_code == 302


def _zeitpunkte() -> list[dt.datetime]:
    return list(AnmeldeVersuch.objects.order_by("zeitpunkt").values_list("zeitpunkt", flat=True))


def test_versuche_aelter_als_24_stunden_loescht_der_naechste_anmeldeversuch(kunde: str, passwort: str) -> None:
    _fehlversuche(kunde, 2)                                    # T0 und T0 + 1 min
    _fehlversuche("955X999999", 1, ab=T0 + dt.timedelta(hours=1))
    assert kunde_anmelden(kunde, passwort, jetzt=T0 + dt.timedelta(hours=24)) == kunde
    assert len(_zeitpunkte()) == 4                             # genau 24 Stunden alt: bleibt noch
    kunde_anmelden("955X999999", "falsch", jetzt=T0 + dt.timedelta(hours=24, seconds=30))
    assert _zeitpunkte() == [T0 + dt.timedelta(minutes=1), T0 + dt.timedelta(hours=1),
                             T0 + dt.timedelta(hours=24), T0 + dt.timedelta(hours=24, seconds=30)]


def test_alte_versuche_werden_auch_bei_gesperrter_anmeldung_geloescht(kunde: str, passwort: str) -> None:
    kunde_anmelden("955X999999", "falsch", jetzt=T0 - dt.timedelta(days=2))
    _fehlversuche(kunde, 5)
    assert AnmeldeVersuch.objects.filter(kundennummer="955X999999").count() == 0
    kunde_anmelden("955X999999", "falsch", jetzt=T0 - dt.timedelta(days=2))     # wieder ein alter Versuch
    with pytest.raises(AnmeldungGesperrt):
        kunde_anmelden(kunde, passwort, jetzt=T0 + dt.timedelta(minutes=10))
    assert _zeitpunkte() == [T0 + dt.timedelta(minutes=i) for i in range(5)]


def test_sperre_ueber_mitternacht_nennt_den_tag(kunde: str, passwort: str) -> None:
    """Fehlversuche ab 23:50 Uhr (Berlin): die Sperre endet morgen um 00:05 Uhr — „bis 00:05 Uhr“ allein hieße
    vor Mitternacht „vorhin“ (wie die Anmeldung der Beschäftigten, konten.drosselung.bis_wann)."""
    spaet = dt.datetime(2026, 11, 24, 22, 50, tzinfo=dt.UTC)          # 23:50 Uhr in Berlin
    _fehlversuche(kunde, 5, ab=spaet)
    with pytest.raises(AnmeldungGesperrt) as gesperrt:
        kunde_anmelden(kunde, passwort, jetzt=spaet + dt.timedelta(minutes=6))
    assert "ist die Anmeldung bis morgen, 00:05 Uhr gesperrt." in str(gesperrt.value)
