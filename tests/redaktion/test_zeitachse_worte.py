"""Die Redaktion fasst die Befunde der Zeitachse aus ihren Daten (Befund.daten: Ueberlappung, Luecke, Verdeckt) in
Worte, nicht aus dem Text der Meldung: sagt der Kern dasselbe mit anderen Worten, sieht die Redaktion dieselben
Befunde."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, replace
from typing import Any

import pytest

from kundenportal.leitfaden.fehler import Befund
from kundenportal.leitfaden.katalog import Katalog, Leitfaden
from kundenportal.leitfaden.pruefen import LEITFADEN_PRUEFUNGEN
from kundenportal.leitfaden.pruefungen.zeitachse import Luecke, Ueberlappung
from kundenportal.redaktion import pruefung
from kundenportal.redaktion.pruefung import entwurf_pruefen, zeitachse_in_worten
from tests.conftest import CONTENT

SC3307 = "leitfaeden/sc/3.307"
SC3004A = "leitfaeden/sc/3.004a"
V2 = "content/leitfaeden/sc/3.307/2020-03-20.yaml"      # gültig ab 20.03.2020, unbefristet
ENTWURF = "content/leitfaeden/sc/3.307/2020-02-01.yaml"
UEBERLAPPT = ("Der Entwurf gilt ohne „Gültig bis“ auch ab dem 20.03.2020, dem ersten Tag von SC 3.307, Stand "
              "20.03.2020 (gilt ab 20.03.2020): ab dann gilt sie (neuerer Stand), nicht der Entwurf — „Gültig bis“ "
              "auf 19.03.2020 setzen.")
LUECKE = ("Lücke vom 11.03.2020 bis 19.03.2020: nach dem Entwurf gilt bis SC 3.307, Stand 20.03.2020 (gilt ab "
          "20.03.2020) keine Fassung, und die Weisung sieht keine vor — „Gültig bis“ entfernen oder auf den Vortag "
          "setzen")


def _sc3307(stand: str, gueltig_ab: str, gueltig_bis: str = "") -> str:
    text = (CONTENT / SC3307 / "2020-03-20.yaml").read_text(encoding="utf-8")
    return text.replace("stand: 2020-03-20\ngueltig_ab: 2020-03-20", f"stand: {stand}\ngueltig_ab: {gueltig_ab}"
                        + (f"\ngueltig_bis: {gueltig_bis}" if gueltig_bis else ""))


def _sc3004a(gueltig_ab: str) -> str:
    text = (CONTENT / SC3004A / "2026-12-07.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^stand: .*$", "stand: 2026-12-10", text, count=1, flags=re.M)
    text = re.sub(r"^gueltig_bis: .*\n", "", text, count=1, flags=re.M)
    return re.sub(r"^gueltig_ab: .*$", f"gueltig_ab: {gueltig_ab}", text, count=1, flags=re.M)


Pruefung = Callable[[Katalog, Leitfaden], Iterable[Befund]]


def _mit_anderen_worten(p: Pruefung) -> Pruefung:
    """Die Prüfung des Kerns, nur dass jede Meldung mit Daten ganz anders lautet."""
    def geprueft(katalog: Katalog, lf: Leitfaden) -> list[Befund]:
        return [replace(b, meldung="der Kern sagt es jetzt anders") if b.daten is not None else b
                for b in p(katalog, lf)]
    return geprueft


FAELLE = [  # (Stichtag, Leitfaden, Ordner, Entwurf)
    ("2020-02-01", "SC 3.307", SC3307, _sc3307("2020-02-01", "2020-02-01")),                   # überlappt
    ("2020-02-01", "SC 3.307", SC3307, _sc3307("2020-02-01", "2020-02-01", "2020-03-10")),     # Lücke danach
    ("2020-02-10", "SC 3.307", SC3307, _sc3307("2020-02-01", "2020-01-15")),                   # vergangen + überlappt
    ("2026-12-07", "SC 3.004a", SC3004A, _sc3004a("2026-12-07")),  # verdeckt geplante, löst die heutige ab
    ("2026-12-07", "SC 3.004a", SC3004A, _sc3004a("2026-12-01")),
]


@pytest.mark.parametrize(("stichtag", "leitfaden", "ordner", "text"), FAELLE)
def test_die_worte_haengen_nicht_am_text_der_meldung(katalog: Katalog, settings: Any, monkeypatch: pytest.MonkeyPatch,
                                                    stichtag: str, leitfaden: str, ordner: str, text: str) -> None:
    settings.KUNDENPORTAL_STICHTAG = stichtag
    vorher = [str(b) for b in entwurf_pruefen(katalog, leitfaden, ordner, text).befunde]
    assert vorher and not [b for b in vorher if "content/" in b.split(": ", 1)[1]]
    monkeypatch.setattr(pruefung, "LEITFADEN_PRUEFUNGEN", [_mit_anderen_worten(p) for p in LEITFADEN_PRUEFUNGEN])
    nachher = [str(b) for b in entwurf_pruefen(katalog, leitfaden, ordner, text).befunde]
    assert nachher == vorher


def test_ueberlappung_und_luecke_in_worten(katalog: Katalog, settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-02-01"
    ueberlappt = entwurf_pruefen(katalog, "SC 3.307", SC3307, _sc3307("2020-02-01", "2020-02-01")).befunde
    assert [(b.datei, b.zeile, b.feld, b.meldung) for b in ueberlappt] == [(ENTWURF, 5, "gueltig_bis", UEBERLAPPT)]
    luecke = entwurf_pruefen(katalog, "SC 3.307", SC3307, _sc3307("2020-02-01", "2020-02-01", "2020-03-10")).befunde
    assert [(b.datei, b.zeile, b.feld, b.meldung) for b in luecke] == [(ENTWURF, 6, "gueltig_bis", LUECKE)]


def test_ein_befund_mit_daten_spricht_aus_den_daten(katalog: Katalog, settings: Any) -> None:
    """Gebaute Befunde mit Daten und beliebiger Meldung: die Redaktion sagt dasselbe wie zum echten Befund."""
    settings.KUNDENPORTAL_STICHTAG = "2020-02-01"
    text = _sc3307("2020-02-01", "2020-02-01")
    p = entwurf_pruefen(katalog, "SC 3.307", SC3307, text)
    assert p.katalog is not None and p.fassung is not None
    stand = dt.date(2020, 2, 1)
    befunde = [Befund(V2, 1, "gueltig_ab", "irgendwas", Ueberlappung(ENTWURF, stand, bis=dt.date(2020, 3, 19))),
               Befund(V2, 1, "gueltig_ab", "ganz etwas anderes",
                      Luecke(ENTWURF, stand, von=dt.date(2020, 3, 11), bis=dt.date(2020, 3, 19)))]
    assert [(b.feld, b.meldung) for b in zeitachse_in_worten(befunde, p.katalog, p.fassung, text)] == [
        ("gueltig_bis", UEBERLAPPT), ("gueltig_bis", LUECKE)]


def test_was_unveraendert_durchgeht_traegt_keine_daten(katalog: Katalog, settings: Any) -> None:
    """Ein Befund, den die Redaktion nicht umformuliert (hier: die geplante Fassung ab 20.03.2020 verdeckt den
    Entwurf ab 25.03.2020), geht mit Namen statt Pfaden durch — ohne Daten: die Befunde eines Entwurfs werden als JSON
    gespeichert (services/entwurf.py, asdict)."""
    settings.KUNDENPORTAL_STICHTAG = "2020-02-01"
    befunde = entwurf_pruefen(katalog, "SC 3.307", SC3307, _sc3307("2020-02-01", "2020-03-25", "2020-03-30")).befunde
    assert [(b.datei, b.meldung.split(":")[0]) for b in befunde] == [
        (V2, "gilt ab 20.03.2020 überall wie SC 3.307, Stand 01.02.2020 (gültig ab 25.03.2020)")]
    assert all(b.daten is None and b.art == "" for b in befunde)
    json.dumps([asdict(b) for b in befunde])
