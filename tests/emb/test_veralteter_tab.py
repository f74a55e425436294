"""Ein veralteter Tab geht einen Schritt im Gesprächsbereich der Mail (htmx an /kontakt/…/, wie die Mailseite es tut):
Hat die Person die Mail nicht mehr (zurückgegeben und von jemand anderem übernommen, in einem anderen Tab erledigt),
sagt die Antwort nur „Die Mail ist nicht mehr von Ihnen übernommen …“ — nie „Dieser Kontakt ist abgeschlossen …“ —,
und nichts ändert sich; danach lädt die Seite neu (Antwortbereich: HX-Redirect). Die Prüfung ist beim Gespräch
angemeldet (emb/apps.py, gespraech.services.schritt_sperre_anmelden); wer den Kontakt nicht führt, bekommt weiter
403, Telefonkontakte merken nichts davon."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from kundenportal.emb.models import Mail
from kundenportal.emb.services import (
    NICHT_UEBERNOMMEN,
    bearbeitung_beantworten,
    bearbeitung_starten,
    mail_beanspruchen,
    mail_einlesen,
    mail_erledigen,
    mail_freigeben,
    zuordnung_bestaetigen,
)
from kundenportal.emb.services.bearbeitung import ARBEITSHILFE_ABGEBROCHEN
from kundenportal.gespraech import services as gespraech
from kundenportal.gespraech.models import Kontakt
from kundenportal.leitfaden.vokabular import BERLIN
from tests.email.test_terminabsage import KUNDENNUMMER, MAIL, uwe_berger_laden

pytestmark = pytest.mark.django_db
JETZT = dt.datetime(2020, 3, 24, 9, 0, tzinfo=BERLIN)
HTMX = {"HTTP_HX_REQUEST": "true"}
ABGESCHLOSSEN = "Dieser Kontakt ist abgeschlossen"


@pytest.fixture(autouse=True)
def kunde(settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-24"
    uwe_berger_laden("Bonn")


def _mit_arbeitshilfe(user: Any) -> tuple[Mail, str]:
    """Eine übernommene Mail, die Arbeitshilfe bis nach der Identitätsfrage: die Mail und ihr Kontakt."""
    mail = mail_einlesen(MAIL, quelle="test", jetzt=JETZT).mail
    assert mail_beanspruchen(user, mail.id, JETZT)
    zuordnung_bestaetigen(user, mail.id, "terminabsage", JETZT)
    bearbeitung_starten(user, mail.id, JETZT)
    bearbeitung_beantworten(user, mail.id, "identitaet_geprueft", "ja")
    return mail, str(Mail.objects.get(id=mail.id).kontakt_id)


def _schritte(kontakt: str, seite: str) -> list[tuple[str, dict[str, str]]]:
    """Jede Art Schritt, die der Gesprächsbereich der Mailseite schickt (mit `rueckkehr`)."""
    return [(f"/kontakt/{kontakt}/antwort/", {"fakt": "terminanliegen", "wert": "absagen", "rueckkehr": seite}),
            (f"/kontakt/{kontakt}/zurueck/", {"fakt": "identitaet_geprueft", "rueckkehr": seite}),
            (f"/kontakt/{kontakt}/bestaetigen/", {"zeichen": "x", "rueckkehr": seite}),
            (f"/kontakt/{kontakt}/weiter/", {"rueckkehr": seite})]


def _laeufe(*kontakte: str) -> list[tuple[str, Any]]:
    return [(k.status, k.lauf) for k in (Kontakt.objects.get(pk=pk) for pk in kontakte)]


def test_uebernommen_von_jemand_anderem_nur_die_meldung_der_mail(client: Client, anna: Any, bernd: Any) -> None:
    mail, alter = _mit_arbeitshilfe(anna)
    assert mail_freigeben(anna, mail.id, JETZT)                    # Tab A: zurück in die Warteschlange
    assert mail_beanspruchen(bernd, mail.id, JETZT)                # Bernd übernimmt und beginnt neu
    zuordnung_bestaetigen(bernd, mail.id, "terminabsage", JETZT)
    bearbeitung_starten(bernd, mail.id, JETZT)
    neuer = str(Mail.objects.get(id=mail.id).kontakt_id)
    vorher = _laeufe(alter, neuer)
    client.force_login(anna)                                       # Tab B, veraltet
    seite = f"/emb/{mail.id}/"
    for ziel, daten in _schritte(alter, seite):
        html = client.post(ziel, daten, **HTMX).content.decode()
        assert NICHT_UEBERNOMMEN in html and ABGESCHLOSSEN not in html, ziel
    assert _laeufe(alter, neuer) == vorher                          # kein Schritt lief, an keinem Kontakt
    # gleich danach holt sich der Antwortbereich neu: die ganze Seite lädt und sagt es oben, einmal
    assert client.get(f"{seite}?teil=antwort", **HTMX)["HX-Redirect"] == seite
    html = client.get(seite).content.decode()
    assert html.count(NICHT_UEBERNOMMEN) == 1 and ABGESCHLOSSEN not in html and 'id="gespraech"' not in html


def test_in_einem_anderen_tab_erledigt_nur_die_meldung_der_mail(client: Client, anna: Any) -> None:
    mail, kontakt = _mit_arbeitshilfe(anna)
    mail_erledigen(anna, mail.id, JETZT, "Kunde hat angerufen; der Termin bleibt.")     # Tab A: erledigt
    vorher = _laeufe(kontakt)
    client.force_login(anna)
    for ziel, daten in _schritte(kontakt, f"/emb/{mail.id}/"):
        html = client.post(ziel, daten, **HTMX).content.decode()
        assert NICHT_UEBERNOMMEN in html and ABGESCHLOSSEN not in html, ziel
    assert _laeufe(kontakt) == vorher


def test_zuordnung_in_einem_anderen_tab_geaendert_sagt_warum(client: Client, anna: Any) -> None:
    """Die Person hat die Mail noch, aber die Arbeitshilfe dieses Tabs ist abgebrochen: die Meldung sagt das (nicht
    „nicht mehr übernommen“) und verweist auf das Neuladen."""
    mail, kontakt = _mit_arbeitshilfe(anna)
    zuordnung_bestaetigen(anna, mail.id, "sonstiges", JETZT)                     # Tab A: anderes Anliegen
    client.force_login(anna)
    html = client.post(f"/kontakt/{kontakt}/antwort/", {"fakt": "terminanliegen", "wert": "absagen",
                                                        "rueckkehr": f"/emb/{mail.id}/"}, **HTMX).content.decode()
    assert ARBEITSHILFE_ABGEBROCHEN in html and ABGESCHLOSSEN not in html and NICHT_UEBERNOMMEN not in html


def test_wer_den_kontakt_nicht_fuehrt_bekommt_weiter_403(client: Client, anna: Any, bernd: Any) -> None:
    mail, kontakt = _mit_arbeitshilfe(anna)
    vorher = _laeufe(kontakt)
    client.force_login(bernd)
    antwort = client.post(f"/kontakt/{kontakt}/antwort/", {"fakt": "terminanliegen", "wert": "absagen",
                                                           "rueckkehr": f"/emb/{mail.id}/"}, **HTMX)
    assert antwort.status_code == 403 and NICHT_UEBERNOMMEN not in antwort.content.decode()
    assert _laeufe(kontakt) == vorher


def test_die_bearbeitende_person_und_das_telefon_gehen_ihre_schritte(anna: Any, benutzer: Any) -> None:
    _, kontakt = _mit_arbeitshilfe(anna)
    ansicht = gespraech.kontakt_beantworten(anna, Kontakt.objects.get(pk=kontakt), "terminanliegen", "absagen")
    assert ansicht.art == "frage" and ansicht.fakt != "terminanliegen"
    telefon = benutzer("agent_sc3", "telefon")
    am_telefon = gespraech.kontakt_starten(telefon, "SC 3.003", KUNDENNUMMER)
    frage = gespraech.kontakt_stand(telefon, am_telefon)
    assert frage.art == "frage"
    assert gespraech.kontakt_beantworten(telefon, am_telefon, frage.fakt, "ja").art in ("frage", "ende")
