"""Am Ende der Arbeitshilfe lädt die Mailseite neu (HX-Redirect). Dann ist der nächste Schritt die Antwort: Ihr
Titel trägt `data-ende-fokus` (emb/meldung-fokus.js setzt den Fokus dorthin, der nächste Schritt der Arbeitshilfe
beschreibt ihn). Vorher stand der Fokus auf der Überschrift der Mail, und erst etwa 20× Tab führten zur Antwort.
Nur dann: nicht vor dem Ende, nicht neben einem Entwurf oder einer gesendeten Antwort, nicht bei einem Fehler am
Feld (der behält den Fokus)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from kundenportal.emb.services import antwort_entwerfen, bearbeitung_starten
from tests.email.conftest import arbeitshilfe_durchlaufen
from tests.emb.test_rundgang_maengel import ANTWORTEN, JETZT, _uebernommen, kunde

pytestmark = pytest.mark.django_db
__all__ = ["kunde"]


def _titel(html: str) -> str:
    treffer = re.search(r'<h3[^>]*\bid="antwort-titel"[^>]*>', html)
    assert treffer is not None
    return treffer.group(0)


def test_am_ende_bekommt_die_antwort_den_fokus(client: Client, anna: Any) -> None:
    mail = _uebernommen(anna)
    ende = arbeitshilfe_durchlaufen(anna, mail.id, JETZT, ANTWORTEN)
    assert ende.art == "ende"
    client.force_login(anna)
    titel = _titel(client.get(f"/emb/{mail.id}/").content.decode())
    assert "data-ende-fokus" in titel and 'tabindex="-1"' in titel
    if ende.text:                                          # der nächste Schritt beschreibt das Ziel
        assert 'aria-describedby="anweisung"' in titel
    # neben einem Entwurf nicht (dort führt der Text der Antwort)
    antwort_entwerfen(anna, mail.id, JETZT)
    assert "data-ende-fokus" not in _titel(client.get(f"/emb/{mail.id}/").content.decode())


def test_vor_dem_ende_und_bei_fehler_am_feld_nicht(client: Client, anna: Any) -> None:
    mail = _uebernommen(anna)
    client.force_login(anna)
    assert "data-ende-fokus" not in _titel(client.get(f"/emb/{mail.id}/").content.decode())
    bearbeitung_starten(anna, mail.id, JETZT)
    assert "data-ende-fokus" not in _titel(client.get(f"/emb/{mail.id}/").content.decode())


def test_fehler_am_vermerk_behaelt_den_fokus(client: Client, anna: Any) -> None:
    mail = _uebernommen(anna)
    arbeitshilfe_durchlaufen(anna, mail.id, JETZT, ANTWORTEN)
    client.force_login(anna)
    antwort = client.post(f"/emb/{mail.id}/erledigen/", {"vermerk": ""})
    html = antwort.content.decode()
    assert antwort.status_code == 400 and 'id="vermerk-fehler"' in html       # die Meldung am Vermerk, Fokus dort
    assert "data-ende-fokus" not in _titel(html)
