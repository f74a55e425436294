"""Keine Kundennummer in einer URL (Sozialdaten landen sonst in Verlauf, Proxy- und Access-Logs): die
Kundensuche geht per POST, danach trägt die Adresse nur eine Auswahl der Sitzung oder den Kontakt."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from importlib import import_module
from typing import Any

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client

from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.gespraech import services
from kundenportal.gespraech.auswahl import GUELTIG, auswahl_anlegen, auswahl_lesen
from kundenportal.konten.models import Zugriff

pytestmark = pytest.mark.django_db

ADRESSE_IM_HTML = re.compile(r'(?:href|action|hx-get|hx-post)="([^"]*)"')
ABGELAUFEN = ("Diese Kundenauswahl ist abgelaufen oder gehört zu einer anderen Anmeldung. "
              "Suchen Sie die Kundin oder den Kunden bitte erneut.")


class Wege:
    """Merkt sich jede angefragte Adresse, jede Weiterleitung und jede Adresse in den Seiten."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.adressen: list[str] = []

    def _merken(self, antwort: HttpResponse) -> HttpResponse:
        self.adressen += [url for url, _ in getattr(antwort, "redirect_chain", [])]
        anfrage = antwort.wsgi_request
        self.adressen.append(anfrage.get_full_path())
        self.adressen += [antwort.get(k, "") for k in ("Location", "HX-Redirect", "HX-Location")]
        self.adressen += ADRESSE_IM_HTML.findall(antwort.content.decode())
        return antwort

    def get(self, pfad: str) -> HttpResponse:
        return self._merken(self.client.get(pfad, follow=True))

    def post(self, pfad: str, daten: dict[str, str]) -> HttpResponse:
        return self._merken(self.client.post(pfad, daten, follow=True))


