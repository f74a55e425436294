from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from icalendar import Calendar

from kundenportal.fachverfahren.registry import systeme

pytestmark = pytest.mark.django_db


def test_kunde_sieht_nur_seine_eigenen_termine(angemeldet: Client, kunde: str, kunde_anlegen: Any, termin_buchen: Any) -> None:
    eigener = termin_buchen(kunde, "2020-04-22T09:00")
    fremder = termin_buchen(kunde_anlegen("955A100077"), "2020-04-22T10:00")
    seite = angemeldet.get("/kunde/termine/").content.decode()
    assert eigener in seite and fremder not in seite
    fremd = angemeldet.get(f"/kunde/termine/{fremder}/absagen/")
    assert fremd.status_code == 404
    assert angemeldet.get(f"/kunde/termine/{fremder}/termin.ics").status_code == 404
    # die Fehlerseite der Kundenseite: nicht die des Arbeitsplatzes, der Weg führt zur eigenen Übersicht
    html = fremd.content.decode()
    assert "eServices der Bundesagentur für Arbeit" in html and "für Beschäftigte" not in html
    assert 'href="/kunde/"' in html and "Zu Ihrer Übersicht" in html and "/anmelden/" not in html


def test_absage_mit_grund_setzt_abgesagt_und_gibt_das_zeitfenster_frei(angemeldet: Client, kunde: str, termin_buchen: Any) -> None:
    termin_id = termin_buchen(kunde, "2020-04-22T09:00")
    grund = {"grund": "Ich habe eine Arbeit aufgenommen."}
    antwort = angemeldet.post(f"/kunde/termine/{termin_id}/absagen/", {**grund, "bestaetigt": "1"})
    assert antwort["Location"] == "/kunde/termine/"
    termin = systeme().atv.termin(termin_id)
    assert termin is not None
    assert (termin.status, termin.absagegrund, termin.abgesagt_von) == (
        "abgesagt", "Ich habe eine Arbeit aufgenommen.", f"kunde:{kunde}")
    assert systeme().atv.ist_frei("Köln/av", termin.beginn)
    seite = angemeldet.get("/kunde/termine/").content.decode()
    assert "Ihr Termin am 22.04.2020 um 09:00 Uhr ist abgesagt." in seite
    assert "Status: <strong>abgesagt</strong> (Grund: Ich habe eine Arbeit aufgenommen.)" in seite


def test_absage_ohne_grund_wird_mit_meldung_am_feld_abgelehnt(angemeldet: Client, kunde: str, termin_buchen: Any) -> None:
    termin_id = termin_buchen(kunde, "2020-04-22T09:00")
    adresse = f"/kunde/termine/{termin_id}/absagen/"
    antwort = angemeldet.post(adresse, {"grund": ""}, follow=True)       # Post/Redirect/Get auch im Fehlerfall
    assert antwort.redirect_chain == [(adresse, 302)] and antwort.status_code == 200
    assert 'id="id_grund_error"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span><span class="kern-body">Bitte geben Sie einen Grund für die Absage an.' in antwort.content.decode()
    termin = systeme().atv.termin(termin_id)
    assert termin is not None and termin.status == "geplant"


def test_termin_als_icalendar_herunterladen(angemeldet: Client, kunde: str, termin_buchen: Any) -> None:
    termin_id = termin_buchen(kunde, "2020-04-22T09:00")
    antwort = angemeldet.get(f"/kunde/termine/{termin_id}/termin.ics")
    assert antwort["Content-Type"] == "text/calendar; charset=utf-8"
    assert antwort["Content-Disposition"] == f'attachment; filename="termin-{termin_id}.ics"'
    ereignis = Calendar.from_ical(antwort.content).walk("VEVENT")[0]
    assert str(ereignis["UID"]) == f"{termin_id}@kundenportal.arbeitsagentur.de"
    assert ereignis.decoded("DTSTART").isoformat() == "2020-04-22T07:00:00+00:00"
    assert str(ereignis["LOCATION"]) == "Agentur für Arbeit Köln"
    assert str(ereignis["SUMMARY"]) == "Termin Agentur für Arbeit: Arbeitsvermittlung"


def test_absage_zeigt_erst_eine_pruefseite_und_laesst_den_grund_aendern(angemeldet: Client, kunde: str,
                                                                       termin_buchen: Any) -> None:
    termin_id = termin_buchen(kunde, "2020-04-22T09:00")
    adresse = f"/kunde/termine/{termin_id}/absagen/"
    weiter = angemeldet.post(adresse, {"grund": "Ich bin krank."})       # Post/Redirect/Get: „Zurück“ ohne Rückfrage
    assert weiter.status_code == 302 and weiter["Location"] == f"{adresse}?schritt=pruefen"
    pruefen = angemeldet.get(weiter["Location"])
    seite = pruefen.content.decode()
    assert pruefen.status_code == 200 and '<h1 id="pruefen-titel" tabindex="-1" autofocus>Absage prüfen</h1>' in seite
    assert "<dt>Grund der Absage</dt><dd>Ich bin krank.</dd>" in seite and "Absage bestätigen" in seite
    termin = systeme().atv.termin(termin_id)
    assert termin is not None and termin.status == "geplant"           # die Prüfseite ändert nichts

    zurueck = angemeldet.post(adresse, {"grund": "Ich bin krank.", "aendern": "1"}, follow=True)
    assert zurueck.redirect_chain == [(adresse, 302)]                  # das Formular per GET, mit dem Grund
    assert "Ich bin krank.</textarea>" in zurueck.content.decode() and "Weiter zur Prüfung" in zurueck.content.decode()
    termin = systeme().atv.termin(termin_id)
    assert termin is not None and termin.status == "geplant"

    assert "Ich bin krank.</textarea>" in angemeldet.get(adresse).content.decode()   # zurück zum Formular: Grund bleibt
    angemeldet.post(adresse, {"grund": "Ich bin krank.", "bestaetigt": "1"})
    termin = systeme().atv.termin(termin_id)
    assert termin is not None and (termin.status, termin.absagegrund) == ("abgesagt", "Ich bin krank.")
    # „Zurück“ im Browser nach der Absage: die Prüfseite führt zur Terminliste mit dem Stand
    nach = angemeldet.get(f"{adresse}?schritt=pruefen", follow=True)
    assert nach.redirect_chain[-1][0] == "/kunde/termine/" and "nicht mehr geplant" in nach.content.decode()
