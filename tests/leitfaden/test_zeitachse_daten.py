"""Die Befunde der Zeitachse (leitfaden/pruefungen/zeitachse.py) tragen, was sie melden, auch maschinenlesbar
(Befund.daten): Überlappung, Lücke und ganz verdeckte Fassung — mit der Datei und dem Stand der anderen Fassung und
den Tagen als `date`. Die Meldungen bleiben, wie sie sind (CLI, `katalog pruefen`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from kundenportal.leitfaden.fehler import Befund
from kundenportal.leitfaden.laden import katalog_laden
from kundenportal.leitfaden.pruefen import katalog_pruefen
from kundenportal.leitfaden.pruefungen.zeitachse import Luecke, Ueberlappung, Verdeckt
from tests.leitfaden.conftest import KOPF
from tests.leitfaden.test_laden_und_pruefen import GUT

Anlegen = Callable[[dict[str, str]], Path]
ORDNER = "leitfaeden/sc/9.001"
NEU = f"content/{ORDNER}/2020-03-20.yaml"
ALT = f"content/{ORDNER}/2019-12-20.yaml"


def _fassung(stand: str, ab: str, zusatz: str = "") -> str:
    return GUT.replace("stand: 2020-03-20", f"stand: {stand}").replace(
        "gueltig_ab: 2020-03-20", f"gueltig_ab: {ab}" + (f"\n{zusatz}" if zusatz else ""))


def _befunde(anlegen: Anlegen, dateien: dict[str, str]) -> list[Befund]:
    wurzel = anlegen({f"{ORDNER}/leitfaden.yaml": KOPF, **{f"{ORDNER}/{n}": t for n, t in dateien.items()}})
    return [b for b in katalog_pruefen(katalog_laden(wurzel)) if b.daten is not None]


def test_ueberlappung_nennt_die_andere_fassung_und_ihr_ende(content_kopie: Anlegen) -> None:
    befunde = _befunde(content_kopie, {"2020-03-20.yaml": GUT,
                                       "2019-12-20.yaml": _fassung("2019-12-20", "2020-01-01", "gueltig_bis: 2020-03-25")})
    assert [(b.datei, b.feld, b.art, b.daten) for b in befunde] == [
        (NEU, "gueltig_ab", "ueberlappung", Ueberlappung(ALT, dt.date(2019, 12, 20), bis=dt.date(2020, 3, 19)))]
    assert befunde[0].meldung == (f"überlappt mit {ALT} (Stand 20.12.2019): dort gueltig_bis auf 2020-03-19 setzen")


def test_luecke_nennt_die_andere_fassung_und_die_tage_ohne_fassung(content_kopie: Anlegen) -> None:
    befunde = _befunde(content_kopie, {"2020-03-20.yaml": GUT,
                                       "2019-12-20.yaml": _fassung("2019-12-20", "2020-01-01", "gueltig_bis: 2020-03-10")})
    assert [(b.datei, b.feld, b.art, b.daten) for b in befunde] == [
        (NEU, "gueltig_ab", "luecke",
         Luecke(ALT, dt.date(2019, 12, 20), von=dt.date(2020, 3, 11), bis=dt.date(2020, 3, 19)))]
    assert befunde[0].meldung == f"Lücke vom 11.03.2020 bis 19.03.2020 nach {ALT}; die Weisung sieht keine vor"


def test_verdeckt_ueberall(content_kopie: Anlegen) -> None:
    """Gleicher Tag, neuerer Stand, beide ohne Geltungsbereich: verdeckt (und überlappt) überall."""
    befunde = _befunde(content_kopie, {"2020-03-20.yaml": GUT, "2020-04-01.yaml": _fassung("2020-04-01", "2020-03-20")})
    neuere = f"content/{ORDNER}/2020-04-01.yaml"
    verdeckt = [b for b in befunde if isinstance(b.daten, Verdeckt)]
    assert [(b.datei, b.feld, b.art, b.daten) for b in verdeckt] == [
        (neuere, "gueltig_ab", "verdeckt",
         Verdeckt(NEU, dt.date(2020, 3, 20), gueltig_ab=dt.date(2020, 3, 20), wo="ueberall"))]
    assert verdeckt[0].meldung.startswith("gilt ab 20.03.2020 überall wie SC 9.001, Stand 20.03.2020 (gültig ab "
                                          "20.03.2020): der neuere Stand gewinnt an jedem Tag")
    assert [b.art for b in befunde] == ["ueberlappung", "verdeckt"]


def test_verdeckt_an_denselben_standorten(content_kopie: Anlegen) -> None:
    nuernberg = "geltungsbereich: {verbuende: [nuernberg]}"
    befunde = _befunde(content_kopie, {"2020-03-20.yaml": _fassung("2020-03-20", "2020-03-20", nuernberg),
                                       "2020-04-01.yaml": _fassung("2020-04-01", "2020-03-20", nuernberg)})
    assert [b.daten for b in befunde] == [
        Verdeckt(NEU, dt.date(2020, 3, 20), gueltig_ab=dt.date(2020, 3, 20), wo="an_denselben_standorten")]
    assert "gilt ab 20.03.2020 an denselben Standorten wie SC 9.001" in befunde[0].meldung


def test_daten_zaehlen_nicht_zum_vergleich_und_str_bleibt() -> None:
    """Ein Befund ist, wo er steht und was er meldet: mit und ohne Daten gleich (und gleich gehasht)."""
    daten = Ueberlappung(ALT, dt.date(2019, 12, 20), bis=dt.date(2020, 3, 19))
    mit, ohne = Befund(NEU, 1, "gueltig_ab", "überlappt", daten), Befund(NEU, 1, "gueltig_ab", "überlappt")
    assert mit == ohne and hash(mit) == hash(ohne)
    assert str(mit) == str(ohne) == f"{NEU}:1: gueltig_ab: überlappt"
    assert (mit.art, ohne.art, ohne.daten) == ("ueberlappung", "", None)
