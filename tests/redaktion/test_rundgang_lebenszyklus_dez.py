"""Rundgang einer Redakteurin durch den Lebenszyklus (Dezember 2026): die Freigabe nimmt kein „Gültig ab“ still vor
dem Vorschlag der Redaktion, ein Datum, das es nicht gibt, und ein vergangenes „Gültig ab“ am Paket werden am Feld
gemeldet, und der Rekorder zeigt den Text des Schritts, der ansteht — nicht den eines anderen Schritts mit demselben
Fakt, und nie einen ungefüllten Platzhalter."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.redaktion.aufzeichnung import weitergehen
from kundenportal.redaktion.models import Entwurf, Freigabepaket, Katalogdatei
from kundenportal.redaktion.queries import katalog_aus_datenbank
from kundenportal.redaktion.services.entwurf import entwurf_beginnen
from kundenportal.redaktion.services.freigabe import (
    FreigabeFehler,
    _nicht_vor_vorschlag,
    frueheste_freigabe,
    paket_aendern,
    paket_anlegen,
    paket_fingerabdruck,
    paket_freigeben,
)
from tests.fixtures_katalog import Anmelden

from .test_maengel_paket import _am_feld, _element, eingereicht

pytestmark = pytest.mark.django_db
__all__ = ["eingereicht"]        # Fixture aus test_maengel_paket
Benutzer = Callable[..., Any]

LAGE_3003 = {"kunde": {"kundennummer": "955A200026", "vorname": "Carla", "nachname": "Ebert",
                       "geburtsdatum": "1980-05-17", "wohnort_agentur": "Bonn", "betreuung": "reha_beratung",
                       "status": "arbeitslos", "online_asu": "keine"},
             "termine": [{"id": "T5", "bereich": "reha_beratung", "beginn": "2020-05-06T14:00", "agentur": "Bonn",
                          "status": "geplant"}]}


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


# --- Befund 4: der Rekorder zeigt den Text des anstehenden Schritts -----------------------------------------------

def test_rekorder_zeigt_den_text_des_anstehenden_schritts(db_katalog: None) -> None:
    """`verschieben_zeit` und `zeit_eigene_agentur` fragen beide `wunschtermin`: gezeigt wird der Schritt, an dem
    der Weg steht (vorher: der letzte Schritt mit dem Fakt, samt „{wohnort_agentur}“)."""
    stand = weitergehen(katalog_aus_datenbank(), leitfaden_id="SC 3.003", kanal="sc3", datum=dt.date(2020, 3, 20),
                        ausgangslage=LAGE_3003, standort="Nürnberg",
                        antworten={"identitaet_geprueft": True, "terminanliegen": "verschieben", "termin_id": "T5"})
    assert stand.frage == "wunschtermin"
    assert stand.frage_hinweis == "Bieten Sie einen freien Termin im selben Kalender an."


def test_rekorder_fuellt_die_platzhalter_wie_im_gespraech(db_katalog: None) -> None:
    """Beim Vereinbaren steht `zeit_eigene_agentur` an: „{wohnort_agentur}“ gefüllt wie im Gespräch (Bonn)."""
    stand = weitergehen(katalog_aus_datenbank(), leitfaden_id="SC 3.003", kanal="sc3", datum=dt.date(2020, 3, 20),
                        ausgangslage=LAGE_3003, standort="Nürnberg",
                        antworten={"identitaet_geprueft": True, "terminanliegen": "vereinbaren"})
    assert stand.frage == "wunschtermin", stand.ergebnis.fehler
    assert stand.frage_hinweis == "Bieten Sie die nächsten freien Termine des zuständigen Teams in Bonn an."


def test_rekorder_seite_zeigt_den_richtigen_text(db_katalog: None, benutzer: Benutzer, settings: Any) -> None:
    """Auf der Seite des Rekorders, an einem Entwurf von SC 3.003 (wie im Rundgang)."""
    settings.KUNDENPORTAL_STICHTAG = "2026-12-07"
    autorin = benutzer("redaktion", "autorin")
    basis = Katalogdatei.objects.get(pfad="leitfaeden/sc/3.003/2020-03-20.yaml")
    e = entwurf_beginnen(autorin, katalog_aus_datenbank(), basis=basis, stand=dt.date(2026, 12, 10))
    seite = html.unescape(_client(autorin).post(f"/redaktion/entwuerfe/{e.pk}/szenario/", {
        "szenario_id": "sc-3003-verschieben", "titel": "Verschieben", "datum": "2026-12-10", "kanal": "sc3",
        "standort": "Bonn", "ausgangslage": "kunde: {kundennummer: 955A200026, geburtsdatum: 1980-05-17, "
        "wohnort_agentur: Bonn, betreuung: reha_beratung}\ntermine:\n- {id: T5, bereich: reha_beratung, "
        "beginn: '2026-12-20T14:00', agentur: Bonn, status: geplant}\n",
        "antworten": '{"identitaet_geprueft": "ja", "terminanliegen": "verschieben"}',
        "fakt": "termin_id", "antwort": "T5"}).content.decode())
    assert "Im Leitfaden: Bieten Sie einen freien Termin im selben Kalender an." in seite, seite[-3000:]
    assert "{wohnort_agentur}" not in seite
    feld = seite.split('id="antwort"')[1].split(">")[0]              # Befund 5: Zeitpunkt mit Hinweis
    assert 'type="datetime-local"' in feld and 'aria-describedby="antwort_helptext"' in feld
    assert '<div class="kern-hint" id="antwort_helptext">Datum und Uhrzeit, JJJJ-MM-TTTHH:MM' in seite


# --- Befund 1: die Freigabe nimmt kein „Gültig ab“ still vor dem Vorschlag ------------------------------------------

def test_freigabe_vor_dem_vorschlag_wird_abgelehnt(eingereicht: Freigabepaket, benutzer: Benutzer) -> None:
    """Vorschlag 15.04.2020 (heute 01.04.2020): der 10.04.2020 wird nicht still genommen — die Meldung nennt den
    Vorschlag; nichts veröffentlicht. Am Vorschlag selbst wird freigegeben."""
    pruefer = benutzer("freigabe", "pruefer")
    with pytest.raises(FreigabeFehler) as fehler:
        paket_freigeben(pruefer, eingereicht.pk, gueltig_ab=dt.date(2020, 4, 10))
    assert fehler.value.code == "vor_vorschlag"
    assert fehler.value.meldung.startswith("Gültig ab: 10.04.2020 liegt vor dem, was die Redaktion vorgelegt hat. "
                                           "Der Vorschlag der Redaktion ist 15.04.2020;")
    assert "Ein Datum ab dem 15.04.2020 wählen" in fehler.value.meldung
    assert Freigabepaket.objects.get(pk=eingereicht.pk).status == Freigabepaket.ZUR_FREIGABE
    assert not Katalogdatei.objects.filter(freigabe=eingereicht).exists()
    p = paket_freigeben(pruefer, eingereicht.pk, gueltig_ab=dt.date(2020, 4, 15))
    assert (p.status, p.gueltig_ab) == (Freigabepaket.GEPLANT, dt.date(2020, 4, 15))


def test_freigabe_nach_dem_vorschlag_geht(eingereicht: Freigabepaket, benutzer: Benutzer) -> None:
    p = paket_freigeben(benutzer("freigabe", "pruefer"), eingereicht.pk, gueltig_ab=dt.date(2020, 4, 20))
    assert (p.status, p.gueltig_ab) == (Freigabepaket.GEPLANT, dt.date(2020, 4, 20))


def test_vorschlag_heute_wird_heute_freigegeben(eingereicht: Freigabepaket, benutzer: Benutzer,
                                                settings: Any) -> None:
    """Ist der Vorschlag heute (15.04.2020), geht die Freigabe ab heute weiter."""
    settings.KUNDENPORTAL_STICHTAG = "2020-04-15"
    frei = paket_freigeben(benutzer("freigabe", "pruefer"), eingereicht.pk, gueltig_ab=dt.date(2020, 4, 15))
    assert (frei.status, frei.gueltig_ab) == (Freigabepaket.GEPLANT, dt.date(2020, 4, 15))


def test_vor_dem_stand_nennt_vorschlag_und_stand(db: None) -> None:
    """Wie im Rundgang: Vorschlag und Stand 10.12.2026, freigegeben am 07.12.2026 — die Fassung gälte vor ihrem
    Stand („Stand 10.12.2026 · Gültig ab 07.12.2026“)."""
    p = Freigabepaket(weisung="202003006", titel="T", datum=dt.date(2026, 12, 1), gueltig_ab=dt.date(2026, 12, 10))
    e = Entwurf(leitfaden_id="SC 3.003", text="stand: 2026-12-10\ngueltig_ab: 2026-12-10\nschritte: []\n")
    assert frueheste_freigabe(p, [e]) == (dt.date(2026, 12, 10), "vorschlag")
    with pytest.raises(FreigabeFehler) as fehler:
        _nicht_vor_vorschlag(p, [e], dt.date(2026, 12, 7))
    assert fehler.value.meldung == (
        "Gültig ab: 07.12.2026 liegt vor dem, was die Redaktion vorgelegt hat. Der Vorschlag der Redaktion ist "
        "10.12.2026; früher freigeben heißt: die Fassung gilt vor ihrem Stand (SC 3.003, Stand 10.12.2026). Ein Datum "
        "ab dem 10.12.2026 wählen — oder zurückweisen, damit die Redaktion den Vorschlag ändert.")
    ohne_vorschlag = Freigabepaket(weisung="202003006", titel="T", datum=dt.date(2026, 12, 1))
    with pytest.raises(FreigabeFehler, match=r"die Fassung gilt vor ihrem Stand \(SC 3\.003, Stand 10\.12\.2026\)"):
        _nicht_vor_vorschlag(ohne_vorschlag, [e], dt.date(2026, 12, 7))
    _nicht_vor_vorschlag(p, [e], dt.date(2026, 12, 10))          # am Vorschlag: ja
    _nicht_vor_vorschlag(p, [e], dt.date(2026, 12, 11))          # danach: ja


def test_seite_freigabe_vor_dem_vorschlag_meldung_am_feld(eingereicht: Freigabepaket, anmelden: Anmelden) -> None:
    antwort = anmelden("freigabe").post(f"/redaktion/pakete/{eingereicht.pk}/freigeben/", {
        "freigabe-gueltig_ab": "10.04.2020", "freigabe-kommentar": "Bitte schon ab dem 10."})
    html = antwort.content.decode()
    assert antwort.status_code == 400
    _am_feld(html, "id_freigabe-gueltig_ab", "Der Vorschlag der Redaktion ist 15.04.2020;")
    assert 'value="2020-04-10"' in _element(html, "id_freigabe-gueltig_ab")
    assert "Bitte schon ab dem 10.</textarea>" in _element(html, "id_freigabe-kommentar")
    assert Freigabepaket.objects.get(pk=eingereicht.pk).status == Freigabepaket.ZUR_FREIGABE


# --- Befund 2: ein Datum, das es nicht gibt, am Paket -------------------------------------------------------------

def test_paket_anlegen_mit_datum_das_es_nicht_gibt(db_katalog: None, anmelden: Anmelden, settings: Any) -> None:
    """Kommt „31.02.2026“ beim Server an (ohne das Datumsfeld des Browsers), steht die Meldung am Feld, die Eingabe
    bleibt, nichts wird angelegt. Im Browser sendet das Datumsfeld ein solches Datum leer: das meldet
    redaktion/datum.js vor dem Absenden (Browsertest unten)."""
    settings.KUNDENPORTAL_STICHTAG = "2026-12-07"
    antwort = anmelden("redaktion").post("/redaktion/pakete/anlegen/", {
        "paket-weisung": "202003006", "paket-titel": "Februar", "paket-gueltig_ab": "31.02.2026"})
    html = antwort.content.decode()
    assert antwort.status_code == 400
    _am_feld(html, "id_paket-gueltig_ab", "Den 31.02.2026 gibt es nicht: der Februar 2026 hat 28 Tage.")
    assert 'value="31.02.2026"' in _element(html, "id_paket-gueltig_ab")
    assert not Freigabepaket.objects.exists()


def test_die_seiten_mit_datumsfeldern_laden_die_pruefung_im_browser(db_katalog: None, benutzer: Benutzer,
                                                                    settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-07"
    autorin = benutzer("redaktion", "autorin")
    c = _client(autorin)
    assert "redaktion/datum.js" in c.get("/redaktion/").content.decode()
    p = paket_anlegen(autorin, weisung="202003006", titel="T", datum=dt.date(2020, 3, 30))
    assert "redaktion/datum.js" in c.get(f"/redaktion/pakete/{p.pk}/").content.decode()


# --- Befund 3: ein vergangenes „Gültig ab“ beim Ändern wie beim Anlegen -------------------------------------------

VERGANGEN = ("Gültig ab (Vorschlag): 01.12.2026 liegt in der Vergangenheit — ein Datum ab heute (07.12.2026) "
             "wählen oder leer lassen: dann setzt es die Freigabe.")


def test_vergangenes_gueltig_ab_beim_anlegen_und_aendern(db_katalog: None, anmelden: Anmelden,
                                                         settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-07"
    c = anmelden("redaktion")
    antwort = c.post("/redaktion/pakete/anlegen/", {"paket-weisung": "202003006", "paket-titel": "Vergangen",
                                                     "paket-gueltig_ab": "01.12.2026"})
    assert antwort.status_code == 400
    _am_feld(antwort.content.decode(), "id_paket-gueltig_ab", VERGANGEN)
    assert not Freigabepaket.objects.exists()

    assert c.post("/redaktion/pakete/anlegen/", {"paket-weisung": "202003006", "paket-titel": "Heute",
                                                  "paket-gueltig_ab": "07.12.2026"}).status_code == 302
    p = Freigabepaket.objects.get()
    assert p.gueltig_ab == dt.date(2026, 12, 7)
    daten = {"aendern-weisung": p.weisung, "aendern-titel": p.titel, "aendern-datum": f"{p.datum:%d.%m.%Y}",
             "aendern-stand": "", "aendern-gueltig_ab": "01.12.2026", "aendern-gueltig_bis": "",
             "aendern-fingerabdruck": paket_fingerabdruck(p)}
    antwort = c.post(f"/redaktion/pakete/{p.pk}/aendern/", daten)
    assert antwort.status_code == 400
    _am_feld(antwort.content.decode(), "id_aendern-gueltig_ab", VERGANGEN)
    assert Freigabepaket.objects.get().gueltig_ab == dt.date(2026, 12, 7)
    assert c.post(f"/redaktion/pakete/{p.pk}/aendern/", daten | {"aendern-gueltig_ab": "10.12.2026"}
                  ).status_code == 302
    assert Freigabepaket.objects.get().gueltig_ab == dt.date(2026, 12, 10)


def test_ein_inzwischen_vergangener_vorschlag_haelt_eine_aenderung_nicht_auf(db_katalog: None, benutzer: Benutzer,
                                                                            settings: Any) -> None:
    """Unverändert bleibt ein Vorschlag stehen, der inzwischen vergangen ist: der Titel lässt sich ändern."""
    autor = benutzer("redaktion", "autorin")
    settings.KUNDENPORTAL_STICHTAG = "2026-12-01"
    p = paket_anlegen(autor, weisung="202003006", titel="Alt", datum=dt.date(2020, 3, 30),
                      gueltig_ab=dt.date(2026, 12, 1), nicht_vergangen=True)
    settings.KUNDENPORTAL_STICHTAG = "2026-12-07"
    neu = paket_aendern(autor, p.pk, fingerabdruck=paket_fingerabdruck(p), weisung="202003006", titel="Neu",
                        datum=dt.date(2020, 3, 30), gueltig_ab=dt.date(2026, 12, 1), nicht_vergangen=True)
    assert neu.titel == "Neu"
    with pytest.raises(FreigabeFehler, match="liegt in der Vergangenheit"):
        paket_aendern(autor, p.pk, fingerabdruck=paket_fingerabdruck(neu), weisung="202003006", titel="Neu",
                      datum=dt.date(2020, 3, 30), gueltig_ab=dt.date(2026, 11, 30), nicht_vergangen=True)


# --- Befund 5: der Rekorder sagt vor dem Absenden, welche Schreibweise ein Zeitpunkt braucht ----------------------

def test_rekorder_zeitpunkt_als_datum_mit_uhrzeit(db_katalog: None) -> None:
    stand = weitergehen(katalog_aus_datenbank(), leitfaden_id="SC 3.003", kanal="sc3", datum=dt.date(2020, 3, 20),
                        ausgangslage=LAGE_3003, standort="Nürnberg",
                        antworten={"identitaet_geprueft": True, "terminanliegen": "verschieben", "termin_id": "T5"})
    assert stand.optionen == []
    assert (stand.eingabe_typ, stand.eingabe_hinweis) == (
        "datetime-local", "Datum und Uhrzeit, JJJJ-MM-TTTHH:MM (z. B. 2026-12-10T09:30).")


# --- Im Browser: das Datumsfeld sendet 31.02.2026 nicht still leer -------------------------------------------------

@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_browser_datum_das_es_nicht_gibt_wird_nicht_still_verworfen(db_katalog: None, live_server: Any,
                                                                    settings: Any) -> None:
    """„Gültig ab (Vorschlag)“ = 31.02.2026 im Datumsfeld von Chromium: vorher ein Paket ohne Datum („wird bei der
    Freigabe gesetzt“); jetzt nicht gesendet, Meldung am Feld, Fokus dort, nichts angelegt. Korrigiert: angelegt."""
    from playwright.sync_api import expect

    from kundenportal.konten.services import benutzer_anlegen
    from tests.browser.werkzeug import chromium, datenbank

    settings.KUNDENPORTAL_STICHTAG = "2026-12-07"
    benutzer_anlegen("d-redaktion", "Demo-Passwort-1", ["redaktion"], standort="Nürnberg")
    with chromium(live_server) as page:
        page.goto("/anmelden/")
        page.get_by_label("Benutzername").fill("d-redaktion")
        page.get_by_label("Passwort").fill("Demo-Passwort-1")
        page.get_by_label("Passwort").press("Enter")
        page.wait_for_url("**/")
        page.goto("/redaktion/")
        page.locator("summary", has_text="Freigabepaket für eine Weisung anlegen").click()
        page.locator("#id_paket-weisung").fill("202003006")
        page.locator("#id_paket-titel").fill("Februar")
        feld = page.locator("#id_paket-gueltig_ab")
        feld.focus()
        page.keyboard.type("31022026")
        assert feld.evaluate("f => f.validity.badInput")
        feld.press("Enter")
        meldung = page.locator("#id_paket-gueltig_ab-datum-fehler")
        expect(meldung).to_contain_text("Dieses Datum gibt es nicht")
        expect(feld).to_be_focused()
        expect(feld).to_have_attribute("aria-invalid", "true")
        assert "id_paket-gueltig_ab-datum-fehler" in (feld.get_attribute("aria-describedby") or "")
        assert datenbank(lambda: Freigabepaket.objects.count()) == 0
        assert page.url.endswith("/redaktion/")
        feld.fill("2026-12-10")                  # korrigiert (der Kalender des Felds)
        expect(meldung).to_have_count(0)         # die Meldung geht mit der Korrektur
        feld.press("Enter")
        page.wait_for_url("**/pakete/*/")
        expect(page.get_by_text("10.12.2026")).to_be_visible()
        assert datenbank(lambda: Freigabepaket.objects.get().gueltig_ab) == dt.date(2026, 12, 10)
