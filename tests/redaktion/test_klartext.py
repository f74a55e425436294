"""Der Änderungshinweis an die Beschäftigten nennt Schritte, wie sie im Gespräch erscheinen (Frage,
Hinweis, Abschluss mit ihrem Text — nie die Schritt-Kennung), geänderten Wortlaut mit bisher → jetzt und
neue und entfallene Schritte mit ihrer Bezeichnung. Ohne Datenbank."""

from __future__ import annotations

import datetime as dt

from kundenportal.leitfaden.diff import diff
from kundenportal.leitfaden.fehler import Befund
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.laden import fassung_aus_text
from kundenportal.redaktion.klartext import klartext
from tests.conftest import CONTENT

TEXT = (CONTENT / "leitfaeden/sc/3.307/2020-03-20.yaml").read_text(encoding="utf-8").replace(
    "stand: 2020-03-20", "stand: 2020-04-01")
VORSPRACHE = """  - id: hinweis_vorsprache
    art: ende
    ergebnis: hinweis_sicherheitsstufe
    text: "Der Kunde spricht zeitnah mit gültigem Ausweisdokument in der Agentur vor (Ausweissichtverfahren)."
    vermerk: "Insolvenzgeld: Kunde erhöht die Sicherheitsstufe durch persönliche Vorsprache."
"""
TERMIN = """  - id: termin_anbieten
    art: hinweis
    text: "Bieten Sie einen Termin zur Vorsprache in der Agentur an."
    nach: hinweis_eid
"""


def _hinweis(katalog: Katalog, text: str) -> list[str]:
    befunde: list[Befund] = []
    neu = fassung_aus_text(text, "SC 3.307", "content/leitfaeden/sc/3.307/2020-04-01.yaml", befunde)
    assert neu is not None and not befunde
    alt = katalog.leitfaeden["SC 3.307"].fassung(dt.date(2020, 3, 20))
    assert alt is not None
    return klartext("Insolvenzgeld", diff(alt, neu), katalog).splitlines()


def test_geaenderter_wortlaut_mit_bisher_und_jetzt(katalog: Katalog) -> None:
    text = TEXT.replace("Möchte der Kunde das Insolvenzgeld online beantragen?", "Will der Kunde online beantragen?")
    text = text.replace('vermerk: "Insolvenzgeld: Papierantrag versandt."', 'vermerk: "Papierantrag versandt."')
    assert _hinweis(katalog, text) == [
        "Frage: Wortlaut geändert – bisher: „Möchte der Kunde das Insolvenzgeld online beantragen?“ – jetzt: "
        "„Will der Kunde online beantragen?“.",
        "Aktion „Versand (Post): papierantrag“: Vermerk geändert – bisher: „Insolvenzgeld: Papierantrag versandt.“ – jetzt: "
        "„Papierantrag versandt.“."]


def test_neue_und_entfallene_schritte_mit_ihrer_bezeichnung(katalog: Katalog) -> None:
    assert VORSPRACHE in TEXT
    text = TEXT.replace(VORSPRACHE, TERMIN).replace("vorsprache: hinweis_vorsprache", "vorsprache: termin_anbieten")
    assert _hinweis(katalog, text) == [
        "Frage „Für den Online-Antrag auf Insolvenzgeld ist mindestens das …“: Ablauf "         # am Wortende gekürzt
        "geändert (Antwortmöglichkeit).",
        "Neu: Hinweis „Bieten Sie einen Termin zur Vorsprache in der Agentur an.“.",
        "Entfällt: Abschluss „Der Kunde spricht zeitnah mit gültigem Ausweisdokument in der Agentur vor …“."]
    assert not any("termin_anbieten" in z or "hinweis_vorsprache" in z for z in _hinweis(katalog, text))


def test_gleiche_zeilen_stehen_einmal_da(katalog: Katalog) -> None:
    """Rundgang: der Hinweis zu SC 3.004a nannte dreimal dieselbe neue Prüfung. Zwei neue Hinweise mit demselben
    Text ergeben eine Zeile."""
    zwei = TERMIN + TERMIN.replace("id: termin_anbieten", "id: termin_anbieten_2")
    text = TEXT.replace(VORSPRACHE, zwei).replace("vorsprache: hinweis_vorsprache", "vorsprache: termin_anbieten")
    zeilen = _hinweis(katalog, text)
    assert zeilen.count("Neu: Hinweis „Bieten Sie einen Termin zur Vorsprache in der Agentur an.“.") == 1
    assert len(zeilen) == len(set(zeilen))
