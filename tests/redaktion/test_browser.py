"""Die Redaktion im echten Chromium, wie eine neue Redakteurin nach `make run`: SC 3.307 als Entwurf,
Hinweistext und Bedingung ändern, Befunde, Schrittgraph und Diff sehen, ein Szenario aufzeichnen,
das Paket zur Freigabe geben; die Freigabe gibt mit Gültigkeitsdatum frei; an diesem Tag
(KUNDENPORTAL_STICHTAG) sehen Beschäftigte die neue Fassung mit Änderungshinweis und bestätigen ihn.
Jede Seite axe-sauber (WCAG 2.1 AA, keine Verstöße), die Eingaben per Tastatur."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.konten.services import benutzer_anlegen
from kundenportal.redaktion.models import Katalogdatei, Lesebestaetigung
from tests.browser.werkzeug import barrierefrei, chromium, datenbank

pytestmark = [pytest.mark.browser, pytest.mark.auch_postgres, pytest.mark.django_db(transaction=True)]
PASSWORT = "Demo-Passwort-1"
BILDER = Path(os.environ.get("KUNDENPORTAL_BILDER", "/tmp/kundenportal-bilder"))
NEUER_HINWEIS = "Weisen Sie auf die Online-Ausweisfunktion oder eine persönliche Vorsprache hin."
AUSGANGSLAGE = """kunde: {kundennummer: 955A200177, vorname: Ria, nachname: Berg, wohnort_agentur: Nürnberg}
step: {konto: true, sicherheitsstufe: basis}
"""


@pytest.fixture
def seite(db_katalog: None, live_server: Any, settings: Any) -> Iterator[Page]:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"
    for name, rolle in (("b-redaktion", "redaktion"), ("b-freigabe", "freigabe"), ("b-agent", "agent_sc3")):
        benutzer_anlegen(name, PASSWORT, [rolle], standort="Nürnberg")
    with chromium(live_server) as page:
        yield page


def anmelden(page: Page, name: str) -> None:
    page.goto("/anmelden/")
    page.get_by_label("Benutzername").fill(name)
    page.get_by_label("Passwort").fill(PASSWORT)
    page.get_by_label("Passwort").press("Enter")


def abmelden(page: Page) -> None:
    page.get_by_role("button", name="Abmelden").click()


def bild(page: Page, name: str, bereich: str = "main") -> None:
    """Bildschirmfoto zum Ansehen (nicht verglichen) unter KUNDENPORTAL_BILDER (Standard /tmp/kundenportal-bilder)."""
    BILDER.mkdir(parents=True, exist_ok=True)
    page.locator(bereich).first.screenshot(path=str(BILDER / f"redaktion-{name}.png"))


def schritt_aendern(page: Page, schritt: str, feld: str, wert: str) -> None:
    """Strukturierter Editor per Tastatur: Feld des Schritts füllen, Tab bis „Schritt speichern und prüfen“,
    Enter (vorher den Abschnitt aufklappen); htmx tauscht den Editor aus und setzt den Fokus auf den Schritt."""
    abschnitt = page.locator(f"#schritt-{schritt}")
    if abschnitt.locator(":scope > details").get_attribute("open") is None:     # zugeklappt: per Tastatur öffnen
        abschnitt.locator(":scope > details > summary").focus()
        page.keyboard.press("Enter")
    eingabe = abschnitt.get_by_label(feld, exact=True)
    eingabe.fill(wert)
    abschnitt.get_by_role("button", name="Schritt speichern und prüfen").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#editor-status")).to_contain_text(f"Schritt {schritt} gespeichert")
    expect(page.locator(f"#kopf-{schritt}")).to_be_focused()


def test_redaktion_bis_zur_bestaetigung_durch_beschaeftigte(seite: Page, settings: Any) -> None:
    page = seite
    anmelden(page, "b-redaktion")
    page.wait_for_url("**/")
    page.goto("/redaktion/")
    expect(page.get_by_role("heading", name="Redaktion", exact=True)).to_be_visible()
    barrierefrei(page, streng=True)
    bild(page, "uebersicht")

    page.get_by_label("Veröffentlichte Fassung").select_option(label="SC 3.307, Stand 20.03.2020")
    page.get_by_role("button", name="Entwurf beginnen").click()
    expect(page.get_by_role("heading", name="Entwurf SC 3.307, Stand 01.04.2020")).to_be_visible()
    barrierefrei(page, streng=True)

    schritt_aendern(page, "erhoehung", "Text für die Beschäftigten", NEUER_HINWEIS)
    schritt_aendern(page, "stufe", "Wenn (Bedingung, CEL; leer = sonst), Zeile 1", "stufe_ausweissicht && unbekannt_x")
    befunde = page.locator("ul.befunde")
    expect(befunde).to_contain_text("unbekannter Name „unbekannt_x“ (Spalte 23): weder ein Fakt aus "
                                    "content/fakten.yaml noch eine Variable einer Abfrage")
    expect(befunde.get_by_role("link", name="Schritt stufe")).to_be_visible()
    expect(page.locator("#schritt-stufe").get_by_text("Befund, Zeile")).to_contain_text("unbekannt_x")   # Befund am Schritt
    zeile = page.evaluate("() => document.getElementById('id_text').value.split('\\n')"
                          ".findIndex(z => z.includes('unbekannt_x')) + 1")
    befunde.get_by_role("button", name=f"Zeile {zeile}").click()      # springt im Quelltext auf die Zeile
    auswahl = page.evaluate("() => { const t = document.getElementById('id_text');"
                            " return t.value.substring(t.selectionStart, t.selectionEnd); }")
    assert "unbekannt_x" in auswahl               # der Befund zeigt auf sein Feld (die Bedingung), nicht den Schritt
    expect(page.locator("#id_text")).to_have_value(re.compile(r"unbekannt_x"))  # Quelltext folgt der Struktur
    bild(page, "befund", "#befunde-bereich")
    bild(page, "schritt-mit-befund", "#schritt-stufe")
    barrierefrei(page, streng=True)

    # Live-Vorschau: im Quelltext tippen, Befunde, Schritte und Graph folgen — gespeichert ist nichts.
    quelltext = page.locator("#id_text")
    quelltext.fill(quelltext.input_value().replace("stufe_ausweissicht && unbekannt_x", "stufe_ausweissicht == true"))
    expect(page.locator("#editor-status")).to_contain_text("Vorschau des ungespeicherten Quelltexts: 0 Befunde")
    expect(page.get_by_text("Keine Befunde: Schema")).to_be_visible()
    expect(page.locator("#schritt-stufe").get_by_label("Wenn (Bedingung, CEL; leer = sonst), Zeile 1")
           ).to_have_value("stufe_ausweissicht == true")
    barrierefrei(page, streng=True)
    # … und eine strukturierte Änderung übernimmt den ungespeicherten Quelltext mit (eine Speicherung).
    schritt_aendern(page, "stufe", "Regelverweis (Weisung, z. B. 2.2 a) 6)", "2.2 a) 6")
    expect(page.get_by_text("Keine Befunde: Schema")).to_be_visible()
    expect(page.locator("svg[aria-labelledby^='graph-titel']")).to_be_visible()
    diff = page.locator("#diff-bereich").get_by_role("heading", name=re.compile(r"^~ geändert: Schritt "))
    expect(diff).to_have_count(2)
    expect(page.locator("#diff ~ table ins, table ins").filter(has_text=NEUER_HINWEIS).first).to_be_visible()
    bild(page, "graph", "#graph-bereich")
    bild(page, "diff", "#diff-bereich")
    bild(page, "einfuegen", "#struktur-bereich > section:last-of-type")

    page.get_by_role("link", name="Szenario durch diesen Entwurf aufzeichnen").click()
    expect(page.get_by_label("Kennung (a-z, 0-9, -)")).to_be_visible()   # die neue Seite steht (axe sonst mitten im Laden)
    barrierefrei(page, streng=True)
    page.get_by_label("Kennung (a-z, 0-9, -)").fill("sc-3307-redaktion-basis-eid")
    page.get_by_label("Titel").fill("Basis-Stufe, Kunde nutzt die eID")
    page.get_by_label("Ausgangslage in den Fachverfahren (optional)").fill(AUSGANGSLAGE)
    page.get_by_role("button", name="Aufzeichnung beginnen").click()
    for antwort in ("ja", "ja", "Online-Ausweisfunktion (eID)"):       # Optionen mit ihrem Label, nicht als Code
        page.get_by_role("radio", name=antwort, exact=True).check()
        page.get_by_role("button", name="Antwort übernehmen").click()
    expect(page.get_by_role("heading", name="Der Weg endet")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Ergebnis: Hinweis zur Erhöhung der Sicherheitsstufe gegeben")
    barrierefrei(page, streng=True)
    bild(page, "szenario")
    page.get_by_role("button", name="Szenario speichern").click()
    expect(page.locator(".meldungen")).to_contain_text("Szenario sc-3307-redaktion-basis-eid gespeichert")

    page.get_by_role("link", name="zur Übersicht").click()
    page.get_by_text("Freigabepaket für eine Weisung anlegen").click()
    formular = page.locator("details").filter(has_text="Freigabepaket für eine Weisung anlegen")
    formular.get_by_label("Weisung (Nummer)").fill("202003006")
    formular.get_by_label("Titel").fill("Insolvenzgeld: Hinweis präzisiert")
    formular.get_by_label("Datum der Weisung").fill("2020-03-30")
    formular.get_by_label("Gültig ab (Vorschlag)").fill("2020-04-15")
    formular.get_by_label("Verbund Nürnberg", exact=True).check()          # Standortregel aus standorte.yaml
    formular.get_by_role("button", name="Paket anlegen").click()
    expect(page.get_by_role("heading", name="Freigabepaket: Weisung 202003006")).to_be_visible()
    expect(page.locator("dl.kopfdaten")).to_contain_text("Verbund Nürnberg")
    page.get_by_role("button", name="Aufnehmen").click()
    page.get_by_role("button", name="Szenario-Tor prüfen").click()
    expect(page.get_by_text(re.compile(r"^(Bestanden|Nicht bestanden): \d+ Szenari(o|en)\b"))).to_contain_text("Bestanden: ")
    expect(page.get_by_role("heading", name="Szenario-Tor")).to_be_focused()     # der Sprung zum Ergebnis trägt den Fokus
    expect(page.get_by_role("heading", name="Änderungsübersicht")).to_be_visible()
    expect(page.get_by_role("table", name=re.compile(r"Jeder Punkt der Weisung \d+ → Leitfaden → Schritte"))).to_contain_text("2.2 a) 6")
    barrierefrei(page, streng=True)
    bild(page, "paket")
    page.get_by_role("button", name="Zur Freigabe einreichen").click()
    expect(page.get_by_role("status")).to_contain_text("Zur Freigabe eingereicht")
    expect(page.get_by_role("button", name="Freigeben")).to_have_count(0)        # Autorin gibt nicht frei
    paket = page.url
    abmelden(page)

    anmelden(page, "b-freigabe")
    page.goto(paket)
    barrierefrei(page, streng=True)
    expect(page.get_by_label("Gültig ab")).to_have_value("2020-04-15")      # Vorschlag des Pakets
    bild(page, "freigabe", "#freigabe ~ form")
    page.get_by_label("Kommentar", exact=True).fill("Fachlich geprüft.")
    page.get_by_role("button", name="Freigeben", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Freigegeben: gilt ab 15.04.2020")
    expect(page.locator("dl.kopfdaten")).to_contain_text("freigegeben und geplant")
    page.get_by_role("link", name="zur Redaktion").click()
    expect(page.locator("#geplant ~ ul").first).to_contain_text("SC 3.307, Stand 01.04.2020: gilt ab 15.04.2020")
    abmelden(page)

    settings.KUNDENPORTAL_STICHTAG = "2020-04-15"
    anmelden(page, "b-agent")
    expect(page.get_by_role("heading", name="Geänderte Leitfäden")).to_be_visible()
    hinweis = page.locator(".aenderungshinweise")
    expect(hinweis).to_contain_text("Frage „Wie will der Kunde die Sicherheitsstufe erhöhen?“: Text unter der Frage")
    expect(hinweis).to_contain_text(f"„{NEUER_HINWEIS}")
    expect(hinweis).not_to_contain_text("erhoehung")
    barrierefrei(page, streng=True)
    bild(page, "hinweise", ".aenderungshinweise")
    page.goto("/kontakt/anliegen/")
    page.get_by_role("button", name="SC 3.307 Insolvenzgeld beantragen beginnen").click()
    expect(page.locator("#fassung")).to_contain_text("Stand 01.04.2020")
    expect(page.get_by_role("heading", name="Neu seit 15.04.2020", exact=True)).to_be_visible()
    barrierefrei(page)
    knopf = page.get_by_role("button", name="Gelesen: SC 3.307")
    page.evaluate("() => { window.nichtNeuGeladen = true; }")
    knopf.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Gelesen bestätigt: SC 3.307")).to_be_visible()
    expect(page.get_by_role("button", name="Gelesen: SC 3.307")).to_have_count(0)
    assert page.evaluate("() => window.nichtNeuGeladen === true")     # im Gespräch: ohne Neuladen, Getipptes bleibt
    assert datenbank(lambda: Lesebestaetigung.objects.filter(user__username="b-agent").count()) == 1
    assert datenbank(lambda: Katalogdatei.objects.get(stand="2020-04-01").gueltig_ab.isoformat()) == "2020-04-15"


@pytest.fixture
def ohne_js(db_katalog: None, live_server: Any, settings: Any) -> Iterator[Page]:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"
    benutzer_anlegen("b-redaktion", PASSWORT, ["redaktion"], standort="Nürnberg")
    with chromium(live_server, javascript=False) as page:
        yield page


def barrierefrei_wie_gesehen(page: Page) -> None:
    """axe braucht JavaScript: dieselbe Seite (gleiche Sitzung) in einem zweiten Kontext mit JavaScript prüfen."""
    browser = page.context.browser
    assert browser is not None
    kontext = browser.new_context(storage_state=page.context.storage_state(), locale="de-DE")
    try:
        zweite = kontext.new_page()
        zweite.goto(page.url)
        barrierefrei(zweite, streng=True)
    finally:
        kontext.close()


def _entwurf_sc3307(page: Page) -> None:
    """Als Redaktion anmelden und einen Entwurf aus SC 3.307 (Stand 20.03.2020) beginnen."""
    anmelden(page, "b-redaktion")
    page.wait_for_url("**/")
    page.goto("/redaktion/")
    page.get_by_label("Veröffentlichte Fassung").select_option(label="SC 3.307, Stand 20.03.2020")
    page.get_by_role("button", name="Entwurf beginnen").click()
    expect(page.get_by_role("heading", name="Entwurf SC 3.307, Stand 01.04.2020")).to_be_visible()


def test_strukturierter_editor_ohne_javascript(ohne_js: Page) -> None:
    """Ohne JavaScript tragen die Formulare allein: Schritt ändern, Art wechseln, einfügen, verschieben,
    entfernen — jede Speicherung mit Prüfung, Befunde am Schritt, Weiterleitung zum Schritt."""
    page = ohne_js
    _entwurf_sc3307(page)

    def schritt(sid: str) -> Any:
        abschnitt = page.locator(f"#schritt-{sid}")
        if abschnitt.locator(":scope > details").get_attribute("open") is None:
            abschnitt.locator(":scope > details > summary").click()
        return abschnitt

    s = schritt("papier")
    s.get_by_label("Vermerk").fill("Insolvenzgeld: Papierantrag versandt (Vordruck Insg 1).")
    s.get_by_role("button", name="Schritt speichern und prüfen").click()
    expect(page.locator(".meldungen")).to_contain_text("Schritt papier gespeichert (Version 2)")
    assert page.url.endswith("?offen=papier#schritt-papier")
    expect(page.locator("#id_text")).to_have_value(re.compile(r'vermerk: "Insolvenzgeld: Papierantrag versandt \(Vordruck'))
    expect(s.get_by_label("Parameter, Zeile 1")).to_have_value("leistung")     # Parameter der Aktion bleiben
    bild(page, "ohne-js-schritt", "#schritt-papier")

    s = schritt("online_moeglich")
    s.get_by_label("Art wechseln zu").select_option(label="Frage")
    s.get_by_role("button", name="Art wechseln").click()
    expect(page.locator("#schritt-online_moeglich").get_by_text("Befund, Zeile").first).to_be_visible()    # Befund am Schritt
    expect(page.locator("#befunde")).not_to_contain_text("(0)")
    barrierefrei_wie_gesehen(page)
    s = schritt("online_moeglich")
    s.get_by_label("Art wechseln zu").select_option(label="Ende")
    s.get_by_role("button", name="Art wechseln").click()
    s = schritt("online_moeglich")
    s.get_by_label("Ergebnis").fill("online_antrag_moeglich")
    s.get_by_role("button", name="Schritt speichern und prüfen").click()
    expect(page.get_by_text("Keine Befunde: Schema")).to_be_visible()

    einfuegen = page.locator("section").filter(has=page.get_by_role("heading", name="Schritt einfügen"))
    einfuegen.get_by_label("Kennung des neuen Schritts").fill("frist")
    einfuegen.get_by_label("Text").fill("Der Antrag ist binnen zwei Monaten nach dem Insolvenzereignis zu stellen.")
    einfuegen.get_by_label("Weiter zu (Schritt) oder Ergebnis (bei Ende)").fill("papier")
    einfuegen.get_by_label("Einfügen hinter Schritt").select_option("erhoehung")
    einfuegen.get_by_role("button", name="Schritt einfügen").click()
    expect(page.locator(".meldungen")).to_contain_text("Schritt frist eingefügt")
    expect(page.locator("ul.befunde")).to_contain_text("frist ist vom Start identitaet aus nicht erreichbar")
    s = schritt("erhoehung")
    s.get_by_label("Antwort (Option), Zeile 3").fill("abgelehnt")
    s.get_by_label("dann zu Schritt, Zeile 3").fill("frist")
    s.get_by_role("button", name="Schritt speichern und prüfen").click()
    expect(page.get_by_text("Keine Befunde: Schema")).to_be_visible()
    s = schritt("frist")
    s.get_by_role("button", name="Nach unten").click()
    expect(page.locator(".meldungen")).to_contain_text("Schritt frist nach unten verschoben")
    ids = [x.get_attribute("id") for x in page.locator("#struktur-bereich section[id^='schritt-']").all()]
    assert ids.index("schritt-frist") == ids.index("schritt-hinweis_eid") + 1
    barrierefrei_wie_gesehen(page)
    bild(page, "ohne-js-befunde", "#befunde-bereich")

    # Entfernen nur nach Rückfrage, ohne JavaScript und per Tastatur: Tab vom letzten Knopf des Schritts auf
    # „Schritt … entfernen …“, Enter klappt die Rückfrage auf, erst „Wirklich entfernen“ entfernt.
    s = schritt("frist")
    wirklich = s.get_by_role("button", name="Wirklich entfernen: Schritt frist")
    expect(wirklich).to_be_hidden()
    s.get_by_role("button", name="Art wechseln").focus()
    page.keyboard.press("Tab")
    aufklappen = s.locator("summary", has_text="Schritt frist entfernen …")
    expect(aufklappen).to_be_focused()
    page.keyboard.press("Enter")
    expect(s.get_by_text("Schritt frist wirklich entfernen?")).to_be_visible()
    expect(wirklich).to_be_visible()
    expect(page.locator("#schritt-frist")).to_have_count(1)                 # aufklappen allein entfernt nichts
    bild(page, "ohne-js-entfernen", "#schritt-frist")
    page.keyboard.press("Tab")
    expect(wirklich).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".meldungen")).to_contain_text("Schritt frist entfernt")
    expect(page.locator("#schritt-frist")).to_have_count(0)
    expect(page.locator("#id_text")).not_to_have_value(re.compile(r"id: frist\b"))


def test_schritt_entfernen_mit_htmx_erst_nach_rueckfrage(seite: Page) -> None:
    """Mit JavaScript (htmx tauscht den Editor aus) gilt dieselbe Rückfrage: aufklappen entfernt nichts, erst
    „Wirklich entfernen“ — per Tastatur, Fokus danach auf der Meldung; die Rückfrage ist axe-sauber."""
    page = seite
    _entwurf_sc3307(page)
    s = page.locator("#schritt-versandt")
    s.locator(":scope > details > summary").click()
    aufklappen = s.locator("summary", has_text="Schritt versandt entfernen …")
    aufklappen.focus()
    page.keyboard.press("Enter")
    wirklich = s.get_by_role("button", name="Wirklich entfernen: Schritt versandt")
    expect(wirklich).to_be_visible()
    barrierefrei(page, streng=True)
    wirklich.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#editor-status")).to_contain_text("Schritt versandt entfernt")
    expect(page.locator("#editor-status")).to_be_focused()
    expect(page.locator("#schritt-versandt")).to_have_count(0)
    expect(page.locator("#id_text")).not_to_have_value(re.compile(r"id: versandt\b"))
