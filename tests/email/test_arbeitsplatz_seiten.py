"""Die Seiten der E-Mail-Bearbeitung: Warteschlange seitenweise mit Zählung, Arbeitshilfe ohne Vorauswahl
und ohne Freitextfeld bei leerer Auswahl, Vorschau mit Warnungen, Zugriffsprotokoll bei jedem Lesen."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from kundenportal.emb.models import Antwort, Mail
from kundenportal.emb.services import (
    antwort_entwerfen,
    mail_beanspruchen,
    mail_einlesen,
    zuordnung_bestaetigen,
)
from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.fachverfahren.referenz.models import Kunde as ReferenzKunde
from kundenportal.gespraech.services import sitzung
from kundenportal.konten.models import Zugriff

from .conftest import identitaet_bestaetigen
from .test_terminabsage import KUNDENNUMMER, MAIL

pytestmark = pytest.mark.django_db
JETZT = dt.datetime(2020, 3, 24, 9, 0, tzinfo=dt.UTC)


def _kunde(termine: bool = True) -> None:
    ausgangslage_laden({
        "kunde": {"kundennummer": KUNDENNUMMER, "vorname": "Uwe", "nachname": "Berger", "geburtsdatum": "1972-06-24",
                  "wohnort_agentur": "Nürnberg", "betreuung": "reha_vermittlung", "email": "uwe.berger@web.example"},
        "termine": [{"id": "T1", "bereich": "reha_vermittlung", "beginn": "2020-03-27T10:00",
                     "agentur": "Nürnberg"}] if termine else [],
    })


def test_warteschlange_seitenweise_mit_zaehlung(client: Client, anna: Any) -> None:
    for i in range(120):
        mail_einlesen(f"Message-ID: <s{i}@web.example>\r\nSubject: Frage {i:03d}\r\n\r\nText {i}\r\n".encode(),
                      quelle="test", jetzt=JETZT + dt.timedelta(minutes=i))
    mail_beanspruchen(anna, Mail.objects.get(betreff="Frage 119").id, JETZT)
    client.force_login(anna)
    erste = client.get("/emb/").content.decode()
    assert "120 Mails · Seite 1 von 3" in erste and "Offen: <strong>119</strong>" in erste
    assert "davon meine: 1" in erste and "Frage 000" in erste and "Frage 050" not in erste
    assert 'href="?seite=2"' in erste
    dritte = client.get("/emb/?seite=3").content.decode()
    assert "Frage 119" in dritte and "Frage 099" not in dritte
    assert client.get("/emb/?seite=kaputt").status_code == 200          # ungültige Seite: die erste
    assert Zugriff.objects.filter(user=anna, aktion="emb_warteschlange_lesen").count() == 3


def test_arbeitshilfe_ohne_vorauswahl_und_ohne_freitext_bei_leerer_terminliste(client: Client, anna: Any,
                                                                             settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-24"
    _kunde(termine=False)
    mail = mail_einlesen(MAIL, quelle="test").mail
    mail_beanspruchen(anna, mail.id, JETZT)
    zuordnung_bestaetigen(anna, mail.id, "terminabsage", JETZT)
    client.force_login(anna)
    client.post(f"/emb/{mail.id}/arbeitshilfe/")
    seite = client.get(f"/emb/{mail.id}/").content.decode()
    assert "selected" not in seite.split('id="gespraech"')[1]           # keine Antwort vorausgewählt
    assert 'data-taste="1"' in seite and "<kbd>1</kbd>" in seite
    for fakt, wert in (("identitaet_geprueft", "ja"), ("terminanliegen", "absagen")):
        client.post(f"/emb/{mail.id}/arbeitshilfe/", {"fakt": fakt, "wert": wert})
    seite = client.get(f"/emb/{mail.id}/").content.decode()
    assert "Welcher Termin ist betroffen?" in seite
    assert 'name="wert" type=' not in seite and "Für diese Frage gibt es derzeit keine Auswahl" in seite
    assert Zugriff.objects.filter(user=anna, aktion="emb_mail_lesen", kundennummer=KUNDENNUMMER).exists()


def test_vorschau_warnt_vor_fremdem_absender_und_anderer_kundennummer(client: Client, anna: Any) -> None:
    _kunde()
    eva = {"kundennummer": "955A300079", "vorname": "Eva", "nachname": "Berger", "wohnort_agentur": "Nürnberg"}
    # Die zugeordnete Nummer gibt es in VerBIS; beim Bestätigen der Identität war die Absenderadresse dort hinterlegt
    # (sonst lehnt schon die Frage ab: tests/emb/test_identitaet_adresse.py), danach wurde sie geändert.
    ausgangslage_laden({"kunde": {**eva, "email": "jemand@andere.example"}})
    fremd = MAIL.replace(b"uwe.berger@web.example", b"jemand@andere.example").replace(
        b"Message-ID: <absage-berger-1@", b"Message-ID: <fremd-1@").replace(
        b"Guten Tag,", f"Guten Tag, meine Kundennummer ist {KUNDENNUMMER}.".encode())
    mail = mail_einlesen(fremd, quelle="test").mail
    mail_beanspruchen(anna, mail.id, JETZT)
    zuordnung_bestaetigen(anna, mail.id, "terminabsage", JETZT, kundennummer="955A300079")
    identitaet_bestaetigen(anna, mail.id, JETZT)
    ReferenzKunde.objects.filter(kundennummer="955A300079").update(email="eva.berger@web.example")
    # Mit Kundendaten entsteht an diese Adresse kein Entwurf mehr; einer von vor dieser Prüfung beim Entwerfen:
    entwurf = antwort_entwerfen(anna, mail.id, JETZT)
    assert entwurf.vorlage == "identitaet_unklar"
    Antwort.objects.filter(id=entwurf.id).update(vorlage="allgemein")
    client.force_login(anna)
    vorschau = client.post(f"/emb/{mail.id}/antwort/", {"aktion": "vorschau", "antwort": entwurf.id,
                                                        "betreff": entwurf.betreff, "text": entwurf.text})
    html = vorschau.content.decode()
    assert "Der Absender jemand@andere.example ist in VerBIS bei keinem Kunden hinterlegt" in html
    assert f"Die Mail nennt die Kundennummer {KUNDENNUMMER}, zugeordnet ist 955A300079." in html
    # Absender nicht hinterlegt: kein „Trotz Warnungen senden“, auch mit bestätigter Identität (domain.md 5.2);
    # die Meldung nennt die Vorlage mit ihrem Titel, und die Seite bietet sie an
    assert "Senden nicht möglich (1)" in html and "Vorlage „Bitte um Angaben zur Person“" in html
    assert "identitaet_unklar“" not in html and "domain.md" not in html
    assert "Entwurf verwerfen und Vorlage „Bitte um Angaben zur Person“ entwerfen" in html
    assert "Trotz Warnungen senden" not in html and 'id="senden"' not in html
    assert Antwort.objects.get(id=entwurf.id).status == Antwort.Status.ENTWURF
    client.post(f"/emb/{mail.id}/antwort/", {"aktion": "ersetzen", "antwort": entwurf.id,
                                             "vorlage": "identitaet_unklar"})
    neu = Antwort.objects.get(mail=mail)
    assert neu.id != entwurf.id and neu.vorlage == "identitaet_unklar"


def _arbeitshilfe_begonnen(client: Client, anna: Any, settings: Any) -> tuple[Mail, str]:
    """Eine Terminabsage, beansprucht und zugeordnet, die Arbeitshilfe über die Mailseite begonnen: Mail und Seite."""
    settings.KUNDENPORTAL_STICHTAG = "2020-03-24"
    _kunde()
    mail = mail_einlesen(MAIL, quelle="test").mail
    mail_beanspruchen(anna, mail.id, JETZT)
    zuordnung_bestaetigen(anna, mail.id, "terminabsage", JETZT)
    client.force_login(anna)
    client.post(f"/emb/{mail.id}/arbeitshilfe/")
    return mail, client.get(f"/emb/{mail.id}/").content.decode()


def test_mail_seite_nutzt_den_gespraechsbereich_des_telefons_und_kehrt_zur_mail_zurueck(
        client: Client, anna: Any, settings: Any) -> None:
    mail, seite = _arbeitshilfe_begonnen(client, anna, settings)
    kontakt = Mail.objects.get(id=mail.id).kontakt
    assert kontakt is not None
    # dieselbe Vorlage wie am Telefon: die Schritte gehen an das Gespräch, mit Rückkehr zur Mail
    assert f'hx-post="/kontakt/{kontakt.pk}/antwort/"' in seite and "data-frage-zuerst" in seite
    assert f'"rueckkehr": "/emb/{mail.id}/"' in seite and 'id="abbruch"' not in seite
    assert 'id="tastenhilfe"' in seite
    htmx = {"HTTP_HX_REQUEST": "true"}
    schritt = client.post(f"/kontakt/{kontakt.pk}/antwort/", {"fakt": "identitaet_geprueft", "wert": "ja",
                                                               "rueckkehr": f"/emb/{mail.id}/"}, **htmx)
    assert schritt.status_code == 200 and 'id="frage-titel"' in schritt.content.decode()
    assert 'id="abbruch"' not in schritt.content.decode()           # auch nach einem Schritt: kein Telefon-Abbruch


def test_mail_seite_fragt_nach_dem_absender_und_hilft_nur_mit_kuerzeln_die_hier_wirken(
        client: Client, anna: Any, settings: Any) -> None:
    mail, seite = _arbeitshilfe_begonnen(client, anna, settings)
    assert '<h2 id="frage-titel" tabindex="-1">Identität des Absenders anhand der Sicherheitsmerkmale geprüft?</h2>' \
        in seite and "Anrufer" not in seite
    # Tastenhilfe: Alt+S (Vermerk speichern) und Alt+A (Kontakt vorzeitig beenden) gibt es auf der Mailseite nicht
    hilfe = seite[seite.index('<dialog id="tastenhilfe"'):seite.index("</dialog>")]
    assert "Vorige Antwort ändern" in hilfe and "Option wählen" in hilfe
    assert "<kbd>S</kbd>" not in hilfe and "<kbd>A</kbd>" not in hilfe and "Vermerk speichern" not in hilfe

    kontakt = Mail.objects.get(id=mail.id).kontakt
    assert kontakt is not None      # der Schritt per htmx (gespraech.views) spricht ebenso vom Absender
    schritt = client.post(f"/kontakt/{kontakt.pk}/antwort/", {"fakt": "identitaet_geprueft", "wert": "ja",
                                                               "rueckkehr": f"/emb/{mail.id}/"},
                          HTTP_HX_REQUEST="true").content.decode()
    assert "Identität des Absenders anhand der Sicherheitsmerkmale geprüft?" in schritt and "Anrufer" not in schritt
    seite = client.get(f"/emb/{mail.id}/").content.decode()
    assert "<li>Identität des Absenders anhand der Sicherheitsmerkmale geprüft? <strong>ja</strong>" in seite
    assert "Anrufer" not in seite
    assert "Identität des Absenders anhand der Sicherheitsmerkmale geprüft? ja" in sitzung(
        Mail.objects.get(id=mail.id).kontakt).vermerk()                       # auch im Kontaktvermerk


def test_rueckkehr_nur_auf_diesen_server(client: Client, anna: Any) -> None:
    from django.test import RequestFactory

    from kundenportal.gespraech.views_schritt import _rueckkehr

    fabrik = RequestFactory()
    assert _rueckkehr(fabrik.post("/", {"rueckkehr": "/emb/7/"})) == "/emb/7/"
    for fremd in ("https://boese.example/", "//boese.example/emb/", "javascript:alert(1)", ""):
        assert _rueckkehr(fabrik.post("/", {"rueckkehr": fremd})) is None, fremd
