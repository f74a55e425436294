"""Hauptnavigation nach Rolle (base.html, konten.templatetags.konten.rechte): jede Rolle sieht genau
ihre Arbeitsbereiche — E-Mail-Postfach, Quarantäne, Meine Bewertungen, Führungsprozesse — und die
aktuelle Seite ist mit aria-current markiert."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.konten import zugriff
from kundenportal.konten.services import benutzer_anlegen

pytestmark = pytest.mark.django_db


def _navigation(client: Client, adresse: str) -> dict[str, str]:
    """Einträge der Hauptnavigation: Beschriftung → Adresse (aktuelle Seite mit angehängtem ' *')."""
    html = client.get(adresse).content.decode()
    nav = re.search(r'<nav class="kopf__nav" aria-label="Hauptnavigation">(.*?)</nav>', html, re.S)
    assert nav, f"{adresse}: keine Hauptnavigation"
    eintraege = {}
    for href, attrs, text in re.findall(r'<a href="([^"]+)"([^>]*)>([^<]+)</a>', nav.group(1)):
        eintraege[text.strip()] = href + (" *" if 'aria-current="page"' in attrs else "")
    return eintraege


@pytest.mark.parametrize(("rolle", "start", "mit", "ohne"), [
    ("agent_sc3", "/arbeitsplatz/", {"Arbeitsplatz *", "Kontakt beginnen", "Meine Bewertungen"},
     {"E-Mail-Postfach", "Quarantäne", "Führungsprozesse", "Qualitätssicherung", "Zugriffsprotokoll"}),
    ("agent_emb", "/emb/", {"E-Mail-Postfach *", "Meine Bewertungen"},
     {"Quarantäne", "Führungsprozesse", "Kennzahlen"}),
    ("teamleitung", "/fuehrung/anlage-5/", {"Führungsprozesse *", "Kennzahlen", "Qualitätssicherung"},
     {"E-Mail-Postfach", "Quarantäne", "Meine Bewertungen", "Kontakt beginnen"}),
    ("os_algplus", "/postkorb/os_algplus/", {"Postkorb OS AlgPlus *"},
     {"E-Mail-Postfach", "Meine Bewertungen", "Führungsprozesse"}),
    ("administration", "/protokoll/", {"Zugriffsprotokoll *"}, {"E-Mail-Postfach", "Führungsprozesse", "Meine Bewertungen"}),
])
def test_navigation_zeigt_je_rolle_ihre_bereiche(benutzer: Callable[..., Any], client: Client, rolle: str,
                                                 start: str, mit: set[str], ohne: set[str]) -> None:
    client.force_login(benutzer(rolle))
    nav = _navigation(client, start)
    namen = {t + (" *" if h.endswith(" *") else "") for t, h in nav.items()}
    assert mit <= namen, (rolle, sorted(namen))
    assert not ({n.removesuffix(" *") for n in namen} & ohne), (rolle, sorted(namen))


def test_meine_bewertungen_und_fuehrungsprozesse_fuehren_auf_ihre_seiten(benutzer: Callable[..., Any],
                                                                         client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    assert _navigation(client, "/qs/meine/")["Meine Bewertungen"] == "/qs/meine/ *"
    client.force_login(benutzer("teamleitung"))
    nav = _navigation(client, "/qs/")
    assert nav["Führungsprozesse"] == "/fuehrung/anlage-5/" and nav["Qualitätssicherung"] == "/qs/ *"


def test_quarantaene_nur_fuer_die_teamleitung_email(client: Client) -> None:
    """Die Quarantäne folgt konten.zugriff.darf_quarantaene_sehen: die Rolle Teamleitung E-Mail sieht sie,
    eine Teamleitung, die zugleich Mails bearbeitet, nicht."""
    tl_emb = benutzer_anlegen("t-tl-emb-rolle", "geheim-123", ["teamleitung_emb"], standort="Nürnberg")
    client.force_login(tl_emb)
    assert _navigation(client, "/emb/quarantaene/").get("Quarantäne") == "/emb/quarantaene/ *"
    beides = benutzer_anlegen("t-tl-emb", "geheim-123", ["teamleitung", "agent_emb"], standort="Nürnberg")
    assert not zugriff.darf_quarantaene_sehen(beides)
    client.force_login(beides)
    nav = _navigation(client, "/emb/")
    assert nav.get("E-Mail-Postfach") == "/emb/ *" and "Quarantäne" not in nav


def test_ohne_anmeldung_keine_navigation(client: Client) -> None:
    html = client.get("/anmelden/").content.decode()
    assert 'aria-label="Hauptnavigation"' not in html and "Zum Inhalt springen" in html


def test_keine_seite_laedt_mehr_alte_regeln(benutzer: Callable[..., Any], client: Client) -> None:
    """Alle Vorlagen sind auf KERN UX umgestellt (NOCH_OHNE_KERN ist leer): static/portal/ohne-kern.css gibt es
    nicht mehr, keine Seite bindet sie ein — auch die E-Mail-Seiten nicht, die sie zuletzt brauchten."""
    client.force_login(benutzer("agent_emb"))
    assert "ohne-kern.css" not in client.get("/emb/").content.decode()
    client.force_login(benutzer("agent_sc3"))
    seite = client.get("/arbeitsplatz/").content.decode()
    assert '<body data-kern-theme="light">' in seite and "ohne-kern.css" not in seite and "portal/huelle.css" in seite
