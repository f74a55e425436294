"""Eine App-Hülle (KERN UX) für jede Seite; deutsche Fehlerseiten 400/403/404/500 in der Hülle."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client

pytestmark = pytest.mark.django_db
KERN = Path(__file__).resolve().parents[2] / "kundenportal" / "static" / "kern"


def _huelle(html: str) -> None:
    assert 'href="#inhalt">Zum Inhalt springen</a>' in html
    assert '<main id="inhalt"' in html and "kern/kern.min.css" in html and '<header class="kopf">' in html


def test_kern_dateien_stimmen_mit_pruefsummen() -> None:
    zeilen = (KERN / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert len(zeilen) >= 3
    for zeile in zeilen:
        summe, name = zeile.split(maxsplit=1)
        assert hashlib.sha256((KERN / name).read_bytes()).hexdigest() == summe, name
    assert "EUPL" in (KERN / "LICENSE.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("rolle, adresse", [
    ("agent_sc3", "/arbeitsplatz/"), ("agent_sc3", "/katalog/"), ("agent_sc3", "/suche/"),
    ("agent_sc3", "/katalog/SC%203.003/"), ("teamleitung", "/qs/"), ("os_algplus", "/postkorb/os_algplus/"),
    ("agent_emb", "/emb/"), ("administration", "/protokoll/"), ("teamleitung", "/kennzahlen/"),
])
def test_jede_seite_in_der_huelle_mit_navigation_nach_rolle(benutzer: Callable[..., Any], client: Client,
                                                            rolle: str, adresse: str) -> None:
    client.force_login(benutzer(rolle))
    antwort = client.get(adresse)
    assert antwort.status_code == 200, adresse
    html = antwort.content.decode()
    _huelle(html)
    assert 'aria-label="Hauptnavigation"' in html and '<span class="kern-label">Abmelden</span></button>' in html


def test_404_deutsch_in_der_huelle(benutzer: Callable[..., Any], client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    antwort = client.get("/gibt-es-nicht/")
    assert antwort.status_code == 404
    html = antwort.content.decode()
    _huelle(html)
    assert "Seite nicht gefunden" in html and "Not Found" not in html


def test_403_deutsch_in_der_huelle(benutzer: Callable[..., Any], client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    antwort = client.get("/protokoll/")
    assert antwort.status_code == 403
    html = antwort.content.decode()
    _huelle(html)
    assert "Kein Zugriff" in html and "Forbidden" not in html
    assert "wenden Sie sich an Ihre Führungskraft oder die Administration" in html


def test_403_nennt_den_grund(benutzer: Callable[..., Any], client: Client) -> None:
    """Die Seite sagt, warum (der Text der Ablehnung), nicht nur, dass."""
    client.force_login(benutzer("agent_sc3"))
    antwort = client.get("/fuehrung/anlage-5/")
    assert antwort.status_code == 403
    assert "<strong>Die Anlagen der Führungsprozesse sieht die Teamleitung.</strong>" in antwort.content.decode()


@pytest.mark.parametrize("code, titel", [("400", "Ungültige Anfrage"), ("500", "Interner Fehler")])
def test_400_und_500_ohne_kontext_darstellbar(code: str, titel: str) -> None:
    html = render_to_string(f"{code}.html")      # Django rendert 500.html ohne Anfrage-Kontext
    _huelle(html)
    assert titel in html and f"Fehler {code}" in html
