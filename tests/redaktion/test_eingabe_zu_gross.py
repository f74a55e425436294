"""Eine Eingabe über DATA_UPLOAD_MAX_MEMORY_SIZE (ein eingefügter Text von mehreren MB, ohne JavaScript gesendet)
weist Django ab, bevor die Redaktion sie sieht. Die Antwort ist trotzdem eine deutsche Seite in der App-Hülle
(413, betrieb/fehlerseiten.py): wie groß, was erlaubt ist, dass nichts gespeichert ist und der Text noch im Browser
steht — nie ein Traceback, nie 500. Mit JavaScript kommt es dazu nicht (redaktion/laenge.js, test_browser_grenzen)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings

from kundenportal.redaktion.models import Entwurf
from tests.fixtures_katalog import Anmelden

from .werkzeug import entwurf_3307

pytestmark = pytest.mark.django_db

FORMULAR = "application/x-www-form-urlencoded"   # wie ein Formular des Browsers (ohne enctype)


def _pruefen(antwort: Any, e: Entwurf, version: int) -> None:
    html = antwort.content.decode()
    assert antwort.status_code == 413, html[:500]
    assert re.search(r"Die Eingabe ist zu groß \(\d+,\d MB, erlaubt sind 2,5 MB\)", html)
    assert "Ihr Text ist nicht gespeichert; er steht noch im Browser:" in html and "„Zurück“" in html
    assert 'aria-label="Hauptnavigation"' in html and "Abmelden" in html        # in der App-Hülle
    assert "Traceback" not in html and "RequestDataTooBig" not in html and "DATA_UPLOAD" not in html
    e.refresh_from_db()
    assert e.version == version                                               # nichts gespeichert


def test_quelltext_ueber_der_grenze_einer_anfrage_ergibt_deutsche_seite(db_katalog: None, anmelden: Anmelden,
                                                                         benutzer: Any) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    version = e.version
    # ä: 2 Bytes UTF-8 (multipart), 6 Bytes im Formular (%C3%A4) — in beiden Fällen über der Grenze.
    text = e.text + "# " + "ä" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 2)
    daten = urlencode({"text": text, "version": version})
    assert len(text.encode()) > django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    c = anmelden("redaktion")
    _pruefen(c.post(f"/redaktion/entwuerfe/{e.pk}/", daten, content_type=FORMULAR), e, version)
    # Auch als multipart/form-data (Djangos Parser zählt die Felder selbst) und im strukturierten Editor.
    _pruefen(c.post(f"/redaktion/entwuerfe/{e.pk}/", {"text": text, "version": version}), e, version)
    _pruefen(c.post(f"/redaktion/entwuerfe/{e.pk}/schritt/", urlencode(
        {"schritt": "erhoehung", "version": version, "text": text, "tun": "speichern"}), content_type=FORMULAR),
        e, version)


def test_zu_gross_auch_mit_csrf_pruefung(db_katalog: None, anmelden: Anmelden, benutzer: Any) -> None:
    """Mit CSRF-Prüfung liest schon die Middleware das Formular: dieselbe Seite, kein 403, kein 500."""
    e = entwurf_3307(benutzer("redaktion", "erste"))
    c = anmelden("redaktion", csrf=True)
    seite = c.get(f"/redaktion/entwuerfe/{e.pk}/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', seite)
    assert token
    daten = urlencode({"csrfmiddlewaretoken": token.group(1), "version": e.version,
                       "text": "x" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    _pruefen(c.post(f"/redaktion/entwuerfe/{e.pk}/", daten, content_type=FORMULAR), e, e.version)
