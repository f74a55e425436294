"""Die CSV der Anlage 7 sagt wie die der Anlage 5, für welchen Filter sie gemacht ist: Titel, Zeilen „Filter;Wert“
(Zeitraum, Standort, Standortgruppe, Zeit zur Weisung, Kanäle, Fassung, erstellt am) aus demselben Code, eine
Leerzeile, dann die Tabelle mit Wert, Zähler und Nenner im deutschen Zahlenformat."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.fuehrung.anlage7 import anlage7, prozent
from kundenportal.fuehrung.csv_export import ANLAGE5_TITEL, ANLAGE7_KOPF, ANLAGE7_TITEL
from kundenportal.fuehrung.demo import demo_kontakte_anlegen
from kundenportal.fuehrung.kennzahlen import SGB3_KANAELE, Zeitraum
from kundenportal.konten.rollen import KANAL_NAMEN

pytestmark = pytest.mark.django_db
FILTER = {"von": "01.02.2020", "bis": "30.04.2020"}
VON, BIS = dt.date(2020, 2, 1), dt.date(2020, 4, 30)
DEZIMAL = re.compile(r"\d+(,\d+)?")          # „42,9“, „100“: Dezimalkomma, kein Punkt


@pytest.fixture
def demo(db: Any) -> int:
    return demo_kontakte_anlegen(anzahl=300, qs=False)


def _zeilen(antwort: Any) -> list[list[str]]:
    assert antwort.status_code == 200 and antwort["Content-Type"] == "text/csv; charset=utf-8"
    roh = antwort.content.decode("utf-8")
    assert roh.startswith("\ufeff")
    return list(csv.reader(io.StringIO(roh.removeprefix("\ufeff")), delimiter=";"))


def _teile(zeilen: list[list[str]]) -> tuple[dict[str, str], list[list[str]]]:
    """Die Zeilen „Filter;Wert“ (nach Titel und „Filter;Wert“, bis zur Leerzeile) und die Tabelle ab ihrem Kopf."""
    leer = zeilen.index([])
    assert zeilen[1] == ["Filter", "Wert"] and all(len(z) == 2 for z in zeilen[2:leer])
    assert zeilen[leer + 1] == ANLAGE7_KOPF
    return {z[0]: z[1] for z in zeilen[2:leer]}, zeilen[leer + 1:]


def test_anlage7_csv_nennt_den_filter_vor_der_tabelle(demo: int, anmelden: Callable[..., Client],
                                                      settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-05-04"
    client = anmelden("teamleitung", standort="Nürnberg")
    zeilen = _zeilen(client.get("/fuehrung/anlage-7/", {**FILTER, "standort": "Nürnberg", "phase": "ab",
                                                        "format": "csv"}))
    assert zeilen[0] == [ANLAGE7_TITEL]
    angaben, tabelle = _teile(zeilen)
    assert list(angaben) == ["Zeitraum", "Standort", "Standortgruppe", "Zeit zur Weisung", "Kanäle",
                             "Fassung der Anlage 7", "Erstellt am"]
    assert angaben["Zeitraum"] == "01.02.2020 bis 30.04.2020" and angaben["Standort"] == "Nürnberg"
    assert angaben["Standortgruppe"] == "nur andere Standorte"          # die des Standorts, wie in der Anlage 5
    assert angaben["Zeit zur Weisung"] == "nur ab dem 20.03.2020"
    assert set(angaben["Kanäle"].split(", ")) == {KANAL_NAMEN[k] for k in SGB3_KANAELE}     # Namen, keine Codes
    assert re.fullmatch(r"Stand \d\d\.\d\d\.\d{4}", angaben["Fassung der Anlage 7"])
    assert re.fullmatch(r"04\.05\.2020 \d\d:\d\d", angaben["Erstellt am"])
    # die Tabelle: jede Zeile mit allen Spalten, Prozent im deutschen Format mit Zähler und Nenner
    assert all(len(z) == len(ANLAGE7_KOPF) for z in tabelle)
    regeln = {r.regel: r for r in anlage7(Zeitraum(VON, BIS, "Nürnberg", phase="ab"))}
    wege = [z for z in tabelle[1:] if z[2] == "Weg über die Schritte der Regel" and z[4] != "nicht messbar"]
    assert wege and {z[3] for z in wege} == {"Standort Nürnberg ab 20.03.2020"}
    for z in wege:
        assert z[5] == "Prozent" and (z[4] == "" or DEZIMAL.fullmatch(z[4])), z
        assert z[4] == ("" if prozent(int(z[6]), int(z[7])) is None
                        else f"{prozent(int(z[6]), int(z[7])):g}".replace(".", ",")), z
    a2 = next(z for z in wege if z[0] == "2.2 a) 2")
    assert (int(a2[6]), int(a2[7])) == regeln["2.2 a) 2"].wege[3] and "," in a2[4]       # ein echter Dezimalwert


def test_filterzeilen_der_anlagen_5_und_7_gleich(demo: int, anmelden: Callable[..., Client]) -> None:
    """Dieselben Zeilen aus demselben Code: gleicher Filter, gleiche Angaben; nur Titel und Fassung nennen die Anlage."""
    client = anmelden("teamleitung", standort="Nürnberg")
    filter_ = {**FILTER, "gruppe": "pilot", "phase": "vor", "format": "csv"}
    a5 = _zeilen(client.get("/fuehrung/anlage-5/", filter_))
    a7 = _zeilen(client.get("/fuehrung/anlage-7/", filter_))
    assert a5[0] == [ANLAGE5_TITEL] and a7[0] == [ANLAGE7_TITEL]
    kopf5 = a5[1:a5.index([])]
    kopf7 = a7[1:a7.index([])]
    assert [z[0] for z in kopf5] == [z[0].replace("Anlage 7", "Anlage 5") for z in kopf7]
    ohne = {"Fassung der Anlage 5", "Fassung der Anlage 7", "Erstellt am"}
    assert [z for z in kopf5 if z[0] not in ohne] == [z for z in kopf7 if z[0] not in ohne]
    assert ["Standortgruppe", "nur Pilotstandorte"] in kopf7 and ["Zeit zur Weisung", "nur vor dem 20.03.2020"] in kopf7


def test_familienkasse_nennt_ihren_kanal(demo: int, anmelden: Callable[..., Client]) -> None:
    angaben, _ = _teile(_zeilen(anmelden("teamleitung_fk", standort="Nürnberg").get(
        "/fuehrung/anlage-7/", {**FILTER, "format": "csv"})))
    assert angaben["Kanäle"] == KANAL_NAMEN["scfk"] and angaben["Standort"] == "alle Standorte"


def test_ohne_regeln_bleibt_der_filter_und_der_tabellenkopf(demo: int, anmelden: Callable[..., Client]) -> None:
    zeilen = _zeilen(anmelden("teamleitung", standort="Nürnberg").get(
        "/fuehrung/anlage-7/", {"von": "01.02.2020", "bis": "19.03.2020", "format": "csv"}))
    angaben, tabelle = _teile(zeilen)
    assert angaben["Zeitraum"] == "01.02.2020 bis 19.03.2020" and tabelle == [ANLAGE7_KOPF]


def test_dateiname_nennt_den_gewaehlten_standort(demo: int, anmelden: Callable[..., Client]) -> None:
    """Zwei Standorte nacheinander heruntergeladen hießen gleich (der zweite „… (1).csv“): der Name nennt den Standort,
    in ASCII."""
    client = anmelden("teamleitung", standort="Nürnberg")
    for adresse, name in (("/fuehrung/anlage-5/", "anlage5"), ("/fuehrung/anlage-7/", "anlage7")):
        nuernberg = client.get(adresse, {**FILTER, "standort": "Nürnberg", "format": "csv"})
        fuerth = client.get(adresse, {**FILTER, "standort": "Fürth", "format": "csv"})
        assert nuernberg["Content-Disposition"] == f'attachment; filename="{name}_sgb3_nuernberg_20200201_20200430.csv"'
        assert fuerth["Content-Disposition"] == f'attachment; filename="{name}_sgb3_fuerth_20200201_20200430.csv"'
        ohne = client.get(adresse, {**FILTER, "format": "csv"})
        assert ohne["Content-Disposition"] == f'attachment; filename="{name}_sgb3_20200201_20200430.csv"'
