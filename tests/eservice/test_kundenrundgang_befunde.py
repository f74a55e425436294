"""Befunde eines Rundgangs als Kundin durch den eService (zweiter Rundgang): Prüfseiten ohne Fokus auf dem
Bestätigungsknopf, Fußzeile mit Datenschutz, Barrierefreiheit, Hilfe und Impressum, Hinweis auf die abgelaufene
Sitzung, sichtbare Längengrenzen, Hinweis zur Form der Kundennummer, aktuelle Seite in der Navigation, verständliche
Worte."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.test import Client

from kundenportal.eservice.models import AnmeldeVersuch
from kundenportal.eservice.zugang import MERKER

pytestmark = pytest.mark.django_db

ANGABEN = {"fuehrerscheine": ["B"], "stellengesuch": "Lagerlogistik"}


def _termin(termin_buchen: Any, kunde: str) -> str:
    return str(termin_buchen(kunde, "2020-04-22T09:00"))


# --- 1. Prüfseiten: der Fokus liegt auf der Überschrift, nie auf dem Knopf, der bestätigt -----------------------

def test_pruefseite_der_absage_setzt_den_fokus_auf_die_ueberschrift_nicht_auf_bestaetigen(
        angemeldet: Client, kunde: str, termin_buchen: Any) -> None:
    adresse = f"/kunde/termine/{_termin(termin_buchen, kunde)}/absagen/"
    angemeldet.post(adresse, {"grund": "Ich bin krank."})
    seite = angemeldet.get(adresse + "?schritt=pruefen").content.decode()
    assert '<h1 id="pruefen-titel" tabindex="-1" autofocus>Absage prüfen</h1>' in seite
    knopf = re.search(r"<button[^>]*name=\"bestaetigt\"[^>]*>", seite)
    assert knopf is not None and "autofocus" not in knopf.group(0)
    assert seite.count("autofocus") == 1


def test_pruefseite_des_beratungsgespraechs_setzt_den_fokus_auf_die_ueberschrift(angemeldet: Client) -> None:
    angemeldet.post("/kunde/beratungsgespraech/", ANGABEN)
    seite = angemeldet.get("/kunde/beratungsgespraech/pruefen/").content.decode()
    assert '<h1 id="pruefen-titel" tabindex="-1" autofocus>Angaben prüfen</h1>' in seite
    assert seite.count("autofocus") == 1
    assert "Ihre Angaben werden in Ihrem Profil bei der Agentur für Arbeit gespeichert." in seite
    assert "Angaben aus dem eService ins Profil übernehmen" not in seite


# --- 2. Fußzeile und ihre Seiten ------------------------------------------------------------------------------

FUSS = ["Hilfe und Kontakt", "Datenschutz", "Barrierefreiheit", "Impressum"]


@pytest.mark.parametrize("adresse", ["/kunde/anmelden/", "/kunde/", "/kunde/termine/", "/kunde/datenschutz/"])
def test_jede_kundenseite_hat_die_fusszeile_in_einem_landmark(angemeldet: Client, adresse: str) -> None:
    seite = angemeldet.get(adresse, follow=True).content.decode()
    fuss = re.search(r"<footer class=\"kundenfuss\">(.*?)</footer>", seite, re.S)
    assert fuss is not None
    assert '<nav aria-label="Informationen zum eService">' in fuss.group(1)
    assert re.findall(r">([^<]+)</a>", fuss.group(1)) == FUSS


@pytest.mark.parametrize("adresse,titel", [("/kunde/datenschutz/", "Datenschutz in den eServices"),
                                           ("/kunde/barrierefreiheit/", "Erklärung zur Barrierefreiheit"),
                                           ("/kunde/hilfe/", "Hilfe und Kontakt"),
                                           ("/kunde/impressum/", "Impressum")])
def test_die_seiten_der_fusszeile_erreicht_jeder_ohne_anmeldung(client: Client, db: None, adresse: str,
                                                                titel: str) -> None:
    antwort = client.get(adresse)
    assert antwort.status_code == 200 and f"<h1>{titel}</h1>" in antwort.content.decode()
    assert 'aria-current="page"' in antwort.content.decode()


def test_datenschutz_nennt_rechtsgrundlagen_und_die_fristen_aus_den_einstellungen(client: Client, db: None,
                                                                                  settings: Any) -> None:
    settings.LOESCHFRISTEN = {**settings.LOESCHFRISTEN, "kontakte": 731, "protokoll": 402, "anmeldeversuche": 17,
                              "mails": 181}
    settings.KUNDENPORTAL_ESERVICE_DATENSCHUTZ_KONTAKT = "Datenschutzbeauftragte\nPostfach 1"
    seite = client.get("/kunde/datenschutz/").content.decode()
    for text in ("§ 35 Erstes Buch Sozialgesetzbuch", "SGB X", "Artikel 15 DSGVO", "Artikel 6 Absatz 1 Buchstabe c",
                 "731 Tage nach Abschluss", "<dd>402 Tage, dann gelöscht</dd>", "höchstens 17 Tage",
                 "181 Tage nach der Erledigung", "Datenschutzbeauftragte\nPostfach 1"):
        assert text in seite, text


def test_hilfe_nennt_die_eingestellten_nummern(client: Client, db: None, settings: Any) -> None:
    settings.KUNDENPORTAL_ESERVICE_TELEFON_TECHNIK = "0800 1 2345 67"
    settings.KUNDENPORTAL_ESERVICE_TELEFON_SERVICE = "0800 7 6543 21"
    settings.KUNDENPORTAL_ESERVICE_ZEITEN_SERVICE = "Montag bis Freitag, 9 bis 12 Uhr"
    seite = client.get("/kunde/hilfe/").content.decode()
    assert '<a href="tel:08001234567">0800 1 2345 67</a>' in seite
    assert '<a href="tel:08007654321">0800 7 6543 21</a>' in seite and "Montag bis Freitag, 9 bis 12 Uhr" in seite


def test_anmeldung_sagt_was_bei_vergessenem_passwort_oder_sperre_zu_tun_ist(client: Client, db: None) -> None:
    seite = client.get("/kunde/anmelden/").content.decode()
    assert "Passwort vergessen oder Anmeldung gesperrt?" in seite
    assert re.search(r'id="anmeldung-hilfe">.*<a href="/kunde/hilfe/">Hilfe und Kontakt</a>', seite)


# --- 3. Abgelaufene Sitzung ------------------------------------------------------------------------------------

def _anmelden(client: Client, kunde: str, passwort: str, weiter: str = "") -> Any:
    return client.post("/kunde/anmelden/", {"kundennummer": kunde, "passwort": passwort, "weiter": weiter})


def test_nach_abgelaufener_sitzung_sagt_die_anmeldung_das(client: Client, kunde: str, passwort: str) -> None:
    antwort = _anmelden(client, kunde, passwort)
    assert client.cookies[MERKER].value == "1"                    # nur ein Merker, keine Kundendaten
    assert kunde not in str(antwort.cookies[MERKER])
    client.cookies.pop("sessionid")                               # Sitzung weg (Höchstdauer, gelöscht, …)
    weiter = client.get("/kunde/termine/")
    assert weiter["Location"] == "/kunde/anmelden/?weiter=%2Fkunde%2Ftermine%2F"   # die Adresse, keine Daten
    seite = client.get(weiter["Location"]).content.decode()
    assert "Ihre Sitzung ist abgelaufen." in seite and "danach kommen Sie zurück zu der Seite" in seite
    assert 'data-sitzung-abgelaufen="1"' in seite


def test_nach_leerlauf_erscheint_die_meldung_nur_einmal(client: Client, kunde: str, passwort: str) -> None:
    _anmelden(client, kunde, passwort)
    sitzung = client.session
    sitzung["_sitzung_zuletzt"] = time.time() - 3600
    sitzung.save()
    seite = client.get("/kunde/termine/", follow=True).content.decode()
    assert "Ihre Sitzung wurde nach längerer Pause beendet." in seite
    assert "Ihre Sitzung ist abgelaufen." not in seite and 'data-sitzung-abgelaufen="1"' in seite


def test_ohne_vorherige_anmeldung_oder_nach_dem_abmelden_keine_meldung(client: Client, kunde: str,
                                                                        passwort: str) -> None:
    seite = client.get("/kunde/anmelden/").content.decode()
    assert "Ihre Sitzung ist abgelaufen." not in seite and 'data-sitzung-abgelaufen="0"' in seite
    _anmelden(client, kunde, passwort)
    abgemeldet = client.post("/kunde/abmelden/")
    assert abgemeldet.cookies[MERKER].value == "" and abgemeldet.cookies[MERKER]["max-age"] == 0
    seite = client.get(abgemeldet["Location"]).content.decode()
    assert "Sie sind abgemeldet." in seite and "Ihre Sitzung ist abgelaufen." not in seite


def test_formulare_merken_eingaben_nur_im_browser(angemeldet: Client, kunde: str, termin_buchen: Any) -> None:
    seite = angemeldet.get(f"/kunde/termine/{_termin(termin_buchen, kunde)}/absagen/").content.decode()
    assert '<form method="post" novalidate data-entwurf>' in seite
    body = re.search(r"<body[^>]*>", seite)
    assert body is not None and re.search(r'data-entwurf-schluessel="[0-9a-f]{32}"', body.group(0))
    assert kunde not in body.group(0)                              # ein HMAC, nicht die Kundennummer


def test_csrf_seite_der_kunden_ohne_technische_schuldzuweisung() -> None:
    seite = Client(enforce_csrf_checks=True).post("/kunde/anmelden/", {"kundennummer": "x"}).content.decode()
    assert "Formular nicht angenommen" in seite and "Nichts wurde gespeichert." in seite
    assert "Ihr Browser hat" not in seite and "Sicherheits-Cookie" not in seite
    assert '<a href="/kunde/hilfe/">Hilfe und Kontakt</a>' in seite


# --- 4. Längengrenzen: am Feld genannt, im Browser ohne stummes Abschneiden, am Server gemeldet -----------------

def test_grund_der_absage_nennt_die_grenze_und_schneidet_nicht_ab(angemeldet: Client, kunde: str,
                                                                  termin_buchen: Any) -> None:
    adresse = f"/kunde/termine/{_termin(termin_buchen, kunde)}/absagen/"
    seite = angemeldet.get(adresse).content.decode()
    feld = re.search(r"<textarea[^>]*name=\"grund\"[^>]*>", seite)
    assert feld is not None and "maxlength" not in feld.group(0) and 'data-hoechstens="500"' in feld.group(0)
    assert "Höchstens 500 Zeichen." in seite
    angemeldet.post(adresse, {"grund": "x" * 501})
    seite = angemeldet.get(adresse).content.decode()
    assert ('id="id_grund_error"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span><span '
            'class="kern-body">Bitte kürzen Sie Ihre Angabe auf höchstens 500 Zeichen (derzeit 501 Zeichen).') in seite


def test_stellengesuch_nennt_die_grenze_und_schneidet_nicht_ab(angemeldet: Client) -> None:
    seite = angemeldet.get("/kunde/beratungsgespraech/").content.decode()
    for name, grenze in (("stellengesuch", 1000), ("freie_angaben", 2000)):
        feld = re.search(rf"<textarea[^>]*name=\"{name}\"[^>]*>", seite)
        assert feld is not None and "maxlength" not in feld.group(0)
        assert f'data-hoechstens="{grenze}"' in feld.group(0)
    assert "Höchstens 1000 Zeichen." in seite and "höchstens 2000 Zeichen" in seite


# --- 5. Form der Kundennummer ----------------------------------------------------------------------------------

def test_falsche_form_der_kundennummer_bekommt_einen_hinweis_und_zaehlt_nicht(client: Client, kunde: str) -> None:
    antwort = client.post("/kunde/anmelden/", {"kundennummer": "12345", "passwort": "egal"})
    seite = antwort.content.decode()
    assert antwort.status_code == 400
    assert ('id="id_kundennummer_error"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span>'
            '<span class="kern-body">Bitte prüfen Sie Ihre Kundennummer. Die Kundennummer hat 10 Zeichen, z. B. '
            '123A456789. Zuerst drei Ziffern, dann ein Buchstabe, dann sechs Ziffern.') in seite
    assert "Kundennummer oder Passwort ist nicht richtig" not in seite
    assert not AnmeldeVersuch.objects.exists()                   # kein Passwort geprüft, kein Fehlversuch


def test_richtige_form_ohne_konto_bleibt_die_allgemeine_meldung(client: Client, kunde: str, passwort: str) -> None:
    seite = client.post("/kunde/anmelden/", {"kundennummer": "955x 999999", "passwort": passwort}).content.decode()
    assert "Kundennummer oder Passwort ist nicht richtig." in seite and "Zuerst drei Ziffern" not in seite
    assert AnmeldeVersuch.objects.filter(kundennummer="955X999999", erfolgreich=False).count() == 1


def test_das_feld_nennt_die_form_der_kundennummer(client: Client, db: None) -> None:
    seite = client.get("/kunde/anmelden/").content.decode()
    assert 'id="id_kundennummer_helptext">Die Kundennummer hat 10 Zeichen, z. B. 123A456789.' in seite


# --- 7./8. Navigation und Kopf ---------------------------------------------------------------------------------

@pytest.mark.parametrize("adresse,aktuell", [("/kunde/", "Übersicht"), ("/kunde/termine/", "Meine Termine"),
                                             ("/kunde/beratungsgespraech/", "Beratungsgespräch vorbereiten")])
def test_navigation_zeigt_die_aktuelle_seite(angemeldet: Client, adresse: str, aktuell: str) -> None:
    seite = angemeldet.get(adresse).content.decode()
    assert re.findall(r'aria-current="page">([^<]+)</a>', seite.split("<main")[0]) == [aktuell]


def test_zeile_offizielle_website_liegt_im_kopf(client: Client, db: None) -> None:
    seite = client.get("/kunde/anmelden/").content.decode()
    kopf = re.search(r"<header class=\"kundenkopf\">(.*?)</header>", seite, re.S)
    assert kopf is not None and "Offizielle Website – Bundesagentur für Arbeit" in kopf.group(1)
    assert seite.count("Offizielle Website") == 1


# --- 9. Worte --------------------------------------------------------------------------------------------------

def test_kalenderlinks_und_naechster_schritt_nach_der_absage(angemeldet: Client, kunde: str,
                                                             termin_buchen: Any) -> None:
    termin_id = _termin(termin_buchen, kunde)
    liste = angemeldet.get("/kunde/termine/").content.decode()
    assert "Termin vom 22.04.2020 in den Kalender übernehmen (Kalenderdatei)" in liste and ".ics)" not in liste
    adresse = f"/kunde/termine/{termin_id}/absagen/"
    angemeldet.post(adresse, {"grund": "Ich bin krank."})
    pruefen = angemeldet.get(adresse + "?schritt=pruefen").content.decode()
    assert "<dt>Wie es danach weitergeht</dt>" in pruefen
    nach = angemeldet.post(adresse, {"grund": "Ich bin krank.", "bestaetigt": "1"}, follow=True).content.decode()
    assert "Ihr Termin am 22.04.2020 um 09:00 Uhr ist abgesagt." in nach
    assert ("Wie es weitergeht: Wenn der Termin weiterhin nötig ist, meldet sich Ihre Agentur für Arbeit bei Ihnen "
            "und bietet Ihnen einen neuen Termin an.") in nach
    assert "(Kalenderdatei, entfernt den Termin)" in nach


def test_uebersicht_erklaert_die_sicherheitsstufe(angemeldet: Client) -> None:
    seite = angemeldet.get("/kunde/").content.decode()
    assert ('<p id="stufe-bedeutung">Sie können Termine ansehen und absagen und Ihr Beratungsgespräch vorbereiten. '
            'Für einige Anträge, zum Beispiel Insolvenzgeld, brauchen Sie eine höhere Stufe') in seite
