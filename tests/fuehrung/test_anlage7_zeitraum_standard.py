"""Rundgang Teamleitung: die Anlage 7 öffnete ohne Eingaben auf den letzten drei Monaten bis heute — in der Demo
(Kontakte und QS im Frühjahr 2020, um den Weisungstag) eine leere Tabelle. Jetzt: liegen in den letzten drei
Monaten keine Kontakte der Kanäle der Teamleitung, zeigt sie die letzten drei Kalendermonate mit Kontakten und sagt
das in einem Satz; Formular und CSV nennen denselben Zeitraum, eine Wahl der Teamleitung bleibt, wie sie ist.
Gefunden mit einer Abfrage (Max über die Tageszahlen), keine Schleife über Kontakte."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kundenportal.fuehrung.anlage7 import anlage7_vorgabe, anlage7_vorgabe_mit_kontakten
from kundenportal.fuehrung.demo import demo_kontakte_anlegen
from kundenportal.fuehrung.verdichtung import verdichten

pytestmark = pytest.mark.django_db
SEITE = "/fuehrung/anlage-7/"
HINWEIS = ("Für die letzten drei Monate (01.10.2026–07.12.2026) liegen keine Kontakte Ihrer Kanäle vor; gezeigt "
           "werden die letzten drei Monate mit Kontakten, 01.02.2020 bis 30.04.2020.")


@pytest.fixture
def demo(db: Any) -> int:
    return demo_kontakte_anlegen(anzahl=120, qs=False)


def _eingaben(html: str) -> tuple[str, str]:
    von = re.search(r'name="von"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="von"', html)
    bis = re.search(r'name="bis"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="bis"', html)
    assert von and bis
    return (von.group(1) or von.group(2)), (bis.group(1) or bis.group(2))


def _kontakte(html: str) -> int:
    """Die Summe der Kontakte in den Tabellen „Kontakte und Umsetzung“ (erste Zahl jeder Zelle der Kontakt-Spalten)."""
    summe = 0
    for tabelle in re.findall(r"Kontakte und Umsetzung</caption>.*?</table>", html, re.S):
        for zeile in re.findall(r"<tr class=\"kern-table__row\"><th class=\"kern-table__header\" scope=\"row\">"
                                r".*?</tr>", tabelle, re.S):
            zellen = re.findall(r"<td[^>]*>(.*?)</td>", zeile, re.S)
            for zelle in zellen[:2]:
                zahl = re.search(r"\d+", re.sub(r"<[^>]+>", " ", zelle))
                summe += int(zahl.group()) if zahl else 0
    return summe


def test_ohne_kontakte_in_drei_monaten_die_letzten_drei_monate_mit_kontakten(
        demo: int, anmelden: Callable[..., Client], settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-07"
    client = anmelden("teamleitung", standort="Nürnberg")
    antwort = client.get(SEITE)
    assert antwort.status_code == 200
    html = antwort.content.decode()
    assert HINWEIS in html
    assert _eingaben(html) == ("01.02.2020", "30.04.2020")            # das Formular zeigt, was gilt
    assert "Zeitraum 01.02.2020 bis 30.04.2020" in html
    assert _kontakte(html) > 0                                         # Zahlen statt einer leeren Tabelle
    # der Zeitraum ist das Fenster um den Weisungstag: kein zweiter Verweis darauf
    assert '<a href="?von=01.02.2020&amp;bis=30.04.2020">' not in html
    # die Hilfe am Feld nennt beide Zeiträume
    assert "ohne Kontakte darin die letzten drei Monate mit Kontakten, 01.02.2020–30.04.2020" in html
    # CSV ohne Eingaben: derselbe Zeitraum
    datei = client.get(SEITE, {"format": "csv"})
    assert "_20200201_20200430.csv" in datei["Content-Disposition"]


def test_eine_wahl_der_teamleitung_bleibt(demo: int, anmelden: Callable[..., Client], settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-07"
    client = anmelden("teamleitung", standort="Nürnberg")
    html = client.get(SEITE, {"von": "01.10.2026", "bis": "07.12.2026"}).content.decode()
    assert _eingaben(html) == ("01.10.2026", "07.12.2026")
    assert 'id="vorgabe"' not in html and "liegen keine Kontakte Ihrer Kanäle vor" not in html
    assert _kontakte(html) == 0
    nur_bis = client.get(SEITE, {"bis": "31.03.2020"}).content.decode()     # „Von“ leer: wie bisher ergänzt
    assert _eingaben(nur_bis) == ("01.01.2020", "31.03.2020") and 'id="vorgabe"' not in nur_bis


def test_mit_kontakten_in_drei_monaten_bleibt_es_bei_ihnen(demo: int, anmelden: Callable[..., Client],
                                                         settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-15"
    html = anmelden("teamleitung", standort="Nürnberg").get(SEITE).content.decode()
    assert _eingaben(html) == ("01.02.2020", "15.04.2020")
    assert "Ohne Eingaben zeigt die Anlage die letzten drei Monate bis heute (01.02.2020–15.04.2020)" in html
    assert "liegen keine Kontakte Ihrer Kanäle vor" not in html


def test_ohne_jeden_kontakt_die_letzten_drei_monate(anmelden: Callable[..., Client], settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-07"
    html = anmelden("teamleitung", standort="Nürnberg").get(SEITE).content.decode()
    assert _eingaben(html) == ("01.10.2026", "07.12.2026")
    assert "Ohne Eingaben zeigt die Anlage die letzten drei Monate bis heute (01.10.2026–07.12.2026)" in html
    assert "liegen keine Kontakte Ihrer Kanäle vor" not in html


def test_nur_kontakte_der_eigenen_kanaele_und_bis_heute(demo: int) -> None:
    heute = dt.date(2026, 12, 7)
    v = anlage7_vorgabe_mit_kontakten(heute, ["sc3", "ez"])
    assert (v.von, v.bis, v.ausgewichen) == (dt.date(2020, 2, 1), dt.date(2020, 4, 30), True)
    assert v.drei_monate == anlage7_vorgabe(heute)
    # ein Kanal ohne Kontakte: die letzten drei Monate (nichts, wohin ausweichen)
    assert not anlage7_vorgabe_mit_kontakten(heute, ["kein-kanal"]).ausgewichen
    # Kontakte nach „heute“ zählen nicht (Stichtag vor der Demo-Zeit): die letzten drei Monate
    assert anlage7_vorgabe_mit_kontakten(dt.date(2019, 12, 31), None).zeitraum == anlage7_vorgabe(dt.date(2019, 12, 31))
    # im Monat nach dem letzten Kontakt (Mai 2020) liegt der 30.04. noch in den drei Monaten: kein Ausweichen
    assert not anlage7_vorgabe_mit_kontakten(dt.date(2020, 6, 30), None).ausgewichen
    sept = anlage7_vorgabe_mit_kontakten(dt.date(2020, 9, 15), None)
    assert sept.ausgewichen and sept.zeitraum == (dt.date(2020, 2, 1), dt.date(2020, 4, 30))


def test_eine_abfrage_keine_schleife_ueber_kontakte(demo: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Eine Abfrage über die Tageszahlen; das Verdichten davor ist dasselbe wie vor jeder Zahl der Anlagen."""
    verdichten()
    monkeypatch.setattr("kundenportal.fuehrung.kennzahlen.verdichten", lambda: 0)
    with CaptureQueriesContext(connection) as abfragen:
        anlage7_vorgabe_mit_kontakten(dt.date(2026, 12, 7), ["sc3", "ez", "emb", "eservice"])
    assert len(abfragen.captured_queries) == 1
    assert "MAX(" in abfragen.captured_queries[0]["sql"].upper()
