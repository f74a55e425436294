"""Zu lange Eingaben im echten Chromium: ein eingefügter Quelltext von mehreren MB (über der Grenze jeder Anfrage,
DATA_UPLOAD_MAX_MEMORY_SIZE) und ein zu langer Text eines Schritts werden nicht gesendet (redaktion/laenge.js) —
die Meldung steht am Feld (KERN, aria-invalid, aria-describedby), das Feld hat den Fokus, der Text bleibt; gekürzt
geht es weiter. Ohne JavaScript antwortet der Server mit „Eingabe zu groß“ (413), und „Zurück“ bringt den Text wieder."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, Request, expect

from kundenportal.konten.services import benutzer_anlegen
from kundenportal.redaktion import grenzen
from tests.browser.werkzeug import barrierefrei, chromium

from .test_browser import PASSWORT, _entwurf_sc3307

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MB = 3_000_000      # Zeichen: als Formular gesendet über 2,5 MiB


@pytest.fixture
def redaktion(db_katalog: None, live_server: Any, settings: Any) -> Any:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"
    benutzer_anlegen("b-redaktion", PASSWORT, ["redaktion"], standort="Nürnberg")
    return live_server


@pytest.fixture
def seite(redaktion: Any) -> Iterator[Page]:
    with chromium(redaktion) as page:
        yield page


@pytest.fixture
def ohne_js(redaktion: Any) -> Iterator[Page]:
    with chromium(redaktion, javascript=False) as page:
        yield page


def test_zu_langer_quelltext_wird_nicht_gesendet_und_bleibt_im_feld(seite: Page) -> None:
    page = seite
    _entwurf_sc3307(page)
    gesendet: list[str] = []

    def mitschreiben(anfrage: Request) -> None:
        if anfrage.method == "POST":
            gesendet.append(anfrage.url)

    page.on("request", mitschreiben)
    feld = page.locator("#id_text")
    expect(feld).to_have_attribute("data-hoechstens", str(grenzen.QUELLTEXT))
    expect(feld).not_to_have_attribute("maxlength", re.compile(".*"))
    gespeichert = feld.input_value()
    lang = gespeichert + "\n# " + "x" * MB
    feld.fill(lang)                      # wie Einfügen: ein input-Ereignis (die Live-Vorschau sendet nicht)
    meldung = page.locator("#id_text-laenge-fehler")
    text = (f"Quelltext: höchstens {grenzen.zahl(grenzen.QUELLTEXT)} Zeichen, eingegeben sind "
            f"{grenzen.zahl(len(lang))} — bitte kürzen.")
    expect(meldung).to_contain_text(text)
    page.get_by_role("button", name="Speichern und prüfen").click()
    expect(feld).to_be_focused()
    expect(meldung).to_have_class("kern-error")
    expect(meldung).to_contain_text("Nicht gesendet und nicht gespeichert; Ihr Text steht weiter im Feld.")
    expect(feld).to_have_attribute("aria-invalid", "true")
    expect(feld).to_have_attribute("aria-describedby", re.compile(r"\bid_text-laenge-fehler\b"))
    expect(page.locator("#gespraech-fehler")).to_have_count(0)       # keine Fehlermeldung der App-Hülle
    assert page.url.endswith("/") and len(feld.input_value()) == len(lang)     # Text ungekürzt im Feld
    # Ein Schritt-Formular sendet den Quelltext mit (htmx): auch das bleibt hier, Meldung am Quelltext.
    schritt = page.locator("#schritt-online")
    schritt.locator(":scope > details > summary").click()
    schritt.get_by_role("button", name="Schritt speichern und prüfen").click()
    expect(feld).to_be_focused()
    page.wait_for_timeout(700)                                   # länger als die Verzögerung der Live-Vorschau
    assert gesendet == [], gesendet
    barrierefrei(page, streng=True)

    # Gekürzt: die Meldung verschwindet beim Tippen, die Vorschau läuft wieder.
    feld.fill(gespeichert + "\n# gekürzt")
    expect(meldung).to_have_count(0)
    expect(feld).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#editor-status")).to_contain_text("Vorschau des ungespeicherten Quelltexts")


def test_zu_langer_text_eines_schritts_bleibt_mit_meldung_am_feld(seite: Page) -> None:
    page = seite
    _entwurf_sc3307(page)
    schritt = page.locator("#schritt-online")
    schritt.locator(":scope > details > summary").click()
    feld = schritt.get_by_label("Text für die Beschäftigten")
    lang = "Möchte der Kunde online beantragen? " * 100          # 3.600 Zeichen
    feld.fill(lang)
    schritt.get_by_label("Vermerk").focus()
    schritt.get_by_role("button", name="Schritt speichern und prüfen").click()
    meldung = page.locator("#s-online-text-laenge-fehler")
    expect(meldung).to_contain_text(f"Text für die Beschäftigten: höchstens 2.000 Zeichen, eingegeben sind "
                                    f"{grenzen.zahl(len(lang))} — bitte kürzen.")
    expect(feld).to_be_focused()
    expect(feld).to_have_value(lang)
    expect(feld).to_have_attribute("aria-describedby", "s-online-text-laenge-fehler")
    expect(page.locator("#editor-status")).not_to_contain_text("gespeichert")
    barrierefrei(page, streng=True)
    feld.fill("Möchte der Kunde das Insolvenzgeld online beantragen? (gekürzt)")
    expect(meldung).to_have_count(0)
    expect(feld).not_to_have_attribute("aria-describedby", re.compile(".*"))
    schritt.get_by_role("button", name="Schritt speichern und prüfen").click()
    expect(page.locator("#editor-status")).to_contain_text("Schritt online gespeichert")


def test_ohne_javascript_eingabe_zu_gross_und_zurueck_bringt_den_text(ohne_js: Page) -> None:
    page = ohne_js
    _entwurf_sc3307(page)
    feld = page.locator("#id_text")
    lang = feld.input_value() + "\n# " + "x" * MB
    feld.fill(lang)
    page.get_by_role("button", name="Speichern und prüfen").click()
    expect(page.get_by_role("heading", name="Die Eingabe ist zu groß", exact=True)).to_be_visible()
    expect(page.locator("main")).to_contain_text(re.compile(r"Die Eingabe ist zu groß \(2,9 MB, erlaubt sind 2,5 MB\)"))
    expect(page.locator("main")).to_contain_text("Ihr Text ist nicht gespeichert; er steht noch im Browser")
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()                    # in der App-Hülle
    page.go_back()
    expect(page.get_by_role("heading", name="Entwurf SC 3.307, Stand 01.04.2020")).to_be_visible()
    assert len(page.locator("#id_text").input_value()) == len(lang)


def test_seite_eingabe_zu_gross_ist_barrierefrei(seite: Page) -> None:
    """axe braucht JavaScript; mit JavaScript sendet laenge.js den Text nicht — hier ohne dessen Grenze am Feld."""
    page = seite
    _entwurf_sc3307(page)
    feld = page.locator("#id_text")
    feld.evaluate("f => f.removeAttribute('data-hoechstens')")
    feld.fill(feld.input_value() + "\n# " + "x" * MB)
    page.get_by_role("button", name="Speichern und prüfen").click()
    expect(page.get_by_role("heading", name="Die Eingabe ist zu groß", exact=True)).to_be_visible()
    barrierefrei(page, streng=True)
