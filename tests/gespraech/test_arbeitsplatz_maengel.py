"""Mängel des Arbeitsplatzes (Tastatur, Suche, Doppelstart, Postkorb, Abbruchvermerk, Fortschritt)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.fachverfahren.ports.verbis import kundennummer_normalisieren
from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.fachverfahren.registry import systeme
from kundenportal.gespraech import fortschritt, services
from kundenportal.gespraech.kundensuche import namensvarianten
from kundenportal.gespraech.models import Kontakt
from kundenportal.katalog import queries as katalog_queries

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("eingabe", ["955t000001", "955T 000001", " 955 t 000001 "])
def test_kundennummer_ohne_leerzeichen_und_gross(benutzer: Callable[..., Any], kunde: str, client: Client,
                                               eingabe: str) -> None:
    client.force_login(benutzer("agent_sc3"))
    antwort = client.post("/kontakt/neu/", {"kundennummer": eingabe})
    assert antwort.status_code == 302 and antwort["Location"].startswith("/kontakt/anliegen/")
    assert kundennummer_normalisieren(eingabe) == kunde


def test_name_in_umschrift_findet_umlaut(benutzer: Callable[..., Any], client: Client) -> None:
    ausgangslage_laden({"kunde": {"kundennummer": "955T000009", "vorname": "Jörg", "nachname": "Schröder",
                                  "geburtsdatum": "1970-05-06", "wohnort_agentur": "Nürnberg", "betreuung": "av",
                                  "status": "arbeitslos"}})
    client.force_login(benutzer("agent_sc3"))
    for name in ("Schroeder", "schröder", "SCHROEDER"):
        antwort = client.post("/kontakt/neu/", {"nachname": name, "geburtsdatum": "1970-05-06"})
        assert antwort.status_code == 302, name
    assert "Schröder" in namensvarianten("Schroeder") and "Schroeder" in namensvarianten("Schröder")


def test_kundennummernfeld_hat_autofokus(benutzer: Callable[..., Any], client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    seite = client.get("/kontakt/neu/").content.decode()
    assert 'name="kundennummer"' in seite and "autofocus" in seite


def test_zurueck_im_browser_und_erneut_beginnen_setzt_den_offenen_kontakt_fort(
        benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    erst = client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": kunde})["Location"]
    nochmal = client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": kunde})
    assert nochmal["Location"] == erst
    assert Kontakt.objects.filter(kundennummer=kunde, status=Kontakt.OFFEN).count() == 1
    assert "wird fortgesetzt" in client.get(erst).content.decode()
    # ohne Kundennummer: derselbe Beginn gleich noch einmal (noch ohne Antwort) ist derselbe Kontakt; nach der
    # ersten Antwort ist ein neuer Beginn ein eigener Kontakt (test_abbruch_vermerk.py)
    client.post("/kontakt/starten/", {"leitfaden": "SC 3.003"})
    client.post("/kontakt/starten/", {"leitfaden": "SC 3.003"})
    assert Kontakt.objects.filter(kundennummer="", status=Kontakt.OFFEN).count() == 1


def test_postkorb_erledigt_name_passt_und_link_zum_kontakt(benutzer: Callable[..., Any], kunde: str,
                                                          client: Client) -> None:
    agent = benutzer("agent_sc3")
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    aufgabe = systeme().aufgaben.erstellen("os_algplus", "Rentenbewilligung prüfen", kunde, "", "t-agent_sc3",
                                           str(k.pk))
    services.kontakt_abschliessen(agent, k, "Kunde legte auf.")
    client.force_login(benutzer("os_algplus"))
    seite = client.get("/postkorb/os_algplus/").content.decode()
    # Zugänglicher Name beginnt mit der sichtbaren Beschriftung (WCAG 2.5.3 Label in Name).
    assert (f'aria-label="Übernehmen: Aufgabe {aufgabe.id}"><span class="kern-label">Übernehmen</span>' in seite
            and "Erledigt: Aufgabe" not in seite)           # erledigen erst, wenn übernommen
    client.post(f"/postkorb/os_algplus/{aufgabe.id}/nehmen/")
    seite = client.get("/postkorb/os_algplus/").content.decode()
    assert f'aria-label="Erledigt: Aufgabe {aufgabe.id}"><span class="kern-label">Erledigt</span>' in seite
    assert 'aria-label="Aufgabe' not in seite
    link = f"/kontakt/{k.pk}/historie/#kontakt-{k.pk}"
    assert f'href="{link}"' in seite
    historie = client.get(link.split("#")[0]).content.decode()
    assert f'id="kontakt-{k.pk}"' in historie and "Kunde legte auf." in historie


def test_abbruchvermerk_behaelt_den_weg(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    ort = client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": kunde})["Location"]
    client.post(f"{ort}antwort/", {"fakt": "identitaet_geprueft", "wert": "ja"})
    seite = client.get(ort).content.decode()
    assert "Kontakt vorzeitig beendet (SC 3.003" in seite
    assert "- Identität des Anrufers anhand der Sicherheitsmerkmale geprüft? ja" in seite


def test_fortschritt_nach_dem_laengsten_restweg(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    agent = benutzer("agent_sc3")
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    erst = fortschritt.berechnen(katalog_queries.katalog(), k.lauf, "identitaet_geprueft", 0)
    assert erst is not None and erst.schritt == 1 and erst.hoechstens >= 3 and erst.prozent == 0
    client.force_login(agent)
    seite = client.get(f"/kontakt/{k.pk}/").content.decode()
    assert f"Frage 1 von höchstens {erst.hoechstens}" in seite and 'role="timer"' in seite
    assert 'id="tastenhilfe"' in seite


def test_gewaehlter_termin_steht_lesbar_im_weg_und_im_vermerk(benutzer: Callable[..., Any], kunde: str,
                                                             client: Client) -> None:
    """Aus dem ATV gewählt: Weg und Vermerk nennen den Termin wie die Auswahl (Tag, Uhrzeit, Bereich, Agentur),
    nicht nur seine Nummer — den Bereich mit seinem Label."""
    from kundenportal import zeit
    from kundenportal.gespraech.models import Kontakt

    agent = benutzer("agent_sc3")
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    for fakt, wert in (("identitaet_geprueft", "ja"), ("terminanliegen", "absagen"), ("termin_id", "T-1")):
        ansicht = services.kontakt_beantworten(agent, Kontakt.objects.get(pk=k.pk), fakt, wert)
    tag = zeit.heute() + dt.timedelta(days=5)
    punkt = next(w for w in ansicht.weg if w.fakt == "termin_id")
    assert punkt.antwort == f"{tag:%d.%m.%Y} 09:00 Uhr, Arbeitsvermittlung, Agentur Nürnberg (Termin T-1)"
    vermerk = services.sitzung(Kontakt.objects.get(pk=k.pk)).vermerk()
    assert (f"Welcher Termin ist betroffen? {tag:%d.%m.%Y} 09:00 Uhr, Arbeitsvermittlung, Agentur Nürnberg (Termin T-1)"
            in vermerk)
    # Auch Kanal und Auswahl stehen mit ihrem Label, nicht als Code (der Vermerk geht so ins VerBIS und in die QS).
    assert vermerk.startswith(f"Kontakt vom {zeit.heute():%d.%m.%Y} (Service Center SGB III")
    assert "Termin absagen" in vermerk and "sc3" not in vermerk


def test_abbruch_mit_vorschlag_nennt_den_weg_einmal(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    """Der vorausgefüllte Abbruchvermerk listet den Weg schon: gespeichert wird er mit dem Kopf des Vermerks (Tag,
    Kanal, Fassung), nicht noch einmal mit dem Weg der Engine davor und „Kontakt vorzeitig beendet:“ doppelt."""
    from kundenportal.gespraech.models import Kontakt

    client.force_login(benutzer("agent_sc3"))
    ort = client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": kunde})["Location"]
    client.post(f"{ort}antwort/", {"fakt": "identitaet_geprueft", "wert": "ja"})
    seite = client.get(ort).content.decode()
    vorschlag = seite.split('id="vermerk-abbruch" name="vermerk" required>')[1].split("</textarea>")[0]
    import html as html_modul

    client.post(f"{ort}abschliessen/", {"vermerk": html_modul.unescape(vorschlag) + "Kunde hat aufgelegt."})
    k = Kontakt.objects.get(pk=ort.strip("/").split("/")[-1])
    assert k.status == Kontakt.ABGESCHLOSSEN
    assert k.vermerk.startswith("Kontakt vom ") and k.vermerk.count("Kontakt vorzeitig beendet") == 1
    assert k.vermerk.count("Identität des Anrufers anhand der Sicherheitsmerkmale geprüft?") == 1
    assert k.vermerk.endswith("Grund des Abbruchs: Kunde hat aufgelegt.")
