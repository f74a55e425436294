"""Ein ungültiger Filter der CSV des Zugriffsprotokolls: Post/Redirect/Get. Die CSV antwortet 303 auf
`/protokoll/` (ohne Query: keine Kundennummer in einer URL), die Eingaben und Meldungen zeigt die Seite einmal aus
der Sitzung — mit dem Fokus auf der Fehlerliste und ohne Download; beim nächsten Aufruf ist der Fehler vergessen.
Ein gültiger Filter lädt wie bisher herunter."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.konten.models import Zugriff
from kundenportal.konten.services import zugriff_protokollieren

pytestmark = pytest.mark.django_db
FALSCH = "955A99900!"             # Tippfehler in einer Kundennummer: keine gültige, aber nah an einer echten
MELDUNG = "Das ist keine Kundennummer"


@pytest.fixture
def verwaltung(benutzer: Callable[..., Any]) -> Client:
    c = Client()
    c.force_login(benutzer("administration", "verwalterin"))
    return c


def test_filterfehler_leitet_auf_die_seite_und_zeigt_ihn_einmal(verwaltung: Client) -> None:
    antwort = verwaltung.post("/protokoll/csv/", {"kundennummer": FALSCH, "benutzer": "agent", "aktion": "",
                                                  "von": "2026-03-10", "bis": "2026-03-01"})
    assert antwort.status_code == 303
    assert antwort["Location"] == "/protokoll/"                         # ohne Query, ohne Kundennummer
    assert FALSCH not in antwort["Location"] and "955A" not in antwort["Location"]
    assert not antwort.get("Content-Disposition")
    assert not Zugriff.objects.filter(aktion="zugriffsprotokoll_herunterladen").exists()

    seite = verwaltung.get("/protokoll/")
    html = seite.content.decode()
    assert seite["Content-Type"].startswith("text/html") and not seite.get("Content-Disposition")
    assert "<title>Fehler: Zugriffsprotokoll" in html
    liste = re.search(r'<div class="kern-alert kern-alert--danger"[^>]*>', html)
    assert liste is not None and "autofocus" in liste.group(0) and 'role="alert"' in liste.group(0)
    assert html.count("autofocus") == 1                                 # nur die Fehlerliste
    assert html.count(MELDUNG) == 2                                     # in der Liste und am Feld
    assert "„Bis“ (01.03.2026) liegt vor „Von“ (10.03.2026)." in html
    assert html.count(f'value="{FALSCH}"') == 1                          # die Eingabe steht wieder im Feld
    assert 'value="agent"' in html and 'value="2026-03-10"' in html and 'value="2026-03-01"' in html
    assert "Erst den Filter berichtigen." in html

    wieder = verwaltung.get("/protokoll/").content.decode()               # Neuladen: kein alter Fehler
    assert MELDUNG not in wieder and FALSCH not in wieder and "Fehler: Zugriffsprotokoll" not in wieder
    assert 'role="alert"' not in wieder


def test_gueltiger_filter_laedt_herunter_und_merkt_sich_nichts(benutzer: Callable[..., Any],
                                                              verwaltung: Client) -> None:
    zugriff_protokollieren(benutzer("agent_sc3", "agentin"), "kunde_suchen", kundennummer="900D000009")
    antwort = verwaltung.post("/protokoll/csv/", {"kundennummer": "900d 000009"})
    assert antwort.status_code == 200 and antwort["Content-Type"] == "text/csv; charset=utf-8"
    assert antwort["Content-Disposition"].startswith('attachment; filename="zugriffsprotokoll_')
    assert "900D000009" in antwort.content.decode("utf-8")
    assert "konten_protokoll_csv_filter" not in verwaltung.session
    assert "Fehler: Zugriffsprotokoll" not in verwaltung.get("/protokoll/").content.decode()


def test_ohne_recht_bleibt_403_ohne_sitzungseintrag(benutzer: Callable[..., Any]) -> None:
    c = Client()
    c.force_login(benutzer("agent_sc3", "agentin"))
    assert c.post("/protokoll/csv/", {"kundennummer": FALSCH}).status_code == 403
    assert "konten_protokoll_csv_filter" not in c.session
