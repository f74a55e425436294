"""Gemeinsames Werkzeug der Browser-Tests: Debian-Chromium über Playwright, axe-core, Datenbank
aus einem eigenen Thread (im Test-Thread läuft Playwrights Ereignisschleife)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

from axe_playwright_python.sync_playwright import Axe
from django.db import connection
from playwright.sync_api import Page, expect, sync_playwright

T = TypeVar("T")
# Unter Last (make test mit -n, daneben ein Lauf von make bench) brauchte ein Neuladen mit Fokus einmal länger als
# Playwrights 5 s: ein Test schlug ohne Fehler der Seite fehl. Erwartungen warten bis 15 s; gelingen sie früher,
# geht es sofort weiter.
expect.set_options(timeout=15_000)
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def datenbank(abfrage: Callable[[], T]) -> T:
    """Führt `abfrage` in einem eigenen Thread mit eigener Verbindung aus."""

    def lesen() -> T:
        try:
            return abfrage()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lesen).result()


@contextmanager
def chromium(live_server: Any, breite: int | None = None, javascript: bool = True) -> Iterator[Page]:
    """Eine Seite in Debian-Chromium (nie `playwright install`), deutsch, gegen den Live-Server;
    `javascript=False`: wie ein Browser ohne JavaScript (Formulare müssen allein tragen).

    Deutsch heißt: Sprache des Browsers (LANG/LANGUAGE, --lang) und Locale der Seite de-DE; mit den
    Sprachdateien aus Debian `chromium-l10n` (make systempakete) zeigen Datumsfelder TT.MM.JJJJ."""
    umgebung = {**os.environ, "LANG": "de_DE.UTF-8", "LANGUAGE": "de", "LC_ALL": "de_DE.UTF-8"}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", env=umgebung,
                                    args=["--headless", "--no-sandbox", "--disable-gpu", "--lang=de-DE",
                                          "--accept-lang=de-DE,de"])
        optionen: dict[str, Any] = {"locale": "de-DE", "timezone_id": "Europe/Berlin", "base_url": str(live_server),
                                    "java_script_enabled": javascript,
                                    "extra_http_headers": {"Accept-Language": "de-DE,de;q=0.9"}}
        if breite:
            optionen["viewport"] = {"width": breite, "height": 740}
        kontext = browser.new_context(**optionen)
        try:
            yield kontext.new_page()
        finally:
            kontext.close()
            browser.close()


def barrierefrei(page: Page, *, streng: bool = False) -> None:
    """axe-core (WCAG 2.1 AA): keine ernsten oder kritischen Verstöße; `streng`: gar keine. Wartet erst, bis
    das Dokument geladen ist: direkt nach einem Klick auf einen Link lief axe sonst einmal ohne Dokument."""
    page.wait_for_load_state("domcontentloaded")
    ergebnis = Axe().run(page, options=WCAG)
    if streng:
        assert ergebnis.violations_count == 0, ergebnis.generate_report()
        return
    schwer = [v for v in ergebnis.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not schwer, f"{page.url}: " + "; ".join(f"{v['id']}: {v['help']}" for v in schwer)


def frage(page: Page, text: str) -> None:
    """Wartet auf die Frage und darauf, dass die Tastatursteuerung bereit ist (Skript geladen, kein
    Schritt mehr unterwegs) — erst dann gehen Tastendrücke an die neue Frage."""
    expect(page.locator("#frage-titel")).to_have_text(text)
    expect(page.locator("html")).to_have_attribute("data-tastatur", "bereit")


def taste(page: Page, ziffer: str, naechste_frage: str) -> None:
    """Wählt per Ziffer eine Option, bestätigt mit Enter und wartet auf die nächste Frage."""
    page.keyboard.press(ziffer)
    page.keyboard.press("Enter")
    frage(page, naechste_frage)


def anmelden(page: Page, name: str, passwort: str) -> None:
    """Über die Anmeldeseite wie ein Mensch (Beschriftungen, Knopf); wartet, bis „Abmelden“ zu sehen ist."""
    page.goto("/anmelden/")
    page.get_by_label("Benutzername").fill(name)
    page.get_by_label("Passwort").fill(passwort)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()
