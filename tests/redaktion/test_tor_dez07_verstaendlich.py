"""Rundgang 07.12.2026 (SC 3.004a hat geplante Fassungen ab 08.12. und 09.12.): Tor und Befunde in Worten.

1. Ein Entwurf mit neuerem Stand ersetzt an den Tagen der Projektszenarien die Fassung, die sie erwarten (der neueste
   Stand unter den gültigen gewinnt, leitfaden/gueltigkeit.py). Das Tor bleibt zu — es schützt die geplanten
   Korrekturen —, nennt aber je ersetzter Fassung Grund und Abhilfe, und der Satz oben nennt diesen Grund.
2. Die Befunde der Zeitachse stehen am Entwurf, ohne Dateipfad und ohne YAML-Schlüssel, und raten nie, eine
   veröffentlichte Fassung zu ändern."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from kundenportal.leitfaden.katalog import Katalog
from kundenportal.redaktion.models import Katalogdatei
from kundenportal.redaktion.pruefung import entwurf_pruefen
from kundenportal.redaktion.queries import katalog_aus_datenbank
from kundenportal.redaktion.services.entwurf import entwurf_beginnen, entwurf_speichern, kopf_setzen
from kundenportal.redaktion.services.freigabe import entwurf_zuordnen, paket_anlegen, tor_laufen_lassen
from kundenportal.redaktion.tor import zusammenfassung
from tests.conftest import CONTENT

ORDNER = "leitfaeden/sc/3.004a"
ENTWURF = "content/leitfaeden/sc/3.004a/2026-12-10.yaml"
GEPLANT = ("SC 3.004a, Stand 08.12.2026 (gilt ab 08.12.2026) und SC 3.004a, Stand 09.12.2026 (gilt ab 09.12.2026)")


def _entwurf(gueltig_ab: str) -> str:
    text = (CONTENT / ORDNER / "2026-12-07.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^stand: .*$", "stand: 2026-12-10", text, count=1, flags=re.M)
    text = re.sub(r"^gueltig_bis: .*\n", "", text, count=1, flags=re.M)      # wie entwurf_beginnen: ohne Ende
    return re.sub(r"^gueltig_ab: .*$", f"gueltig_ab: {gueltig_ab}", text, count=1, flags=re.M)


@pytest.mark.parametrize("gueltig_ab", ["2026-12-07", "2026-12-01"])
def test_die_zeitachse_spricht_in_worten_am_entwurf(katalog: Katalog, settings: Any, gueltig_ab: str) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-07"
    befunde = entwurf_pruefen(katalog, "SC 3.004a", ORDNER, _entwurf(gueltig_ab)).befunde
    assert {b.datei for b in befunde} == {ENTWURF}                  # die Zeile steht im Entwurf
    assert not [b for b in befunde if "content/" in b.meldung or "gueltig_ab:" in b.meldung
                or "gueltig_bis auf" in b.meldung or "dort " in b.meldung]
    verdeckt = [b.meldung for b in befunde if b.feld == "gueltig_ab" and "Vergangenheit" not in b.meldung]
    assert verdeckt == [
        f"Der Entwurf gilt ab 07.12.2026 überall und ohne Ende — also an jedem Tag von {GEPLANT}. Als neuerer Stand "
        "ersetzte er sie ganz: sie gälten nie, ihre Änderungen fielen weg. Soll jede ab ihrem Tag gelten: „Gültig bis“ "
        "auf 07.12.2026 setzen (der Entwurf gilt dann nur bis dahin). Soll der Entwurf sie ablösen: „Gültig ab“ auf "
        "einen Tag nach dem 09.12.2026 setzen und den Entwurf mit SC 3.004a, Stand 09.12.2026 als Basis beginnen, "
        "damit ihre Änderungen erhalten bleiben."]
    assert len(befunde) == (2 if gueltig_ab < "2026-12-07" else 1)  # die heute geltende Fassung löst er ab: kein Befund


def test_das_tor_nennt_die_ersetzte_geplante_fassung(db_katalog: None, settings: Any, benutzer: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-07"
    autorin = benutzer("redaktion")
    basis = Katalogdatei.objects.get(pfad=f"{ORDNER}/2026-12-07.yaml")
    e = entwurf_beginnen(autorin, katalog_aus_datenbank(), basis=basis, stand=dt.date(2026, 12, 10))
    e, _ = entwurf_speichern(autorin, e.pk, katalog_aus_datenbank(), text=kopf_setzen(e.text, "gueltig_ab",
                                                                                       "2026-12-07"), version=e.version)
    p = paket_anlegen(autorin, weisung="202003006", titel="AU", datum=dt.date(2020, 3, 20))
    entwurf_zuordnen(autorin, p.pk, e.pk)
    tor = tor_laufen_lassen(autorin, p.pk)
    assert not tor["ok"]                                            # schützt die geplanten Korrekturen
    gruppen = {g["fassung"]: g for g in tor["verdraengt"]}
    neunte = gruppen["SC 3.004a, Stand 09.12.2026 (gilt ab 09.12.2026)"]
    assert neunte["entwurf"] == "SC 3.004a, Stand 10.12.2026 (gilt ab 07.12.2026)"
    assert neunte["grund"] == (
        "An ihren Tagen (09.12.2026 bis 14.12.2026) gilt jetzt der Entwurf, SC 3.004a, Stand 10.12.2026 (gilt ab "
        "07.12.2026), statt der geplanten Fassung SC 3.004a, Stand 09.12.2026 (gilt ab 09.12.2026), die diese "
        "Szenarien erwarten. Als neuerer Stand ersetzt der Entwurf sie ab dem 09.12.2026 — ihre Änderungen fielen von "
        "da an weg, wenn der Entwurf sie nicht enthält.")
    assert neunte["abhilfe"] == (
        "Soll die geplante Fassung ab ihrem Tag gelten: im Entwurf „Gültig bis“ auf 08.12.2026 setzen. Soll der "
        "Entwurf sie ablösen: „Gültig ab“ nach dem 14.12.2026 setzen (dem letzten Tag, an dem die Szenarien sie "
        "erwarten) und den Entwurf mit SC 3.004a, Stand 09.12.2026 als Basis beginnen, damit ihre Änderungen "
        "erhalten bleiben.")
    fehl = [s for s in tor["szenarien"] if not s["ok"]]
    assert sum(len(g["szenarien"]) for g in tor["verdraengt"]) == len(fehl)
    assert f"{len(fehl)} von {len(tor['szenarien'])} Szenarien schlagen fehl, alle weil an ihrem Tag der Entwurf " \
           "SC 3.004a, Stand 10.12.2026 statt der Fassung gilt, die sie erwarten (Stand 07.12.2026, 08.12.2026 bzw. " \
           "09.12.2026: der Entwurf ersetzt sie, siehe unten)" in zusammenfassung(tor)


def test_der_satz_nennt_nur_den_anteil_der_ersetzten() -> None:
    tor = {"ok": False, "entwuerfe": 1, "szenarien": [{"ok": False}] * 3 + [{"ok": True}],
           "verdraengt": [{"stand": "09.12.2026", "entwurf_kurz": "SC 3.004a, Stand 10.12.2026", "szenarien": ["a"]}]}
    assert zusammenfassung(tor) == (
        "Nicht bestanden: 3 von 4 Szenarien schlagen fehl, davon 1, weil an ihrem Tag der Entwurf SC 3.004a, Stand "
        "10.12.2026 statt der Fassung gilt, die sie erwarten (Stand 09.12.2026: der Entwurf ersetzt sie, siehe "
        "unten).")
