"""Ein Kunde füllt im Browser (Chromium, 375 bzw. 390 px breit) den eService „Beratungsgespräch vorbereiten“
aus, sieht an seinen Terminen Ort und Unterlagen und sagt einen Termin ab; jede Seite ist axe-core-sauber
(WCAG 2.1 AA)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from kundenportal.eservice.demo import DEMO_PASSWORT, demokunden_anlegen
from kundenportal.eservice.services import kundenkonto_anlegen
from kundenportal.fachverfahren.referenz import models as m
from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.fachverfahren.registry import systeme
from tests.browser import werkzeug
from tests.browser.werkzeug import datenbank

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BERLIN = ZoneInfo("Europe/Berlin")

KUNDE, PASSWORT = "955A100002", "Geheim-2020!"
FOTOS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def kunde(settings: pytest.FixtureRequest) -> str:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"  # type: ignore[attr-defined]
    ausgangslage_laden({"kunde": {"kundennummer": KUNDE, "vorname": "Aylin", "nachname": "Demir",
                                  "wohnort_agentur": "Köln", "online_asu": "abgeschlossen"},
                        "step": {"konto": True, "sicherheitsstufe": "basis"}})
    kundenkonto_anlegen(KUNDE, PASSWORT)
    return KUNDE


@pytest.fixture
def seite(live_server: object) -> Iterator[Page]:
    with werkzeug.chromium(live_server, breite=375) as page:
        yield page



def barrierefrei(page: Page) -> None:
    werkzeug.barrierefrei(page, streng=True)
    page.wait_for_load_state("load")                     # Stilvorlagen angewandt, erst dann messen
    breite, fenster = page.evaluate("document.documentElement.scrollWidth"), (page.viewport_size or {})["width"]
    assert breite <= fenster, f"Seite ist {breite} px breit: waagerechtes Scrollen bei {fenster} px"


def menue(page: Page, name: str) -> None:
    """Ein Eintrag der Hauptnavigation: bei 375 px liegt sie hinter dem Knopf „Menü“ (Kopf kompakt auf dem Telefon)."""
    knopf = page.get_by_role("button", name="Menü")
    if knopf.is_visible() and knopf.get_attribute("aria-expanded") != "true":
        knopf.click()
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name=name).click()


def anmelden(page: Page) -> None:
    page.goto("/kunde/")
    expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()
    barrierefrei(page)
    page.get_by_label("Kundennummer").fill(KUNDE)
    page.get_by_label("Passwort").fill(PASSWORT)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_text("Basis (Identität nicht geprüft)")).to_be_visible()
    barrierefrei(page)
    FOTOS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(FOTOS / "kunde-uebersicht.png"), full_page=True)


def test_kunde_fuellt_den_eservice_beratungsgespraech_aus(kunde: str, seite: Page) -> None:
    anmelden(seite)
    seite.get_by_role("link", name="Beratungsgespräch vorbereiten").first.click()
    barrierefrei(seite)
    seite.get_by_label("B – Pkw bis 3,5 t").check()
    seite.get_by_label("C1 – Lkw bis 7,5 t", exact=True).check()
    seite.get_by_label("Pkw", exact=True).check()
    seite.get_by_label("Sprache 1").fill("Englisch")
    seite.get_by_role("button", name="Weiter zur Zusammenfassung").click()

    fehler = seite.locator("#id_niveau_1_error")
    expect(fehler).to_have_text("Bitte wählen Sie das Niveau für „Englisch“.")
    expect(seite.get_by_role("combobox", name="Niveau").first).to_have_attribute("aria-describedby",
                                                                                 "id_niveau_1_error")
    barrierefrei(seite)
    seite.locator("#id_niveau_1").select_option("B2")
    seite.get_by_label("Welche Stelle suchen Sie?").fill("Lagerlogistik, Staplerfahrerin")
    seite.get_by_role("button", name="Weiter zur Zusammenfassung").click()

    expect(seite.get_by_role("heading", name="Angaben prüfen")).to_be_visible()
    expect(seite.get_by_text("Englisch (B2)")).to_be_visible()
    expect(seite.locator("#vorhaben")).to_contain_text("Ihre Angaben werden in Ihrem Profil bei der Agentur für Arbeit gespeichert.")
    assert not datenbank(lambda: m.VerbisProfil.objects.filter(kunde__kundennummer=KUNDE).exists())
    barrierefrei(seite)
    FOTOS.mkdir(parents=True, exist_ok=True)
    seite.screenshot(path=str(FOTOS / "kunde-pruefen.png"), full_page=True)
    seite.get_by_role("button", name="Angaben absenden").click()
    expect(seite.get_by_role("heading", name="Vielen Dank – Ihre Angaben sind übermittelt")).to_be_visible()
    barrierefrei(seite)

    profil = datenbank(lambda: m.VerbisProfil.objects.get(kunde__kundennummer=KUNDE))
    assert profil.fuehrerscheine == ["B", "C1"] and profil.fahrzeuge == ["pkw"]
    assert profil.sprachkenntnisse == [{"sprache": "Englisch", "niveau": "B2"}]


@pytest.fixture
def termin_id(kunde: str) -> str:
    beginn = dt.datetime(2020, 4, 22, 9, tzinfo=BERLIN)
    return systeme().atv.termin_buchen(kunde, "av", "Köln", beginn, "Köln/av", "test").id


def test_kunde_sagt_einen_termin_ab(termin_id: str, seite: Page) -> None:
    anmelden(seite)
    menue(seite, "Meine Termine")
    barrierefrei(seite)
    seite.get_by_role("link", name="Termin vom 22.04.2020 absagen").click()
    barrierefrei(seite)
    seite.get_by_role("button", name="Weiter zur Prüfung").click()
    expect(seite.locator("#id_grund_error")).to_have_text("Bitte geben Sie einen Grund für die Absage an.")
    barrierefrei(seite)
    seite.get_by_label("Grund der Absage").fill("Ich habe eine Arbeit aufgenommen.")
    seite.get_by_role("button", name="Weiter zur Prüfung").click()
    expect(seite.locator("#absage-pruefen")).to_contain_text("Ich habe eine Arbeit aufgenommen.")
    expect(seite.locator("#pruefen-titel")).to_be_focused()     # erst lesen: der Fokus nicht auf „bestätigen“
    barrierefrei(seite)
    seite.screenshot(path=str(FOTOS / "kunde-absage-pruefen.png"), full_page=True)
    assert datenbank(lambda: m.Termin.objects.get(termin_id=termin_id).status) == "geplant"
    seite.get_by_role("button", name="Absage bestätigen").focus()
    seite.keyboard.press("Enter")
    expect(seite.get_by_text("Ihr Termin am 22.04.2020 um 09:00 Uhr ist abgesagt.")).to_be_visible()
    expect(seite.locator("#meldungen")).to_be_focused()       # Tastatur und Screenreader bei der Meldung
    seite.go_back()                                           # „Zurück“: keine Rückfrage zum erneuten Senden,
    expect(seite).to_have_url(re.compile(r"/kunde/termine/$"))   # sondern die Terminliste mit dem Stand
    expect(seite.get_by_text("Dieser Termin ist nicht mehr geplant")).to_be_visible()
    barrierefrei(seite)

    gespeichert = datenbank(lambda: m.Termin.objects.get(termin_id=termin_id))
    assert (gespeichert.status, gespeichert.absagegrund, gespeichert.abgesagt_von) == (
        "abgesagt", "Ich habe eine Arbeit aufgenommen.", f"kunde:{KUNDE}")


# --- Rundgang als Kundin: wo ist der Termin, was bringe ich mit, wann habe ich meine Angaben übermittelt? ----------

def test_kundin_sieht_ort_unterlagen_und_wann_sie_ihre_angaben_uebermittelt_hat(termin_id: str,
                                                                                  live_server: object) -> None:
    beginn = dt.datetime(2020, 4, 23, 10, tzinfo=BERLIN)
    systeme().atv.termin_buchen(KUNDE, "kiz_video", "Köln", beginn, "kiz-video-west", "test")
    with werkzeug.chromium(live_server, breite=390) as seite:
        anmelden(seite)
        menue(seite, "Meine Termine")
        vor_ort = seite.locator("ul.termine > li").filter(has=seite.get_by_role(
            "heading", name="Mittwoch, 22.04.2020, 09:00 Uhr"))
        expect(vor_ort).to_contain_text("Arbeitsvermittlung")
        expect(vor_ort.locator("dd").first).to_contain_text("Agentur für Arbeit Köln")
        expect(vor_ort.locator("dd").first).to_contain_text("Die Anschrift und den Raum finden Sie in Ihrer Einladung.")
        mitbringen = vor_ort.locator("ul.mitbringen > li")
        expect(mitbringen.first).to_have_text("Ihre Einladung (Brief oder E-Mail der Agentur für Arbeit)")
        expect(mitbringen.filter(has_text="Personalausweis oder Reisepass")).to_have_count(1)
        expect(mitbringen.filter(has_text="Ihren aktuellen Lebenslauf")).to_have_count(1)
        video = seite.locator("ul.termine > li").filter(has=seite.get_by_role(
            "heading", name="Donnerstag, 23.04.2020, 10:00 Uhr"))
        expect(video.locator("dd").first).to_contain_text("per Video, Familienkasse Köln")
        expect(video.locator("dd").first).to_contain_text("Sie müssen nirgendwo hingehen.")
        expect(video.get_by_text("Agentur für Arbeit Köln")).to_have_count(0)
        expect(video.locator("dt").nth(1)).to_have_text("Was lege ich bereit?")
        barrierefrei(seite)
        FOTOS.mkdir(parents=True, exist_ok=True)
        seite.screenshot(path=str(FOTOS / "kunde-termine-ort-mitbringen-390.png"), full_page=True)

        menue(seite, "Beratungsgespräch vorbereiten")
        expect(seite.locator("#uebermittelt")).to_have_count(0)          # noch nichts übermittelt
        seite.get_by_label("B – Pkw bis 3,5 t").check()
        seite.get_by_label("Welche Stelle suchen Sie?").fill("Lagerlogistik")
        seite.get_by_role("button", name="Weiter zur Zusammenfassung").click()
        expect(seite.locator("#pruefen-titel")).to_be_focused()
        seite.get_by_role("button", name="Angaben absenden").focus()
        seite.keyboard.press("Enter")
        uebermittelt = re.compile(r"Übermittelt am 01\.04\.2020 um \d\d:\d\d Uhr\.")
        expect(seite.locator("#uebermittelt")).to_have_text(uebermittelt)
        barrierefrei(seite)
        seite.screenshot(path=str(FOTOS / "kunde-uebermittelt-390.png"), full_page=True)
        uhrzeit = seite.locator("#uebermittelt time").inner_text()

        menue(seite, "Übersicht")
        expect(seite.locator("#uebermittelt")).to_have_text(f"Ihre Angaben sind übermittelt – zuletzt am {uhrzeit}.")
        expect(seite.get_by_role("link", name="Angaben ansehen oder ändern")).to_be_visible()
        barrierefrei(seite)
        seite.screenshot(path=str(FOTOS / "kunde-uebersicht-uebermittelt-390.png"), full_page=True)
        menue(seite, "Beratungsgespräch vorbereiten")
        expect(seite.locator("#uebermittelt")).to_contain_text(f"Zuletzt übermittelt am {uhrzeit}")
        barrierefrei(seite)


# --- „Zurück“ nach einem Eingabefehler (Rundgang als Kundin) --------------------------------------------
# Vorher war die Fehlerseite die Antwort auf einen POST (400, no-store): „Zurück“ von der Prüfseite zeigte
# Chromiums „Erneute Formular-Übermittlung bestätigen … ERR_CACHE_MISS“. Jetzt Post/Redirect/Get auch im Fehlerfall.

def _zurueck(seite: Page, adresse: str) -> None:
    """„Zurück“ im Browser: eine frisch per GET geladene Seite, keine Rückfrage, keine Fehlerseite des Browsers."""
    antwort = seite.go_back()
    assert antwort is not None and antwort.request.method == "GET" and antwort.status == 200
    expect(seite).to_have_url(re.compile(re.escape(adresse) + "$"))
    assert "ERR_CACHE_MISS" not in seite.content()


def test_zurueck_nach_fehler_im_beratungsgespraech_zeigt_das_formular_mit_den_angaben(kunde: str,
                                                                                       seite: Page) -> None:
    anmelden(seite)
    seite.get_by_role("link", name="Beratungsgespräch vorbereiten").first.click()
    seite.get_by_label("B – Pkw bis 3,5 t").check()
    seite.get_by_label("Sprache 1").fill("Englisch")
    seite.get_by_label("Welche Stelle suchen Sie?").fill("Lagerlogistik")
    seite.get_by_role("button", name="Weiter zur Zusammenfassung").click()

    expect(seite.locator("#fehlerliste")).to_contain_text("Bitte wählen Sie das Niveau für „Englisch“.")
    expect(seite).to_have_url(re.compile(r"/kunde/beratungsgespraech/\?eingabe=abgelehnt$"))
    seite.reload()                                              # Neuladen: keine Rückfrage, dieselbe Seite
    expect(seite.locator("#fehlerliste")).to_contain_text("Bitte wählen Sie das Niveau für „Englisch“.")
    expect(seite.get_by_label("Sprache 1")).to_have_value("Englisch")
    barrierefrei(seite)

    seite.locator("#id_niveau_1").select_option("B2")
    seite.get_by_role("button", name="Weiter zur Zusammenfassung").click()
    expect(seite.get_by_role("heading", name="Angaben prüfen")).to_be_visible()

    _zurueck(seite, "/kunde/beratungsgespraech/?eingabe=abgelehnt")    # der Eintrag nach dem Fehler
    expect(seite.get_by_role("heading", level=1)).to_have_text("Beratungsgespräch vorbereiten")
    expect(seite.get_by_label("B – Pkw bis 3,5 t")).to_be_checked()
    expect(seite.get_by_label("Sprache 1")).to_have_value("Englisch")
    expect(seite.locator("#id_niveau_1")).to_have_value("B2")
    expect(seite.get_by_label("Welche Stelle suchen Sie?")).to_have_value("Lagerlogistik")
    expect(seite.locator("#fehlerliste")).to_have_count(0)      # korrigiert: keine alten Meldungen
    barrierefrei(seite)
    assert not datenbank(lambda: m.VerbisProfil.objects.filter(kunde__kundennummer=KUNDE).exists())


def test_zurueck_nach_fehler_bei_der_absage_zeigt_das_formular_mit_dem_grund(termin_id: str, seite: Page) -> None:
    anmelden(seite)
    menue(seite, "Meine Termine")
    seite.get_by_role("link", name="Termin vom 22.04.2020 absagen").click()
    seite.get_by_role("button", name="Weiter zur Prüfung").click()
    expect(seite.locator("#id_grund_error")).to_have_text("Bitte geben Sie einen Grund für die Absage an.")
    expect(seite).to_have_url(re.compile(rf"/kunde/termine/{termin_id}/absagen/$"))
    barrierefrei(seite)

    seite.get_by_label("Grund der Absage").fill("Ich habe eine Arbeit aufgenommen.")
    seite.get_by_role("button", name="Weiter zur Prüfung").click()
    expect(seite.get_by_role("heading", name="Absage prüfen")).to_be_visible()

    _zurueck(seite, f"/kunde/termine/{termin_id}/absagen/")
    expect(seite.get_by_role("heading", level=1)).to_have_text("Termin absagen")
    expect(seite.get_by_label("Grund der Absage")).to_have_value("Ich habe eine Arbeit aufgenommen.")
    expect(seite.locator("#fehlerliste")).to_have_count(0)
    barrierefrei(seite)
    assert datenbank(lambda: m.Termin.objects.get(termin_id=termin_id).status) == "geplant"


def test_zurueck_zur_fehlerseite_zeigt_eingabe_und_meldungen(termin_id: str, seite: Page) -> None:
    """Wer die Fehlerseite verlässt, ohne zu korrigieren, findet mit „Zurück“ Eingabe und Meldung wieder."""
    anmelden(seite)
    seite.goto(f"/kunde/termine/{termin_id}/absagen/")
    seite.get_by_label("Grund der Absage").fill("ab")
    seite.get_by_role("button", name="Weiter zur Prüfung").click()
    expect(seite.locator("#id_grund_error")).to_contain_text("mindestens 3 Zeichen")
    menue(seite, "Übersicht")
    expect(seite.get_by_role("heading", level=1)).to_contain_text("Willkommen")

    _zurueck(seite, f"/kunde/termine/{termin_id}/absagen/")
    expect(seite.get_by_label("Grund der Absage")).to_have_value("ab")
    expect(seite.locator("#id_grund_error")).to_contain_text("mindestens 3 Zeichen")
    barrierefrei(seite)


def test_demokundin_ohne_abgeschlossene_asu_erfaehrt_warum_und_was_zu_tun_ist(settings: pytest.FixtureRequest,
                                                                               seite: Page) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"  # type: ignore[attr-defined]
    datenbank(lambda: demokunden_anlegen(dt.date(2020, 4, 1)))
    seite.goto("/kunde/anmelden/")
    seite.get_by_label("Kundennummer").fill("955D100002")
    seite.get_by_label("Passwort").fill(DEMO_PASSWORT)
    seite.get_by_role("button", name="Anmelden").click()
    expect(seite.get_by_role("heading", name="Was Sie tun können")).to_be_visible()
    barrierefrei(seite)
    menue(seite, "Beratungsgespräch vorbereiten")
    expect(seite.get_by_text("Sie können Ihr Beratungsgespräch hier zurzeit nicht vorbereiten.")).to_be_visible()
    expect(seite.locator("#nicht-verfuegbar-weg")).to_contain_text("Agentur für Arbeit Nürnberg")
    expect(seite.get_by_text("gespeichert")).to_have_count(0)
    barrierefrei(seite)
