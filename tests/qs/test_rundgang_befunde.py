"""Befunde aus dem Rundgang der Teamleitungen durch die Qualitätssicherung (Demodaten, Stichprobe März 2020):

- Die QS-Quote eines einzelnen Tages verriet der Teamleitung, die den dritten Kontakt noch blind kalibrieren soll,
  die Urteile der Erstbewertung: Kontakte in laufender Kalibrierung zählen für sie erst nach ihrer Kalibrierung.
- Im Vermerk eines Kontakts der Familienkasse stand der Vorname eines Kindes („K2 – Ida“), weil der Demokontakt
  keine Kundennummer hat und die Namen aus KIWI fehlen: der Vorname nach der Kennung des Kindes wird geschwärzt.
- Eine freigegebene Bewertung forderte weiter „Vorbewertung … bitte bestätigen oder korrigieren“ auf.
- Die Stichprobe sagte nicht, ob die Kalibrierung der Anlage 2.2.6 im Monat erfüllt ist."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from kundenportal.fuehrung.demo import demo_kontakte_anlegen
from kundenportal.qs import queries
from kundenportal.qs.models import Bewertung, Stichprobe
from kundenportal.qs.pseudonym import personenbezug, pseudonymisieren

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db: Any) -> int:
    return demo_kontakte_anlegen(anzahl=300)


def _anmelden(client: Client, name: str) -> None:
    assert client.post("/anmelden/", {"username": name, "password": name}).status_code == 302


def _text(client: Client, url: str) -> str:
    antwort = client.get(url)
    assert antwort.status_code == 200
    return html.unescape(antwort.content.decode())


def _sgb3() -> list[Bewertung]:
    return list(Bewertung.objects.filter(stichprobe__user__username="demo-teamleitung").select_related("kontakt")
                .order_by("nummer"))


def test_quote_eines_tages_verraet_der_blind_kalibrierenden_die_erstbewertung_nicht(demo: int,
                                                                                   client: Client) -> None:
    dritter = _sgb3()[2]
    assert dritter.kalibrierungen.count() == 1                      # läuft: 2 von 3 Teamleitungen
    tag = timezone.localdate(dritter.kontakt.abgeschlossen)
    andere_am_tag = Bewertung.objects.filter(kontakt__abgeschlossen__date=tag, bewertet__isnull=False).count()
    tl3 = get_user_model().objects.get(username="demo-teamleitung-3")
    erst = get_user_model().objects.get(username="demo-teamleitung")
    blind = queries.quoten(standort="Nürnberg", von=tag, bis=tag, kanaele=["sc3"], blind_fuer=tl3)
    sehend = queries.quoten(standort="Nürnberg", von=tag, bis=tag, kanaele=["sc3"], blind_fuer=erst)
    assert sum(z.quote.bewertet for z in sehend) > sum(z.quote.bewertet for z in blind)
    assert queries.blind_zurueckgehalten(tl3, standort="Nürnberg", von=tag, bis=tag, kanaele=["sc3"]) == 1
    assert queries.blind_zurueckgehalten(erst, standort="Nürnberg", von=tag, bis=tag, kanaele=["sc3"]) == 0
    if andere_am_tag == 1:
        assert blind == []

    _anmelden(client, "demo-teamleitung-3")
    seite = _text(client, f"/qs/?von={tag:%d.%m.%Y}&bis={tag:%d.%m.%Y}")
    assert "1 bewerteter Kontakt dieses Zeitraums zählt hier nicht mit" in seite
    # nach der eigenen Kalibrierung zählt er mit
    urteile = {k: "erfuellt" for k in dritter.urteile}
    antwort = client.post(f"/qs/bewertung/{dritter.pk}/", urteile)
    assert antwort.status_code == 302
    seite = _text(client, f"/qs/?von={tag:%d.%m.%Y}&bis={tag:%d.%m.%Y}")
    assert "zählt hier nicht mit" not in seite
    assert queries.blind_zurueckgehalten(tl3, standort="Nürnberg", von=tag, bis=tag, kanaele=["sc3"]) == 0


@pytest.mark.parametrize(("text", "verboten", "bleibt"), [
    ("Welches Kind ist betroffen? K2 – Ida (13.03.2006)", ["Ida", "13.03.2006"], ["K2 – [Name]"]),
    ("K1 - Katharina und K10 – Jan-Luca", ["Katharina", "Jan-Luca"], ["K1 - [Name]"]),
])
def test_vorname_eines_kindes_nach_seiner_kennung_wird_geschwaerzt(text: str, verboten: list[str],
                                                                   bleibt: list[str]) -> None:
    ergebnis = pseudonymisieren(text)
    assert not [v for v in verboten if v in ergebnis], ergebnis
    assert all(b in ergebnis for b in bleibt), ergebnis
    assert "Name" in personenbezug(text)


def test_familienkasse_sieht_im_vermerk_keinen_vornamen_eines_kindes(demo: int, client: Client) -> None:
    _anmelden(client, "demo-teamleitung-fk")
    fk = Bewertung.objects.filter(stichprobe__user__username="demo-teamleitung-fk").select_related("kontakt")
    assert fk.exists()
    for b in fk:
        seite = _text(client, f"/qs/bewertung/{b.pk}/")
        for zeile in b.kontakt.vermerk.splitlines():
            if " – " in zeile and "? K" in zeile:            # „Welches Kind ist betroffen? K2 – Ida (…)“
                vorname = zeile.split(" – ", 1)[1].split(" ")[0]
                assert f"– {vorname}" not in seite, zeile


def test_freigegebene_bewertung_fordert_nicht_mehr_zum_bestaetigen_auf(demo: int, client: Client) -> None:
    _anmelden(client, "demo-teamleitung")
    freigegeben = next(b for b in _sgb3() if b.freigegeben)
    seite = _text(client, f"/qs/bewertung/{freigegeben.pk}/")
    assert "bleibt unverändert" in seite
    assert "bitte bestätigen oder korrigieren" not in seite
    offen = next(b for b in _sgb3() if b.bewertet and not b.freigegeben)
    assert "bitte bestätigen oder korrigieren" in _text(client, f"/qs/bewertung/{offen.pk}/")


def test_stichprobe_sagt_ob_die_kalibrierung_im_monat_erfuellt_ist(demo: int, client: Client) -> None:
    _anmelden(client, "demo-teamleitung")
    s = Stichprobe.objects.get(user__username="demo-teamleitung")
    assert ("Kalibrierung im Monat 03.2020: 2 Kontakte sind von mindestens 3 Teamleitungen bewertet – Vorgabe "
            "(1 je Monat) erfüllt." in _text(client, f"/qs/stichprobe/{s.pk}/"))
    client.logout()
    _anmelden(client, "demo-teamleitung-fk")
    fk = Stichprobe.objects.get(user__username="demo-teamleitung-fk")
    seite = _text(client, f"/qs/stichprobe/{fk.pk}/")
    assert "Kalibrierung im Monat 03.2020: 0 Kontakte sind von mindestens 3 Teamleitungen bewertet" in seite
    assert "noch nicht erfüllt, es fehlt 1 Kontakt." in seite