def test_agentenweg_von_der_suche_bis_zur_historie_ohne_kundennummer_in_einer_url(
        benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    wege = Wege(client)
    wege.get("/arbeitsplatz/")
    wege.get("/kontakt/neu/")
    anliegen = wege.post("/kontakt/neu/", {"kundennummer": kunde})                     # Suche
    assert f"Kundennummer {kunde}" in anliegen.content.decode()
    gespraech = wege.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": kunde})   # Anliegen
    ort = gespraech.wsgi_request.path
    for fakt, wert in [("identitaet_geprueft", "ja"), ("terminanliegen", "absagen"), ("termin_id", "T-1"),
                       ("teilnahme_erforderlich", "ja"), ("teilnahme_moeglich", "ja")]:    # Gespräch
        assert wege.post(f"{ort}antwort/", {"fakt": fakt, "wert": wert}).status_code == 200
    assert "Erika Mustermann" in wege.get(f"{ort}historie/").content.decode()          # Historie vom Kontakt
    historie = wege.post(f"{ort}abschliessen/", {"vermerk": "Termin bleibt."})          # … und nach dem Abschluss
    assert "Termin bleibt." in historie.content.decode()
    assert historie.wsgi_request.path == f"{ort}historie/"
    schluessel = anliegen.wsgi_request.path.split("/")[-2]
    vorher = wege.get(f"/kunden/{schluessel}/").content.decode()         # Liste aus der Suche, vor dem Gespräch:
    assert "SC 3.003" in vorher and "Termin bleibt." not in vorher and "Erika" not in vorher    # ohne Vermerk (A3)

    assert len(wege.adressen) > 30
    assert [a for a in wege.adressen if kunde in a or kunde.lower() in a.lower()] == []


def test_mehrere_treffer_verweisen_je_auf_eine_auswahl(benutzer: Callable[..., Any], kunde: str,
                                                       client: Client) -> None:
    ausgangslage_laden({"kunde": {"kundennummer": "955T000002", "vorname": "Max", "nachname": "Mustermann",
                                  "geburtsdatum": "1980-02-03", "wohnort_agentur": "Nürnberg"}})
    client.force_login(benutzer("agent_sc3"))
    seite = client.post("/kontakt/neu/", {"nachname": "Mustermann", "geburtsdatum": "1980-02-03"})
    html = seite.content.decode()
    assert seite.status_code == 200 and "Mehrere Treffer" in html
    links = re.findall(r'<a href="(/kontakt/anliegen/[^"]+/)">Kundennummer (\w+)</a>', html)
    assert sorted(n for _, n in links) == [kunde, "955T000002"]
    for link, nummer in links:
        assert nummer not in link and f"Kundennummer {nummer} (" in client.get(link).content.decode()


def test_suche_per_get_sucht_nicht(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    antwort = client.get("/kontakt/neu/", {"kundennummer": kunde})
    assert antwort.status_code == 200 and "Mehrere Treffer" not in antwort.content.decode()
    assert not Zugriff.objects.filter(aktion="kunde_suchen").exists()


def test_suche_braucht_das_csrf_token(benutzer: Callable[..., Any], kunde: str) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(benutzer("agent_sc3"))
    assert client.post("/kontakt/neu/", {"kundennummer": kunde}).status_code == 403
    formular = client.get("/kontakt/neu/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', formular)
    assert token is not None
    antwort = client.post("/kontakt/neu/", {"kundennummer": kunde, "csrfmiddlewaretoken": token[1]})
    assert antwort.status_code == 302
    assert Zugriff.objects.filter(aktion="kunde_suchen", kundennummer=kunde).count() == 1


def test_auswahl_gilt_nur_in_der_sitzung_der_suche(benutzer: Callable[..., Any], kunde: str) -> None:
    anna, bernd = Client(), Client()
    anna.force_login(benutzer("agent_sc3", "anna"))
    bernd.force_login(benutzer("agent_sc3", "bernd"))
    anliegen = str(anna.post("/kontakt/neu/", {"kundennummer": kunde})["Location"])
    schluessel = anliegen.split("/")[-2]
    assert anna.get(f"/kunden/{schluessel}/").status_code == 200
    fremd = bernd.get(anliegen, follow=True)
    assert fremd.redirect_chain == [("/kontakt/neu/", 302)] and ABGELAUFEN in fremd.content.decode()
    assert bernd.get(f"/kunden/{schluessel}/").status_code == 404
    assert not Zugriff.objects.filter(aktion="kundenhistorie_lesen", user__username="bernd").exists()


def test_auswahl_laeuft_nach_einer_stunde_ab() -> None:
    sitzung = import_module(settings.SESSION_ENGINE).SessionStore()
    t0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    schluessel = auswahl_anlegen(sitzung, "955T000001", t0)
    assert len(schluessel) >= 22 and "955T000001" not in schluessel
    assert auswahl_lesen(sitzung, schluessel, t0 + GUELTIG - dt.timedelta(seconds=1)) == "955T000001"
    assert auswahl_lesen(sitzung, schluessel, t0 + GUELTIG) is None
    assert auswahl_lesen(sitzung, "geraten", t0) is None


def test_historie_ueber_einen_kontakt_nur_wer_ihn_sehen_darf(benutzer: Callable[..., Any], kunde: str) -> None:
    agent = benutzer("agent_sc3")
    offen = services.kontakt_starten(agent, "SC 3.003", kunde)
    backoffice = Client()
    backoffice.force_login(benutzer("os_algplus"))
    assert backoffice.get(f"/kontakt/{offen.pk}/historie/").status_code == 403     # fremder offener Kontakt
    services.kontakt_abschliessen(agent, offen, "Kunde legte auf.")
    assert "Kunde legte auf." in backoffice.get(f"/kontakt/{offen.pk}/historie/").content.decode()
    assert Zugriff.objects.get(aktion="kundenhistorie_lesen").kontakt == offen.pk


def test_kontakt_ohne_kundennummer_hat_keine_historie(benutzer: Callable[..., Any], client: Client) -> None:
    agent = benutzer("agent_sc3")
    ohne = services.kontakt_starten(agent, "SC 3.003", None)
    client.force_login(agent)
    assert client.get(f"/kontakt/{ohne.pk}/historie/").status_code == 404
    assert not Zugriff.objects.filter(aktion="kundenhistorie_lesen").exists()
