"""Befunde aus dem Rundgang einer Teamleitung zur Anlage 5 als CSV: die Datei sagt, für welchen Filter sie gemacht ist
(Zeitraum, Standort, Standortgruppe, Zeit zur Weisung, Kanäle — lesbar, ohne Codes), Prozentwerte tragen Zähler und
Nenner, der E-Mail-Rückstand des ganzen Postfachs steht in keiner Spalte einer Standortgruppe, und ein gewählter
Standort zeigt nur seine Standortgruppe (CSV und Seite), statt einer leeren Spalte der anderen."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.fuehrung.csv_export import ANLAGE5_TITEL, anlage5_csv
from kundenportal.fuehrung.demo import demo_kontakte_anlegen
from kundenportal.fuehrung.kennzahlen import GRUPPEN, SGB3_KANAELE, Zeitraum, anlage5, anlage5_nach_fassung
from kundenportal.konten.rechtskreis import KANAL
from kundenportal.konten.rollen import KANAL_NAMEN

pytestmark = pytest.mark.django_db
FILTER = {"von": "01.02.2020", "bis": "30.04.2020"}
VON, BIS = dt.date(2020, 2, 1), dt.date(2020, 4, 30)
SGB3 = list(SGB3_KANAELE)


@pytest.fixture
def demo(db: Any) -> int:
    return demo_kontakte_anlegen(anzahl=300, qs=False)


def _zeilen(antwort: Any) -> list[list[str]]:
    assert antwort["Content-Type"] == "text/csv; charset=utf-8"
    roh = antwort.content.decode("utf-8")
    assert roh.startswith("\ufeff")                                   # BOM: Tabellenprogramme lesen UTF-8
    return list(csv.reader(io.StringIO(roh.removeprefix("\ufeff")), delimiter=";"))


def _kopf(zeilen: list[list[str]]) -> int:
    return next(i for i, z in enumerate(zeilen) if z[:2] == ["Kennzahl", "Einheit"])


def _filter(zeilen: list[list[str]]) -> dict[str, str]:
    """Die Zeilen „Filter;Wert“ vor der Tabelle."""
    return {z[0]: z[1] for z in zeilen[2:_kopf(zeilen)] if len(z) == 2}


def test_die_datei_nennt_ihren_filter_lesbar(demo: int, anmelden: Callable[..., Client],
                                             settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-05-04"
    client = anmelden("teamleitung", standort="Nürnberg")
    zeilen = _zeilen(client.get("/fuehrung/anlage-5/", {**FILTER, "phase": "ab", "format": "csv"}))
    assert zeilen[0] == [ANLAGE5_TITEL] and zeilen[1] == ["Filter", "Wert"]
    angaben = _filter(zeilen)
    assert angaben["Zeitraum"] == "01.02.2020 bis 30.04.2020"
    assert angaben["Standort"] == "alle Standorte" and angaben["Standortgruppe"] == "Pilot- und andere Standorte"
    assert angaben["Zeit zur Weisung"] == "nur ab dem 20.03.2020"
    assert angaben["Kanäle"] == ", ".join(KANAL_NAMEN[k] for k in SGB3_KANAELE)
    assert "Service Center SGB III" in angaben["Kanäle"] and "E-Mail-Bearbeitung" in angaben["Kanäle"]
    assert angaben["Fassung der Anlage 5"] == "Stand 20.03.2020"
    assert re.fullmatch(r"04\.05\.2020 \d\d:\d\d", angaben["Erstellt am"])
    assert zeilen[_kopf(zeilen) - 1] == []                             # eine Leerzeile vor der Tabelle
    # Kanäle mit Namen, nie als Code
    kanal = _filter(_zeilen(client.get("/fuehrung/anlage-5/", {**FILTER, "kanal": "sc3", "format": "csv"})))
    assert kanal["Kanäle"] == "Service Center SGB III"
    assert not any(code in wert.split(", ") for wert in _filter(zeilen).values() for code in KANAL)
    emb = _filter(_zeilen(anmelden("teamleitung_emb", standort="Nürnberg").get(
        "/fuehrung/anlage-5/", {**FILTER, "format": "csv"})))
    assert emb["Kanäle"] == "E-Mail-Bearbeitung"


def test_prozentwerte_mit_zaehler_und_nenner(demo: int, anmelden: Callable[..., Client]) -> None:
    zeilen = _zeilen(anmelden("teamleitung", standort="Nürnberg").get("/fuehrung/anlage-5/",
                                                                      {**FILTER, "format": "csv"}))
    kopf = _kopf(zeilen)
    _, bericht = anlage5_nach_fassung(Zeitraum(VON, BIS), SGB3)
    assert zeilen[kopf][2:5] == ["Pilotstandorte vor dem 20.03.2020", "Pilotstandorte vor dem 20.03.2020: Zähler",
                                 "Pilotstandorte vor dem 20.03.2020: Nenner"]
    assert zeilen[kopf][-1] == "Hinweis"
    je_titel = {z[0]: z for z in zeilen[kopf + 1:zeilen.index([], kopf)]}
    assert list(je_titel) == [zl.titel for zl in bericht.zeilen]
    for zl in bericht.zeilen:
        z = je_titel[zl.titel]
        werte, zaehler, nenner = z[2:-1:3], z[3:-1:3], z[4:-1:3]
        assert werte == [f"{w:g}".replace(".", ",") if w is not None else "" for w in zl.werte], zl.titel
        if zl.einheit == "Prozent":
            assert [(int(t), int(g)) for t, g in zip(zaehler, nenner, strict=True)] == list(zl.anteile), zl.titel
        elif zl.einheit == "Minuten":                 # gemittelt über die E-Mail-Kontakte: sie sind der Nenner
            assert zaehler == [""] * 4 and [int(n) for n in nenner] == list(zl.kontakte)
            assert z[1] == "Minuten (Mittel über die Kontakte im Nenner)"
        else:
            assert zaehler == nenner == [""] * 4 and z[1] == "Anzahl"
        assert z[-1] == zl.hinweis
    assert any(z[-1].startswith("Erst in der Anlage 5 ab dem") for z in je_titel.values()) is False   # Fassung 20.03.
    alt = _zeilen(anmelden("teamleitung", standort="Nürnberg").get(
        "/fuehrung/anlage-5/", {"von": "01.02.2020", "bis": "15.03.2020", "format": "csv"}))
    assert any(z[-1].startswith("Erst in der Anlage 5 ab dem 20.03.2020") for z in alt[_kopf(alt) + 1:] if z)


def test_email_rueckstand_in_eigenem_abschnitt(demo: int, anmelden: Callable[..., Client]) -> None:
    zeilen = _zeilen(anmelden("teamleitung", standort="Nürnberg").get("/fuehrung/anlage-5/",
                                                                      {**FILTER, "format": "csv"}))
    kopf = _kopf(zeilen)
    tabelle = zeilen[kopf:zeilen.index([], kopf)]
    assert not any("Rückstand" in z[0] for z in tabelle)                # nicht unter den Gruppen
    abschnitt = zeilen[zeilen.index([], kopf) + 1:]
    assert abschnitt[0] == ["Ohne Standortbezug: Das Kundenpostfach ist nicht nach Standorten geteilt. Die Zahl gilt "
                            "für das ganze Postfach, gleich welche Standorte gefiltert sind."]     # eine Zelle
    assert abschnitt[1] == ["Kennzahl", "Einheit", "Ganzes Kundenpostfach"]
    assert abschnitt[2][:2] == ["E-Mail-Rückstand: Mails in der Warteschlange am 30.04.2020 (ganzes Kundenpostfach)",
                                "Mails"] and abschnitt[2][2].isdigit() and len(abschnitt) == 3
    ohne = _zeilen(anmelden("teamleitung", standort="Nürnberg").get("/fuehrung/anlage-5/",
                                                                    {**FILTER, "kanal": "sc3", "format": "csv"}))
    assert not any("Rückstand" in z[0] for z in ohne if z)               # Kanal ohne E-Mail: kein Rückstand


@pytest.mark.parametrize(("standort", "gruppe", "fehlt", "art"), [
    ("Nürnberg", "Andere Standorte", "Pilotstandorte", "andere"), ("Fürth", "Pilotstandorte", "Andere Standorte", "pilot")])
def test_ein_standort_zeigt_nur_seine_standortgruppe(demo: int, anmelden: Callable[..., Client], standort: str,
                                                     gruppe: str, fehlt: str, art: str) -> None:
    client = anmelden("teamleitung", standort="Nürnberg")
    zeilen = _zeilen(client.get("/fuehrung/anlage-5/", {**FILTER, "standort": standort, "format": "csv"}))
    kopf = zeilen[_kopf(zeilen)]
    # die Spalten heißen nach dem Standort (seine Zahlen, nicht die seiner ganzen Gruppe)
    assert [k for k in kopf[2:-1:3]] == [f"{standort} vor dem 20.03.2020", f"{standort} ab 20.03.2020"]
    assert not any(k.startswith(fehlt) for k in kopf)
    angaben = _filter(zeilen)
    assert angaben["Standort"] == standort and angaben["Standortgruppe"] == GRUPPEN[art]
    kontakte = zeilen[_kopf(zeilen) + 1]
    erwartet = anlage5(Zeitraum(VON, BIS, standort=standort), kanaele=SGB3).zeilen[0].kontakte
    assert sum(int(w) for w in kontakte[2:-1:3]) == sum(erwartet) > 0       # nichts geht verloren
    # die Seite ebenso: Tabelle, Verlauf je Woche, Kontakte je Anliegen, Diagramme
    html = client.get("/fuehrung/anlage-5/", {**FILTER, "standort": standort}).content.decode()
    tabellen = html.split('id="a5-tabelle"', 1)[1]
    assert fehlt not in tabellen.split("</thead>", 1)[0] and standort in tabellen.split("</thead>", 1)[0]
    for tabelle in html.split("<table")[1:]:
        kopfzeile = tabelle.split("</thead>", 1)[0]
        assert f">Kontakte {fehlt.split()[0].lower()}" not in kopfzeile.lower()
        assert f'scope="col">{fehlt}' not in kopfzeile
    assert f"Standort {standort} ({'Pilotstandort' if art == 'pilot' else 'kein Pilotstandort'})." in html
    # die Verweise auf die Kontakte dahinter tragen die Gruppe und führen zu einer gültigen Liste
    verweise = [v.replace("&amp;", "&") for v in re.findall(r'href="(/fuehrung/anlage-5/kontakte/\?[^"]+)"', html)]
    assert verweise and all(f"standort={standort}" in v.replace("%C3%BC", "ü") for v in verweise)
    assert client.get(verweise[0]).status_code == 200


def test_ohne_standort_bleiben_beide_gruppen(demo: int, anmelden: Callable[..., Client]) -> None:
    zeilen = _zeilen(anmelden("teamleitung", standort="Nürnberg").get("/fuehrung/anlage-5/",
                                                                      {**FILTER, "format": "csv"}))
    assert len(zeilen[_kopf(zeilen)][2:-1:3]) == 4


def test_leerer_bericht_ist_gueltiges_csv(db: Any) -> None:
    _, bericht = anlage5_nach_fassung(Zeitraum(dt.date(2019, 1, 1), dt.date(2019, 1, 31)), SGB3)
    text = anlage5_csv(bericht, SGB3)
    zeilen = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert zeilen[_kopf(zeilen) + 1] == ["Kontakte", "Anzahl", *["0", "", ""] * 4, ""]
    assert "Erstellt am" not in _filter(zeilen)                          # ohne Zeitpunkt keine Zeile dazu
