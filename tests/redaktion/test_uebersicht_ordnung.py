"""Die Übersicht der Redaktion bietet die veröffentlichten Fassungen je Leitfaden an: die heute gültige zuerst (ohne
Zusatz), dann Standortvarianten (mit ihren Standorten) und geplante (mit ihrer Gültigkeit), innerhalb der Stufe in der
Reihenfolge, in der sie gelten — nicht nach dem Tag der Bearbeitung; abgelöste zuletzt in einer eigenen Gruppe."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kundenportal.redaktion.models import Entwurf
from tests.conftest import CONTENT
from tests.fixtures_katalog import Anmelden, katalog_veroeffentlicht

ORDNER = Path("leitfaeden/sc/3.307")


def _fassung(quelle: Path, stand: str, kopf: str) -> str:
    text = quelle.read_text(encoding="utf-8")
    return text.replace("stand: 2020-03-20\ngueltig_ab: 2020-03-20", f"stand: {stand}\n{kopf}")


@pytest.fixture
def katalog_mit_varianten(db: Any, tmp_path: Path) -> Iterator[None]:
    """SC 3.307 mit einer später bearbeiteten, aber früher geltenden Standortvariante (Stand 27.03.2020, nur Brühl,
    ab 15.04.2020) und einer früher bearbeiteten, erst ab 01.06.2020 geltenden Korrektur (Stand 25.03.2020)."""
    wurzel = tmp_path / "content"
    shutil.copytree(CONTENT, wurzel)
    v2 = wurzel / ORDNER / "2020-03-20.yaml"
    original = v2.read_text(encoding="utf-8")
    (wurzel / ORDNER / "2020-03-25.yaml").write_text(_fassung(v2, "2020-03-25", "gueltig_ab: 2020-06-01"),
                                                     encoding="utf-8")
    (wurzel / ORDNER / "2020-03-27.yaml").write_text(_fassung(
        v2, "2020-03-27", 'gueltig_ab: 2020-04-15\ngeltungsbereich: {agenturen: ["Brühl"]}'), encoding="utf-8")
    v2.write_text(original.replace("gueltig_ab: 2020-03-20\n", "gueltig_ab: 2020-03-20\ngueltig_bis: 2020-05-31\n"),
                  encoding="utf-8")
    with katalog_veroeffentlicht(wurzel):
        yield


def _gruppe(seite: str, beschriftung: str) -> list[str]:
    gruppe = re.search(rf'<optgroup label="{re.escape(beschriftung)}">(.*?)</optgroup>', seite, re.S)
    assert gruppe is not None, beschriftung
    return [html.unescape(o) for o in re.findall(r"<option [^>]*>([^<]*)</option>", gruppe[1])]


def test_die_fassungen_stehen_in_der_reihenfolge_ihrer_gueltigkeit(katalog_mit_varianten: None, anmelden: Anmelden,
                                                                    settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-20"
    seite = anmelden("redaktion").get("/redaktion/").content.decode()
    assert _gruppe(seite, "SC 3.307: Insolvenzgeld beantragen") == [
        "SC 3.307, Stand 20.03.2020",
        "SC 3.307, Stand 27.03.2020 — nur in Brühl",
        "SC 3.307, Stand 25.03.2020 — gilt ab 01.06.2020 (geplant)",
    ]
    assert _gruppe(seite, "SC 3.307 — abgelöst, spätere Änderungen fehlen") == [
        "SC 3.307, Stand 20.12.2019 — abgelöst (galt bis 19.03.2020)",
    ]


def test_nach_dem_wechsel_gilt_die_korrektur_und_die_vorgaengerin_ist_abgeloest(
        katalog_mit_varianten: None, anmelden: Anmelden, settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-06-01"
    seite = anmelden("redaktion").get("/redaktion/").content.decode()
    assert _gruppe(seite, "SC 3.307: Insolvenzgeld beantragen") == [
        "SC 3.307, Stand 25.03.2020",
        "SC 3.307, Stand 27.03.2020 — nur in Brühl",
    ]
    assert _gruppe(seite, "SC 3.307 — abgelöst, spätere Änderungen fehlen") == [
        "SC 3.307, Stand 20.03.2020 — abgelöst (galt bis 31.05.2020)",
        "SC 3.307, Stand 20.12.2019 — abgelöst (galt bis 19.03.2020)",
    ]


def test_die_gewaehlte_fassung_ist_die_basis_des_entwurfs(katalog_mit_varianten: None, anmelden: Anmelden,
                                                          settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-20"
    c = anmelden("redaktion")
    seite = c.get("/redaktion/").content.decode()
    pk = re.search(r'<option value="(\d+)"[^>]*>SC 3.307, Stand 27.03.2020 — nur in Brühl</option>', seite)
    assert pk is not None
    antwort = c.post("/redaktion/entwuerfe/beginnen/", {"beginnen-basis": pk[1], "beginnen-stand": "2020-04-20"})
    assert antwort.status_code == 302
    e = Entwurf.objects.get()
    assert antwort["Location"] == f"/redaktion/entwuerfe/{e.pk}/"
    assert e.basis is not None and e.basis.pfad == "leitfaeden/sc/3.307/2020-03-27.yaml"
