"""Der Gesprächsbereich spricht die Sprache des Kanals: am Telefon „Anruf“ und „Im Gespräch“, am Empfang
„Vorsprache“, in der E-Mail-Bearbeitung „E-Mail“, „Bearbeitungsdauer“ und „In der Antwort“ (nicht „Sagen Sie“:
die Hinweise sind meist Anweisungen an die Beschäftigten)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.template.loader import render_to_string

from kundenportal.gespraech.ansicht import Ansicht
from kundenportal.gespraech.models import Kontakt


def _ansicht(kanal: str) -> Ansicht:
    k = Kontakt(pk=uuid.uuid4(), kanal=kanal, begonnen=dt.datetime(2020, 3, 20, 9, tzinfo=dt.UTC))
    return Ansicht(kontakt=k, art="frage", leitfaden_id="SC 3.003", titel="Termin", stand=dt.date(2020, 3, 20),
                   weisung="202003006", frage="Nimmt der Kunde teil?", sagen=["Vorteilsübersetzung erklären."],
                   kunde_unveraendert=True)


@pytest.mark.parametrize(("kanal", "wort", "titel", "dauer"), [
    ("sc3", "Im Gespräch", "Anruf", "Gesprächsdauer"),
    ("scfk", "Im Gespräch", "Anruf", "Gesprächsdauer"),
    ("ez", "Im Gespräch", "Vorsprache", "Gesprächsdauer"),
    ("emb", "In der Antwort", "E-Mail", "Bearbeitungsdauer"),
])
def test_wortwahl_je_kanal(kanal: str, wort: str, titel: str, dauer: str) -> None:
    a = _ansicht(kanal)
    assert a.ansage.startswith(f"{wort}: Vorteilsübersetzung erklären.")
    frage = render_to_string("gespraech/_frage.html", {"a": a, "k": a.kontakt}, using="jinja2")
    assert f"<strong>{wort}:</strong> Vorteilsübersetzung erklären." in frage
    kontext = render_to_string("gespraech/_kontext.html", {"a": a, "k": a.kontakt}, using="jinja2")
    assert f'<h2 id="anruf-titel">{titel}</h2>' in kontext and f'aria-label="{dauer}"' in kontext
