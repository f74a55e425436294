"""Befund aus dem Rundgang einer Teamleitung: hinter den Zahlen der Anlage 7 stand keine Liste. Jetzt führt jede Zahl
von Kontakten einer Regel (und der Zähler des Wegs über ihre Schritte) zu genau den gezählten Kontakten — mit den
Grenzen der Liste hinter der Anlage 5: nur die Teamleitung, nur ihre Kanäle (ihr Rechtskreis), nur Regeln, die die
Anlage 7 für sie zählt, als Liste nur ihr Standort, die Kundennummer verborgen, jedes Lesen im Zugriffsprotokoll."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from kundenportal.fuehrung import anlage7_liste, kontaktliste, regelkontakte
from kundenportal.fuehrung.anlage7 import anlage7
from kundenportal.fuehrung.demo import STANDORTE, demo_kontakte_anlegen
from kundenportal.fuehrung.kennzahlen import Zeitraum
from kundenportal.fuehrung.regelmessung import regel_messung
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten import zugriff, zwecke
from kundenportal.konten.models import Zugriff
from kundenportal.konten.services import benutzer_anlegen

pytestmark = pytest.mark.django_db
VON, BIS = dt.date(2020, 2, 1), dt.date(2020, 4, 30)
FILTER = {"von": "01.02.2020", "bis": "30.04.2020"}
KN = "955T000001"
KUNDENNUMMER = re.compile(r"\d{3}[ .\-/]?[A-Za-z][ .\-/]?\d{3}[ .\-/]?\d{3}")
VERWEIS = re.compile(r'<a href="(/fuehrung/anlage-7/kontakte/\?[^"]+)" aria-label="(\d+) Kontakte[^"]*">(\d+)</a>')


@pytest.fixture
def demo(db: Any) -> int:
    return demo_kontakte_anlegen()          # wie `make run`: Gespräche beider Rechtskreise, QS-Stichprobe in Nürnberg


def _verweise(html: str) -> list[tuple[str, int]]:
    """Je Zahl mit Kontakten dahinter: Adresse der Liste und Zahl (sichtbar und im Namen für Screenreader gleich)."""
    gefunden = []
    for verweis, genannt, sichtbar in VERWEIS.findall(html):
        assert genannt == sichtbar, verweis
        gefunden.append((verweis.replace("&amp;", "&"), int(sichtbar)))
    return gefunden


def _auswahl(verweis: str) -> regelkontakte.Regelauswahl:
    q = {k: v[0] for k, v in parse_qs(urlsplit(verweis).query).items()}
    return regelkontakte.Regelauswahl(q["regel"], q["zahl"], q["vergleich"])


def _zeilen(html: str) -> list[str]:
    tabelle = html.split('id="kontakte"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr class="kern-table__row"><th class="kern-table__header" scope="row">.*?</tr>',
                      tabelle.split("<tbody", 1)[1], flags=re.S)


def _erwartet(r: Any, auswahl: regelkontakte.Regelauswahl) -> int:
    """Die Zahl, die die Anlage 7 für die Zelle zeigt (Regelzeile.summe)."""
    teile, nach = regelkontakte.REGEL_VERGLEICHE[auswahl.vergleich]
    kontakte, weg, _ = r.summe(teile, nach)
    return kontakte if auswahl.zahl == "kontakte" else weg[0]


@pytest.mark.parametrize("rolle", ["teamleitung", "teamleitung_fk", "teamleitung_emb"])
def test_jede_zahl_der_anlage7_fuehrt_zu_genau_ihren_kontakten(demo: int, rolle: str) -> None:
    """Für jede Teamleitung (je Standort eine) und jede Zahl jeder Regel, die sie zählt: die Liste zählt dieselbe Zahl,
    am eigenen Standort stehen genau so viele Kontakte in ihr, über alle Standorte zusammen genau die gezählten."""
    tls = [benutzer_anlegen(f"tl7-{i}", "geheim-123", [rolle], standort=ort) for i, ort in enumerate(STANDORTE)]
    kanaele = zugriff.kennzahl_kanaele(tls[0])
    z = Zeitraum(VON, BIS)
    geprueft = 0
    for r in anlage7(z, kanaele=kanaele):
        if not r.gezaehlt:
            continue
        for g in regelkontakte.regel_tabelle(z, r):
            for zelle in (g.kontakte_vor, g.kontakte_ab, g.weg_vor, g.weg_ab):
                if not zelle.verweis:
                    assert not zelle.kontakte or r.nicht_messbar
                    continue
                auswahl = _auswahl(zelle.verweis)
                assert zelle.kontakte == _erwartet(r, auswahl) > 0
                listen = [anlage7_liste.regel_kontakte_lesen(tl, z, auswahl, 1) for tl in tls]
                assert all(li.gezaehlt == zelle.kontakte and li.hier + li.andere == li.gezaehlt for li in listen)
                assert all(li.seite.paginator.count == li.hier for li in listen), (r.regel, auswahl)
                assert sum(li.seite.paginator.count for li in listen) == zelle.kontakte, (r.regel, auswahl)
                geprueft += 1
    assert geprueft >= 4


def test_von_der_regel_zu_den_kontakten(demo: int, anmelden: Callable[..., Client]) -> None:
    # Die Demo-Gespräche sind ohne Kundin; jedes zweite bekommt hier eine Kundennummer (nur Testdaten).
    Kontakt.objects.filter(pk__in=list(Kontakt.objects.values_list("pk", flat=True)[::2])).update(kundennummer=KN)
    client = anmelden("teamleitung", standort="Nürnberg")
    html = client.get("/fuehrung/anlage-7/", FILTER).content.decode()
    verweise = _verweise(html)
    assert verweise and not any(KUNDENNUMMER.search(v) for v, _ in verweise)   # keine Kundennummer in einer Adresse
    assert {_auswahl(v).zahl for v, _ in verweise} == {"kontakte", "weg"}
    a2 = [(v, n) for v, n in verweise if _auswahl(v).regel == "2.2 a) 2"]
    assert {_auswahl(v).vergleich for v, _ in a2} >= {"pilot-ab", "andere-ab"}
    assert ('aria-label="' in html and "Kontakte mit Weg über die Schritte der Regel 2.2 a) 2, Andere Standorte ab "
            "20.03.2020" in html)
    for verweis, n in a2:
        seite = client.get(verweis)
        assert seite.status_code == 200
        text = seite.content.decode()
        auswahl = _auswahl(verweis)
        assert f"<h1>Kontakte hinter der Anlage 7: {auswahl.titel}</h1>" in text
        assert f"Die Anlage 7 zählt hier {n} Kontakt" in text
        assert "Regel 2.2 a) 2: Einheitliche Terminabsage" in text
        hier = int(re.search(r"davon (\d+) an Ihrem Standort Nürnberg", text)[1])  # type: ignore[index]
        zeilen = _zeilen(text)
        assert len(zeilen) == hier
        assert all(">[Kundennummer]</td>" in zl or ">keine (Kontakt ohne Kundennummer)</td>" in zl for zl in zeilen)
        assert not KUNDENNUMMER.search(text)                                     # verborgen, wie in der QS
        assert "/gespraech/" not in text.split('id="kontakte"', 1)[1]            # kein Weg an der QS vorbei
        if auswahl.zahl == "kontakte":
            assert "Weg über die Schritte der Regel</th>" in text
            weg = client.get(verweis.replace("zahl=kontakte", "zahl=weg")).content.decode()
            # die Kontakte „ja“ in der Liste der Kontakte sind genau die Liste des Wegs
            assert sum('<td class="kern-table__cell">ja</td>' in zl for zl in zeilen) == len(_zeilen(weg))
        else:
            assert "Weg über die Schritte der Regel</th>" not in text           # ohnehin alle „ja“
        assert 'href="/fuehrung/anlage-7/?von=01.02.2020&amp;bis=30.04.2020">Zurück zur Anlage 7' in text
    # Im Zugriffsprotokoll: wer welche Zahl geöffnet hat — je gezeigtem Kontakt, mit der echten Kundennummer
    protokoll = Zugriff.objects.filter(aktion__startswith="qs_anlage7_2_2_a_2_")
    assert protokoll.exclude(kontakt=None).exists() and {e.zweck for e in protokoll} == {zwecke.HISTORIE}
    assert KN in set(protokoll.values_list("kundennummer", flat=True))
    assert {_auswahl(v).aktion for v, _ in a2} <= {e.aktion for e in protokoll}
    assert all(regelkontakte.regel_aktion_beschreiben(e.aktion) for e in protokoll)      # jede Zahl in Worten


def test_familienkasse_sieht_ihre_regeln_ohne_pilotvergleich(demo: int, anmelden: Callable[..., Client]) -> None:
    client = anmelden("teamleitung_fk", standort="Nürnberg")
    html = client.get("/fuehrung/anlage-7/", FILTER).content.decode()
    verweise = _verweise(html)
    assert verweise and {_auswahl(v).regel[:6] for v, _ in verweise} == {"2.2 b)"}       # nur Regeln der Familienkasse
    assert {_auswahl(v).vergleich for v, _ in verweise} <= {"alle-vor", "alle-ab"}
    verweis, n = verweise[0]
    text = client.get(verweis).content.decode()
    assert f"Die Anlage 7 zählt hier {n} Kontakt" in text and "Alle Standorte" in text
    assert all('<td class="kern-table__cell">Service Center Familienkasse</td>' in zl for zl in _zeilen(text))


@pytest.mark.parametrize(("rolle", "regel", "grund"), [
    ("teamleitung_fk", "2.2 a) 2", "Die Zahlen und Kontakte dazu sieht die Teamleitung"),
    ("teamleitung", "2.2 b) 1", "Die Zahlen und Kontakte dazu sieht die Teamleitung Familienkasse"),
    ("teamleitung_emb", "2.2 a) 6", "nicht Ihrer Kanäle (E-Mail-Bearbeitung)"),
])
def test_regeln_anderer_kanaele_nie(demo: int, anmelden: Callable[..., Client], rolle: str, regel: str,
                                    grund: str) -> None:
    vergleich = "alle-ab" if regel.startswith("2.2 b)") else "andere-ab"
    antwort = anmelden(rolle, standort="Nürnberg").get("/fuehrung/anlage-7/kontakte/", {
        **FILTER, "regel": regel, "zahl": "kontakte", "vergleich": vergleich})
    assert antwort.status_code == 403 and grund in antwort.content.decode()
    assert not Zugriff.objects.filter(aktion__startswith="qs_anlage7").exists()


def test_ohne_recht_oder_mit_unmoeglicher_zahl(demo: int, anmelden: Callable[..., Client]) -> None:
    zahl = {**FILTER, "regel": "2.2 a) 2", "zahl": "kontakte", "vergleich": "pilot-ab"}
    for rolle in ("agent_sc3", "agent_scfk", "redaktion"):
        assert anmelden(rolle, standort="Nürnberg").get("/fuehrung/anlage-7/kontakte/", zahl).status_code == 403
    assert Client().get("/fuehrung/anlage-7/kontakte/", zahl).status_code == 302      # zur Anmeldung
    client = anmelden("teamleitung", standort="Nürnberg")
    for eingabe, meldung in [
        ({"regel": "9.9 z) 9"}, "Die Anlage 7, die am 30.04.2020 gilt, hat keine Regel „9.9 z) 9“."),
        ({"zahl": "neugier"}, "Die Anlage 7 zeigt zu einer Regel keine Zahl „neugier“ (kontakte oder weg)."),
        ({"vergleich": "alle-ab"}, "Die Vergleichsgruppe „alle-ab“ zeigt die Anlage 7 zur Regel 2.2 a) 2 nicht"),
        ({"gruppe": "andere"}, "Die Vergleichsgruppe „pilot-ab“ zeigt die Anlage 7 zur Regel 2.2 a) 2 nicht "
                               "(Zeitraum 01.02.2020 bis 30.04.2020, alle Standorte, nur andere Standorte)."),
        ({"phase": "vor"}, "Die Vergleichsgruppe „pilot-ab“ zeigt die Anlage 7 zur Regel 2.2 a) 2 nicht"),
        ({"standort": "Nürnberg"}, "Die Vergleichsgruppe „pilot-ab“ zeigt die Anlage 7 zur Regel 2.2 a) 2 nicht"),
        ({"vergleich": ""}, "Es fehlt die Vergleichsgruppe; bitte die Zahl in der Anlage 7 über ihren Verweis öffnen."),
        ({"regel": ""}, "Es fehlt die Regel; bitte die Zahl in der Anlage 7 über ihren Verweis öffnen."),
        ({"seite": "0"}, "Die Seite ist eine Zahl ab 1."),
        ({"von": "31.02.2020"}, "Bitte die Eingaben prüfen"),
        ({"bis": "15.03.2020"}, "Die Anlage 7, die am 15.03.2020 gilt, hat keine Regel „2.2 a) 2“."),
    ]:
        seite = client.get("/fuehrung/anlage-7/kontakte/", {**zahl, **eingabe})
        assert seite.status_code == 400 and meldung in seite.content.decode(), eingabe
    assert not Zugriff.objects.filter(aktion__startswith="qs_anlage7").exists()
    # mit dem Standort im Filter heißt die eine Gruppe „Standort Nürnberg“ (alle-…)
    ort = client.get("/fuehrung/anlage-7/kontakte/", {**zahl, "standort": "Nürnberg", "vergleich": "alle-ab"})
    assert ort.status_code == 200 and "Standort Nürnberg ab 20.03.2020" in ort.content.decode()


def test_nicht_messbarer_weg_hat_keine_liste(demo: int) -> None:
    z = Zeitraum(VON, BIS)
    messung = regel_messung(z, "2.2 a) 2")
    assert messung is not None and messung.bedingung is not None
    ohne = type(messung)(messung.regel, messung.leitfaeden, messung.kanaele, None, messung.titel)
    with pytest.raises(kontaktliste.AuswahlFehler, match="nicht messbar"):
        regelkontakte.Regelauswahl("2.2 a) 2", "weg", "pilot-ab").pruefen(z, ohne)
    regelkontakte.Regelauswahl("2.2 a) 2", "kontakte", "pilot-ab").pruefen(z, ohne)      # die Kontakte schon


def test_seitenweise_und_jedes_lesen_im_zugriffsprotokoll(demo: int, anmelden: Callable[..., Client],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kontaktliste, "JE_SEITE", 5)
    client = anmelden("teamleitung", standort="Nürnberg")
    zahl = {**FILTER, "regel": "2.2 a) 2", "zahl": "kontakte", "vergleich": "andere-ab"}
    erste = client.get("/fuehrung/anlage-7/kontakte/", zahl).content.decode()
    gesamt = int(re.search(r"Kontakte 1–5 von (\d+), älteste zuerst", erste)[1])  # type: ignore[index]
    assert gesamt > 5 and len(_zeilen(erste)) == 5 and 'rel="next"' in erste
    protokoll = Zugriff.objects.filter(aktion="qs_anlage7_2_2_a_2_kontakte_andere_ab")
    assert protokoll.count() == 5 and {e.zweck for e in protokoll} == {zwecke.HISTORIE}
    zweite = client.get("/fuehrung/anlage-7/kontakte/", {**zahl, "seite": 2}).content.decode()
    assert len(_zeilen(zweite)) == min(5, gesamt - 5) and "Seite 2 von" in zweite
    assert protokoll.all().count() == 5 + min(5, gesamt - 5)
    assert "regel=2.2+a%29+2" in zweite.split('rel="prev"')[0].rsplit("href=", 1)[1]       # Filter bleiben


def test_andere_standorte_nur_als_zahl(demo: int, anmelden: Callable[..., Client]) -> None:
    zahl = {**FILTER, "standort": "Nürnberg", "regel": "2.2 a) 2", "zahl": "kontakte", "vergleich": "alle-ab"}
    koeln = anmelden("teamleitung", standort="Köln").get("/fuehrung/anlage-7/kontakte/", zahl).content.decode()
    assert not _zeilen(koeln) and "davon 0 an Ihrem Standort Köln" in koeln
    assert "an anderen Standorten stehen nur als Zahl in der Anlage" in koeln
    assert not Zugriff.objects.filter(user__username="teamleitung_Köln", kontakt__isnull=False).exists()
    ohne = anmelden("teamleitung").get("/fuehrung/anlage-7/kontakte/", zahl).content.decode()     # kein Standort
    assert not _zeilen(ohne) and "Ihrem Konto ist kein Standort zugeordnet" in ohne


def test_codes_im_zugriffsprotokoll(demo: int) -> None:
    z = Zeitraum(VON, BIS)
    for r in anlage7(z):
        for vergleich in regelkontakte.REGEL_VERGLEICHE:
            for zahl in regelkontakte.REGEL_ZAHLEN:
                auswahl = regelkontakte.Regelauswahl(r.regel, zahl, vergleich)
                assert len(auswahl.aktion) <= 60                                     # Zugriff.aktion
                assert regelkontakte.regel_aktion_beschreiben(auswahl.aktion) == auswahl.beschreibung
    assert regelkontakte.regel_aktion_beschreiben("qs_anlage7_2_2_a_2_weg_andere_ab") == (
        "Kontakte mit Weg über die Schritte der Regel 2.2 a) 2; Vergleich: andere Standorte, ab dem 20.03.2020")
    assert regelkontakte.regel_aktion_beschreiben("qs_anlage7_9_9_weg_andere_ab") is None
    assert regelkontakte.regel_aktion_beschreiben("qs_anlage5_kontakte_je_anliegen_andere_ab") is None
