"""Anlage 5 und 7: Standortgruppe (Pilot/andere) und Zeit zur Weisung (vor/ab dem 20.03.2020) schränken die
Daten wirklich ein (Tabelle, Verlauf, je Anliegen, CSV, API); die Umsetzung in Anlage 7 kommt aus den
aufgezeichneten Wegen und ist vor der Weisung 0 %, danach weder 0 % noch trivial 100 %."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.fuehrung.anlage7 import anlage7
from kundenportal.fuehrung.demo import demo_kontakte_anlegen
from kundenportal.fuehrung.kennzahlen import Zeitraum, ZeitraumFehler, anlage5, pilotstandorte
from kundenportal.fuehrung.kennzahlen_zeit import WEISUNG_TAG

pytestmark = pytest.mark.django_db
VON, BIS = dt.date(2020, 2, 1), dt.date(2020, 4, 30)


@pytest.fixture
def demo(db: Any) -> int:
    return demo_kontakte_anlegen(anzahl=240, qs=False)


def _werte(b: Any, kennzahl: str = "kontakte_je_anliegen") -> tuple[float | None, ...]:
    return tuple(next(z for z in b.zeilen if z.kennzahl == kennzahl).werte)


def test_standortgruppe_und_phase_schraenken_die_daten_ein(demo: int) -> None:
    alle = anlage5(Zeitraum(VON, BIS))
    pv, pa, av, aa = _werte(alle)
    pilot = anlage5(Zeitraum(VON, BIS, gruppe="pilot"))
    assert pilot.segment_namen == ["Pilotstandorte vor dem 20.03.2020", "Pilotstandorte ab 20.03.2020"]
    assert _werte(pilot) == (pv, pa)
    assert all(a == 0 for _, _, _, _, a in pilot.je_anliegen)              # andere Standorte: nichts
    assert all(w.kontakte_andere == 0 for w in pilot.trend)
    ab = anlage5(Zeitraum(VON, BIS, phase="ab"))
    assert _werte(ab) == (pa, aa)
    assert all(st >= WEISUNG_TAG or lf.endswith("-Pilot") for lf, _, st, _, _ in ab.je_anliegen) and ab.je_anliegen
    assert min(w.beginn for w in ab.trend) >= WEISUNG_TAG - dt.timedelta(days=WEISUNG_TAG.weekday())
    andere_vor = anlage5(Zeitraum(VON, BIS, gruppe="andere", phase="vor"))
    assert _werte(andere_vor) == (av,)
    assert _werte(andere_vor, "terminabsagen") == (_werte(alle, "terminabsagen")[2],)


def test_unmoegliche_auswahl_gibt_klare_meldung(demo: int, anmelden: Callable[..., Client]) -> None:
    fuerth = next(s for s in pilotstandorte() if s == "Fürth")
    with pytest.raises(ZeitraumFehler, match="Fürth ist ein Pilotstandort; die Auswahl „nur andere Standorte“"):
        anlage5(Zeitraum(VON, BIS, fuerth, gruppe="andere"))
    with pytest.raises(ZeitraumFehler, match=r"endet vor dem 20\.03\.2020"):
        anlage5(Zeitraum(VON, dt.date(2020, 3, 1), phase="ab"))
    client = anmelden("teamleitung")
    seite = client.get("/fuehrung/anlage-5/", {"von": "01.02.2020", "bis": "30.04.2020", "standort": "Fürth",
                                              "gruppe": "andere"})
    assert seite.status_code == 400 and "Fürth ist ein Pilotstandort" in seite.content.decode()
    api = client.get("/api/fuehrung/anlage5", {"gruppe": "irgendwas"})
    assert api.status_code == 400 and "Unbekannte Standortgruppe" in api.json()["meldung"]


def test_seite_csv_und_api_folgen_dem_filter(demo: int, anmelden: Callable[..., Client]) -> None:
    client = anmelden("teamleitung")
    filter_ = {"von": "01.02.2020", "bis": "30.04.2020", "gruppe": "pilot", "phase": "ab"}
    html = client.get("/fuehrung/anlage-5/", filter_).content.decode()
    assert "nur Pilotstandorte, nur ab dem 20.03.2020." in html
    assert 'scope="col">Pilotstandorte ab 20.03.2020</th>' in html
    assert "Andere Standorte ab" not in html.split('id="a5-tabelle"')[1].split("</thead>")[0]
    csv = client.get("/fuehrung/anlage-5/", {**filter_, "format": "csv"}).content.decode("utf-8-sig")
    assert "Standortgruppe;nur Pilotstandorte" in csv.splitlines() and "Zeit zur Weisung;nur ab dem 20.03.2020" in csv
    assert ("Kennzahl;Einheit;Pilotstandorte ab 20.03.2020;Pilotstandorte ab 20.03.2020: Zähler;"
            "Pilotstandorte ab 20.03.2020: Nenner;Hinweis") in csv.splitlines()
    erwartet = _werte(anlage5(Zeitraum(VON, BIS, gruppe="pilot", phase="ab")))[0]
    assert f"Kontakte;Anzahl;{erwartet:g}" in csv
    api = client.get("/api/fuehrung/anlage5", {"von": "2020-02-01", "bis": "2020-04-30", "gruppe": "pilot",
                                                   "phase": "ab"}).json()
    assert api["kennzahlen"][0]["werte"] == {"Pilotstandorte ab 20.03.2020": erwartet}


def test_anlage7_umsetzung_aus_den_wegen(demo: int) -> None:
    zeilen = {r.regel: r for r in anlage7(Zeitraum(VON, BIS))}
    for regel in ("2.2 a) 2", "2.2 a) 3"):
        r = zeilen[regel]
        vor_p, ab_p, vor_a, ab_a = r.umgesetzt
        assert vor_p == 0.0 and vor_a == 0.0, regel        # die Schritte gibt es erst in den Fassungen der Weisung
        assert ab_p is not None and ab_a is not None and 0 < ab_p < 100 and 0 < ab_a < 100, (regel, r.umgesetzt)
        assert r.auf_weisung == (100.0, 100.0)
    # nur ein Hinweis („nachweise“): gemessen an seinem einzigen Nachfolger, dem Ende „auskunft“ (FK 4.404)
    b3 = zeilen["2.2 b) 3"]
    assert not b3.nicht_messbar and all((w is None) == (n == 0) for w, n in zip(b3.umgesetzt, b3.kontakte, strict=True))
    b1 = zeilen["2.2 b) 1"]                     # gemessen an FK 4.001, eingebunden in jeden FK-Leitfaden
    assert "FK 4.101b" in b1.leitfaeden and sum(b1.kontakte) > 0
    assert {b1.umgesetzt[0], b1.umgesetzt[2]} <= {0.0, None}            # vorher fragte niemand nach dem öD
    assert any(w and w > 0 for w in (b1.umgesetzt[1], b1.umgesetzt[3]))
    nur_andere = {r.regel: r for r in anlage7(Zeitraum(VON, BIS, gruppe="andere"))}["2.2 a) 2"]
    assert nur_andere.kontakte[:2] == (0, 0) and nur_andere.umgesetzt[:2] == (None, None)
    assert nur_andere.umgesetzt[3] == zeilen["2.2 a) 2"].umgesetzt[3]


def test_api_anlage7_mit_umsetzung_je_gruppe(demo: int, anmelden: Callable[..., Client]) -> None:
    antwort = anmelden("teamleitung").get("/api/fuehrung/anlage7", {"von": "2020-02-01", "bis": "2020-04-30",
                                                                    "phase": "ab"})
    assert antwort.status_code == 200
    a2 = next(r for r in antwort.json() if r["regel"] == "2.2 a) 2")
    assert a2["kontakte"]["Pilotstandorte vor"] == 0 and a2["kontakte"]["Andere vor"] == 0
    assert a2["umgesetzt_prozent"]["Pilotstandorte vor"] is None
    assert 0 < a2["umgesetzt_prozent"]["Andere ab"] < 100
    assert a2["auf_weisung_prozent"] == {"Pilotstandorte": 100.0, "Andere Standorte": 100.0}
