"""Lesbare Sprache: Codes mit deutschem Label aus content/fakten.yaml, Umlaute, deutsches Datum und Zahl."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from django.test import Client

from kundenportal import lesbar
from tests.conftest import CONTENT

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code, text", [
    ("abmeldung_erfasst", "Abmeldung erfasst"), ("os_algplus", "OS AlgPlus"),
    ("bb_im_erwerbsleben", "Berufsberatung im Erwerbsleben"), ("arbeitsunfaehigkeit", "Arbeitsunfähigkeit"),
    ("sc3", "Service Center SGB III"), (True, "ja"), (dt.date(2026, 12, 2), "02.12.2026"),
])
def test_code_wird_label(code: object, text: str) -> None:
    assert lesbar.code(code) == text


def test_codes_im_satz_und_zahlen() -> None:
    assert lesbar.im_text("Aufgabe an os_algplus: Abmeldung (bb_im_erwerbsleben), Kanal sc3.") == (
        "Aufgabe an OS AlgPlus: Abmeldung (Berufsberatung im Erwerbsleben), Kanal Service Center SGB III.")
    assert lesbar.im_text("Gründe und Sätze bleiben unverändert.") == "Gründe und Sätze bleiben unverändert."
    assert lesbar.im_text("Was möchte der Kunde? Termin absagen") == "Was möchte der Kunde? Termin absagen"
    assert lesbar.im_text("ATV: Termin gebucht (av, Nürnberg)") == "ATV: Termin gebucht (Arbeitsvermittlung, Nürnberg)"
    assert lesbar.zahl(1234567.891, 2) == "1.234.567,89" and lesbar.zahl(None) == "–"
    assert lesbar.datum(dt.datetime(2026, 12, 2, 13, 5, tzinfo=dt.UTC)) == "02.12.2026, 14:05 Uhr"


def test_jeder_aufzaehlungswert_hat_ein_label() -> None:
    roh = yaml.safe_load((CONTENT / "fakten.yaml").read_text(encoding="utf-8"))
    werte = {str(w) for liste in roh["aufzaehlungen"].values() for w in liste}
    werte |= {str(w) for f in roh["fakten"].values() if isinstance(f["typ"], list) for w in f["typ"]}
    fehlend = sorted(w for w in werte if w not in roh["wert_texte"])
    assert not fehlend, f"content/fakten.yaml: wert_texte fehlt für {fehlend}"
    for text in roh["wert_texte"].values():
        assert not any(x in text for x in ("ae", "oe", "ue")) or text in ("Betriebsnummern-Service",), text


def test_gespraechsseite_ohne_rohe_codes(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    client.force_login(benutzer("agent_ez"))
    ort = client.post("/kontakt/starten/", {"leitfaden": "EZ 1.004a", "kundennummer": kunde})["Location"]
    client.post(f"{ort}antwort/", {"fakt": "identitaet_geprueft", "wert": "ja"})
    seite = client.get(ort).content.decode()
    assert "Arbeitsunfähigkeit" in seite and "Arbeitsunfaehigkeit" not in seite
    assert "Kanal Eingangszone" in seite and "Kanal ez" not in seite
    assert "Arbeitsvermittlung · arbeitslos" in seite          # Betreuung av
