"""Anlagen 5 und 7 der Führungsprozesse (domain.md A12): Zahlen aus der Datenbank, Filter, Pilot- und andere
Standorte, vor und ab dem 20.03.2020, CSV, API, klare Meldung bei unmöglichem Zeitraum."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.fuehrung import services
from kundenportal.fuehrung.demo import demo_kontakte_anlegen
from kundenportal.fuehrung.kennzahlen import Zeitraum, ZeitraumFehler, anlage5
from kundenportal.gespraech.models import Kontakt

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db: Any) -> int:
    return demo_kontakte_anlegen(anzahl=300, qs=False)


def _zeile(bericht: Any, kennzahl: str) -> Any:
    return next(z for z in bericht.zeilen if z.kennzahl == kennzahl)


def test_demodaten_sind_idempotent_und_decken_beide_seiten_ab(demo: int) -> None:
    assert demo > 250 and demo_kontakte_anlegen(anzahl=300, qs=False) == 0
    b = anlage5(Zeitraum(dt.date(2020, 2, 1), dt.date(2020, 4, 30)))
    kontakte = _zeile(b, "kontakte_je_anliegen").werte
    assert all(w and w > 0 for w in kontakte)                     # Pilot/andere × vor/ab: alle belegt
    sgb3 = Kontakt.objects.exclude(kanal="scfk")
    assert Kontakt.objects.filter(kanal="scfk").exists()          # Familienkasse in den Demodaten (für Anlage 7) …
    assert sum(kontakte) == sgb3.count()                           # … zählt in der SGB-III-Übersicht nicht mit
    abgesagt = _zeile(b, "terminabsagen").werte
    assert all(a is not None and 0 < a <= 100 for a in abgesagt)
    # Echte Gespräche: erst die Weisung bringt die Vorteilsübersetzung vor der Absage („Termin bleibt“).
    bleibt = Kontakt.objects.filter(leitfaden__in=("SC 3.003", "EZ 1.003"), ergebnis="termin_bleibt")
    assert bleibt.filter(stand=dt.date(2020, 3, 20)).exists()
    assert not bleibt.filter(stand=dt.date(2019, 12, 20)).exists()
    stand = {(lf, st) for lf, _, st, _, _ in b.je_anliegen}
    assert ("SC 3.003", dt.date(2019, 12, 20)) in stand and ("SC 3.003", dt.date(2020, 3, 20)) in stand
    assert any(lf == "SC 3.003-Pilot" and st >= dt.date(2020, 3, 20) for lf, st in stand)   # Pilot vor dem BBiE-Start
    assert b.trend and b.trend[0].beginn <= dt.date(2020, 2, 3)


def test_standortfilter_und_pilotvergleich(demo: int) -> None:
    fuerth = anlage5(Zeitraum(dt.date(2020, 2, 1), dt.date(2020, 4, 30), "Fürth"))
    kontakte = _zeile(fuerth, "kontakte_je_anliegen").werte
    assert kontakte[2] == 0 and kontakte[3] == 0 and kontakte[0] > 0   # Fürth ist Pilotstandort
    assert fuerth.zeilen[0].werte[0] == Kontakt.objects.exclude(kanal="scfk").filter(
        standort="Fürth", abgeschlossen__lt=dt.datetime(2020, 3, 20, tzinfo=dt.UTC) - dt.timedelta(hours=1)).count()


def test_unmoeglicher_zeitraum_gibt_klare_meldung(anmelden: Callable[..., Client]) -> None:
    with pytest.raises(ZeitraumFehler) as fehler:
        anlage5(Zeitraum(dt.date(2020, 4, 1), dt.date(2020, 3, 1)))
    meldung = ("Das Ende (01.03.2020) liegt vor dem Beginn (01.04.2020). Bitte ein Ende ab dem Beginn angeben oder "
               "„Bis“ leer lassen (dann drei Monate ab dem Beginn).")
    assert str(fehler.value) == meldung
    client = anmelden("teamleitung")
    seite = client.get("/fuehrung/anlage-5/", {"von": "01.04.2020", "bis": "01.03.2020"})
    assert seite.status_code == 400
    assert meldung in seite.content.decode()
    seite = client.get("/fuehrung/anlage-5/", {"von": "32.13.2020"})
    assert "Von (TT.MM.JJJJ): Den 32.13.2020 gibt es nicht: ein Jahr hat die Monate 01 bis 12." in seite.content.decode()
    seite = client.get("/fuehrung/anlage-5/", {"von": "31.02.2020"})
    assert "Von (TT.MM.JJJJ): Den 31.02.2020 gibt es nicht: der Februar 2020 hat 29 Tage." in seite.content.decode()
    seite = client.get("/fuehrung/anlage-5/", {"von": "morgen"})
    assert "Von (TT.MM.JJJJ): Bitte ein Datum in der Form TT.MM.JJJJ angeben, z. B. 15.04.2020." in seite.content.decode()
    api = client.get("/api/fuehrung/anlage5", {"von": "2020-04-01", "bis": "2020-03-01"})
    assert api.status_code == 400 and api.json()["code"] == "ungueltige_anfrage"


def test_seite_mit_diagrammen_deutschen_namen_und_tabelle(demo: int, anmelden: Callable[..., Client]) -> None:
    html = anmelden("teamleitung").get("/fuehrung/anlage-5/").content.decode()
    assert 'role="img" aria-labelledby="a5-balken-t a5-balken-d"' in html and "<polyline" in html
    assert "Terminkontakte: Termin „abgesagt“ im ATV" in html and "Pilotstandorte ab 20.03.2020" in html
    assert "termin_abgesagt" not in html and "an_os_algplus_abgegeben" not in html   # keine Ergebniscodes


def test_csv_export_und_leerer_zeitraum(demo: int, anmelden: Callable[..., Client]) -> None:
    client = anmelden("teamleitung")
    antwort = client.get("/fuehrung/anlage-5/", {"von": "01.02.2020", "bis": "30.04.2020", "format": "csv"})
    assert antwort["Content-Type"] == "text/csv; charset=utf-8"
    zeilen = list(csv.reader(io.StringIO(antwort.content.decode("utf-8-sig")), delimiter=";"))
    kopf = next(i for i, z in enumerate(zeilen) if z[:2] == ["Kennzahl", "Einheit"])
    gruppen = ["Pilotstandorte vor dem 20.03.2020", "Pilotstandorte ab 20.03.2020",
               "Andere Standorte vor dem 20.03.2020", "Andere Standorte ab 20.03.2020"]
    assert zeilen[kopf] == ["Kennzahl", "Einheit", *(t for g in gruppen for t in (g, f"{g}: Zähler", f"{g}: Nenner")),
                            "Hinweis"]
    assert zeilen[kopf + 1][0] == "Kontakte" and int(zeilen[kopf + 1][2]) > 0
    leer = client.get("/fuehrung/anlage-5/", {"von": "01.01.2019", "bis": "31.01.2019", "format": "csv"})
    leer_zeilen = list(csv.reader(io.StringIO(leer.content.decode("utf-8-sig")), delimiter=";"))
    kopf = next(i for i, z in enumerate(leer_zeilen) if z[:2] == ["Kennzahl", "Einheit"])
    assert leer_zeilen[kopf + 1] == ["Kontakte", "Anzahl", *["0", "", ""] * 4, ""]
    tabelle = leer_zeilen[kopf:leer_zeilen.index([], kopf)]          # bis zum Abschnitt des E-Mail-Rückstands
    assert len(tabelle) > 5 and all(len(z) == 15 for z in tabelle)


def test_api_liefert_dieselben_zahlen(demo: int, anmelden: Callable[..., Client]) -> None:
    client = anmelden("teamleitung")
    api = client.get("/api/fuehrung/anlage5", {"von": "2020-02-01", "bis": "2020-04-30"}).json()
    b = anlage5(Zeitraum(dt.date(2020, 2, 1), dt.date(2020, 4, 30)))
    assert [z["werte"]["Pilotstandorte ab 20.03.2020"] for z in api["kennzahlen"]] == [z.werte[1] for z in b.zeilen]
    regeln = client.get("/api/fuehrung/anlage7", {"von": "2020-02-01", "bis": "2020-04-30"}).json()
    a2 = next(r for r in regeln if r["regel"] == "2.2 a) 2")
    assert "SC 3.003" in a2["leitfaeden"] and a2["kontakte"]["Pilotstandorte ab"] > 0
    assert anmelden("agent_sc3").get("/api/fuehrung/anlage5").status_code == 403


def test_anlage7_umsetzung_und_massnahme(demo: int, anmelden: Callable[..., Client], benutzer: Callable[..., Any]) -> None:
    client = anmelden("teamleitung", standort="Nürnberg")
    html = client.get("/fuehrung/anlage-7/", {"von": "01.02.2020", "bis": "30.04.2020"}).content.decode()
    for regel in ("2.2 a) 2", "2.2 a) 3", "2.2 a) 4", "2.2 a) 5", "2.2 a) 6", "2.2 b) 1", "2.2 b) 6"):
        assert f">{regel}: " in html, regel
    antwort = client.post("/fuehrung/anlage-7/?von=01.02.2020&bis=30.04.2020",
                          {"regel": "2.2 a) 2", "text": "Vorteilsübersetzung im Teamgespräch üben"})
    assert antwort.status_code == 302
    html = client.get("/fuehrung/anlage-7/", {"von": "01.02.2020", "bis": "30.04.2020"}).content.decode()
    assert "Vorteilsübersetzung im Teamgespräch üben (Nürnberg" in html
    with pytest.raises(services.FuehrungFehler) as fehler:
        services.massnahme_festhalten(benutzer("teamleitung", "tl-2"), weisung="202003006", regel="9.9",
                                      text="x", jetzt=dt.datetime(2020, 4, 1, tzinfo=dt.UTC))
    assert fehler.value.meldung == "Die Weisung 202003006 hat keine Regel „9.9“."
    assert anmelden("agent_sc3").get("/fuehrung/anlage-7/").status_code == 403


def test_verdichtung_zaehlt_neue_kontakte_nach(demo: int, benutzer: Callable[..., Any], kunde: str,
                                              settings: Any) -> None:
    from kundenportal.gespraech import services as gespraech

    zeitraum = Zeitraum(dt.date(2020, 2, 1), dt.date(2020, 4, 30), "Nürnberg")
    vorher = _zeile(anlage5(zeitraum), "kontakte_je_anliegen").werte[2]
    settings.KUNDENPORTAL_STICHTAG = "2020-03-02"
    agent = benutzer("agent_sc3", "agent-verdichtung", standort="Nürnberg")
    k = gespraech.kontakt_starten(agent, "SC 3.003", kunde)
    ansicht = gespraech.kontakt_beantworten(agent, k, "identitaet_geprueft", "nein")
    gespraech.kontakt_abschliessen(agent, k, ansicht.vermerk)
    nachher = anlage5(zeitraum)
    assert _zeile(nachher, "kontakte_je_anliegen").werte[2] == (vorher or 0) + 1
    assert _zeile(nachher, "identitaet_abbrueche").werte[2] is not None
