"""Eine Abgabe an ein anderes Team trägt, worum es geht (Rundgang Postkorb, Dezember 2026): die Aufgabe „AU über
42 Kalendertage …“ zeigte OS AlgPlus nur Betreff und Kundennummer; die AU-Daten standen allein im Vermerk, den die
Beschäftigten frei bearbeiten. Ohne eigenen `text` bekommt die Aufgabe die Vermerkzeile ihres Schritts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from kundenportal.fachverfahren.ports.aufgaben import Aufgabe
from kundenportal.fachverfahren.speicher import SpeicherSysteme
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.szenario import ausfuehren, szenario_lesen
from tests.conftest import CONTENT


class Mitschnitt:
    """Die Zwillinge im Speicher; hält die Aufgaben von OS AlgPlus fest, bevor `isoliert` sie verwirft."""

    def __init__(self, zwillinge: SpeicherSysteme) -> None:
        self.zwillinge = zwillinge
        self.aufgaben: list[Aufgabe] = []

    @contextmanager
    def isoliert(self) -> Iterator[None]:
        with self.zwillinge.isoliert():
            yield
            self.aufgaben = self.zwillinge.systeme().aufgaben.liste("os_algplus")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.zwillinge, name)


def _aufgaben(katalog: Katalog, datei: str) -> list[Aufgabe]:
    test = Mitschnitt(SpeicherSysteme(katalog.standorte))
    erg = ausfuehren(katalog, szenario_lesen(CONTENT / "szenarien" / "sc" / datei), test)  # type: ignore[arg-type]
    assert erg.ok, erg.fehler
    return test.aufgaben


def test_au_ueber_42_tage_nennt_den_zeitraum(katalog: Katalog) -> None:
    [aufgabe] = _aufgaben(katalog, "sc-3004a-au-43-tage-am-20-03.yaml")
    assert aufgabe.betreff == "AU über 42 Kalendertage: Erfassung in Colibri (Leistungsfortzahlung endet)"
    assert aufgabe.text == "AU vom 14.04.2020 bis 26.05.2020 (über 42 Kalendertage) an OS AlgPlus abgegeben."


def test_rente_mit_alg_nennt_den_rentenbeginn(katalog: Katalog) -> None:
    [aufgabe] = _aufgaben(katalog, "sc-3004a-altersrente-langjaehrig-alg-am-20-03.yaml")
    assert aufgabe.text.startswith("Arbeitslosengeld: Aufgabe an OS AlgPlus (Rentenbeginn ")
    assert "{" not in aufgabe.text           # alle Platzhalter gefüllt
