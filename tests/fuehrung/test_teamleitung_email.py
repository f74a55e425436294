"""Befunde aus dem Rundgang der Teamleitung E-Mail (`teamleitung_emb`) durch die Führungsprozesse: die Anlage 5 nur
mit dem Kanal E-Mail (ein anderer Kanal in der Adresse: 403 mit Grund — Seite, CSV, Kontakte hinter einer Zahl,
API), jede Zahl gleich der Liste dahinter (für jede Rolle), die Anlage 7 zählt nur die eigenen Kanäle und zeigt für
Regeln anderer Kanäle und Rechtskreise keine Zahlen, /kennzahlen/ nur mit ihrem Postkorb und erklärtem Zeitraum,
das Zugriffsprotokoll der Liste mit dem passenden Zweck."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.fuehrung import kontaktliste
from kundenportal.fuehrung.csv_export import ANLAGE7_KOPF
from kundenportal.fuehrung.demo import demo_kontakte_anlegen
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten import zugriff, zwecke
from kundenportal.konten.models import Zugriff
from kundenportal.konten.rollen import ROLLEN

pytestmark = pytest.mark.django_db
FILTER = {"von": "01.02.2020", "bis": "30.04.2020"}
# Ein Verweis auf die Kontakte hinter einer Zahl: Adresse, Zahl im Namen für Screenreader, sichtbare Zahl.
ZELLE = re.compile(r'<a href="(/fuehrung/anlage-5/kontakte/\?[^"]+)" aria-label="(\d+) Kontakte?: [^"]*">(\d+)</a>')
GRUND = ("Die Zahlen des Kanals Service Center SGB III sieht die Teamleitung. Ihre Kennzahlen umfassen nur den Kanal "
         "E-Mail-Bearbeitung.")


@pytest.fixture
def demo(db: Any) -> int:
    return demo_kontakte_anlegen(anzahl=300, qs=False)


def _zellen(html: str) -> list[tuple[str, int]]:
    """Je Zahl mit Kontakten dahinter: die Adresse der Liste und die Zahl (sichtbar und im Namen gleich)."""
    gefunden = []
    for verweis, genannt, sichtbar in ZELLE.findall(html):
        assert genannt == sichtbar, verweis
        gefunden.append((verweis.replace("&amp;", "&"), int(sichtbar)))
    return gefunden


def _gezaehlt(html: str) -> int:
    return int(re.search(r"Die Anlage 5 zählt hier (\d+) Kontakt", html).group(1))  # type: ignore[union-attr]


def _gelistet(html: str) -> int:
    """Wie viele Kontakte die Liste hat (alle Seiten): „Kontakte 1–50 von 73“ oder „keine Kontakte“."""
    treffer = re.search(r"Kontakte \d+–\d+ von (\d+), älteste zuerst</caption>", html)
    return int(treffer.group(1)) if treffer else 0


def test_anlage5_bietet_der_teamleitung_email_nur_ihren_kanal(demo: int, anmelden: Callable[..., Client]) -> None:
    client = anmelden("teamleitung_emb", standort="Nürnberg")
    html = client.get("/fuehrung/anlage-5/", FILTER).content.decode()
    auswahl = html.split('name="kanal"', 1)[1].split("</select>", 1)[0]
    assert re.findall(r"<option[^>]*>([^<]*)</option>", auswahl) == ["E-Mail-Bearbeitung"]
    assert "Gezählt werden nur Kontakte Ihrer Kanäle (E-Mail-Bearbeitung)." in html
    # ohne Kanal in der Adresse zählt die Tabelle nur E-Mail-Kontakte (nicht Telefon, nicht Eingangszone)
    emb = Kontakt.objects.filter(kanal="emb", status=Kontakt.ABGESCHLOSSEN).count()
    kontakte = [n for v, n in _zellen(html) if "kennzahl=kontakte_je_anliegen" in v]
    assert sum(kontakte) == emb > 0
    tl = anmelden("teamleitung", standort="Nürnberg").get("/fuehrung/anlage-5/", FILTER).content.decode()
    assert '<option value="" selected>alle Kanäle (SGB III)</option>' in tl and ">Service Center SGB III</option>" in tl


@pytest.mark.parametrize("adresse", ["/fuehrung/anlage-5/", "/fuehrung/anlage-5/?format=csv",
                                     "/fuehrung/anlage-5/kontakte/?kennzahl=erstkontaktloesung&vergleich=andere-ab"])
def test_ein_fremder_kanal_ist_kein_zugriff(demo: int, anmelden: Callable[..., Client], adresse: str) -> None:
    """Der Befund: „Service Center SGB III“ gewählt, Telefonzahlen gesehen und als CSV geladen — jetzt 403 mit Grund,
    und nichts steht im Zugriffsprotokoll."""
    client = anmelden("teamleitung_emb", standort="Nürnberg")
    antwort = client.get(adresse, {**FILTER, "standort": "Nürnberg", "kanal": "sc3"})
    assert antwort.status_code == 403 and GRUND in antwort.content.decode()
    assert antwort["Content-Type"].startswith("text/html")
    assert not Zugriff.objects.filter(aktion__startswith="qs_anlage5").exists()


def test_api_lehnt_den_fremden_kanal_ab_und_zaehlt_nur_den_eigenen(demo: int, anmelden: Callable[..., Client]) -> None:
    client = anmelden("teamleitung_emb", standort="Nürnberg")
    api = {"von": "2020-02-01", "bis": "2020-04-30"}
    for pfad in ("/api/fuehrung/anlage5", "/api/fuehrung/anlage7"):
        abgelehnt = client.get(pfad, {**api, "kanal": "sc3"})
        assert abgelehnt.status_code == 403, pfad
        assert abgelehnt.json() == {"code": "keine_berechtigung", "meldung": GRUND}
    eigen = client.get("/api/fuehrung/anlage5", api).json()
    kontakte = next(k for k in eigen["kennzahlen"] if k["kennzahl"] == "kontakte_je_anliegen")
    assert sum(kontakte["werte"].values()) == Kontakt.objects.filter(kanal="emb").count() > 0
    assert client.get("/api/fuehrung/anlage5", {**api, "kanal": "emb"}).json()["kennzahlen"] == eigen["kennzahlen"]


def test_csv_nennt_den_kanal_im_namen(demo: int, anmelden: Callable[..., Client]) -> None:
    emb = anmelden("teamleitung_emb", standort="Nürnberg").get("/fuehrung/anlage-5/", {**FILTER, "format": "csv"})
    assert emb["Content-Disposition"] == 'attachment; filename="anlage5_emb_20200201_20200430.csv"'
    zeilen = list(csv.reader(io.StringIO(emb.content.decode("utf-8-sig")), delimiter=";"))
    erwartet = Kontakt.objects.filter(kanal="emb").count()
    kopf = next(i for i, z in enumerate(zeilen) if z[:2] == ["Kennzahl", "Einheit"])
    kontakte = zeilen[kopf + 1]
    assert kontakte[0] == "Kontakte" and sum(int(w) for w in kontakte[2:-1:3]) == erwartet   # nur E-Mail
    assert ["Kanäle", "E-Mail-Bearbeitung"] in zeilen[:kopf]                   # der Filter steht davor
    tl = anmelden("teamleitung", standort="Nürnberg")
    assert tl.get("/fuehrung/anlage-5/", {**FILTER, "format": "csv"})["Content-Disposition"] == (
        'attachment; filename="anlage5_sgb3_20200201_20200430.csv"')
    assert tl.get("/fuehrung/anlage-5/", {**FILTER, "kanal": "sc3", "format": "csv"})["Content-Disposition"] == (
        'attachment; filename="anlage5_sc3_20200201_20200430.csv"')


@pytest.mark.parametrize("rolle", sorted(r for r, x in ROLLEN.items() if x.kennzahlen))
def test_jede_zahl_ist_so_lang_wie_die_liste_dahinter(demo: int, anmelden: Callable[..., Client], rolle: str) -> None:
    """Der Befund „15 Erstkontaktlösungen, die Liste dahinter zählt 0“: Tabelle und Liste zählen dieselben Kanäle.
    Für jede Rolle mit Kennzahlen und jede Zahl mit Verweis: die Liste zählt dieselbe Zahl, und am eigenen Standort
    (Filter Nürnberg) stehen genau so viele Kontakte in ihr."""
    client = anmelden(rolle, standort="Nürnberg")
    seite = client.get("/fuehrung/anlage-5/", FILTER)
    if rolle == "teamleitung_fk":
        assert seite.status_code == 403            # die Teamleitung Familienkasse hat keine Anlage 5
        return
    geprueft = 0
    for filter_ in (FILTER, {**FILTER, "standort": "Nürnberg"}):
        html = client.get("/fuehrung/anlage-5/", filter_).content.decode()
        for verweis, zahl in _zellen(html):
            liste = client.get(verweis)
            assert liste.status_code == 200, verweis
            text = liste.content.decode()
            assert _gezaehlt(text) == zahl, verweis
            if "standort" in filter_:
                assert _gelistet(text) == zahl, verweis
            geprueft += 1
    assert geprueft >= 8, rolle


def test_hinter_der_zahl_das_protokoll_mit_zweck_und_worten(demo: int, anmelden: Callable[..., Client]) -> None:
    client = anmelden("teamleitung_emb", standort="Nürnberg")
    html = client.get("/fuehrung/anlage-5/", {**FILTER, "standort": "Nürnberg"}).content.decode()
    verweis = next(v for v, _ in _zellen(html) if "kennzahl=kontakte_je_anliegen" in v and "andere-ab" in v)
    assert client.get(verweis).status_code == 200
    eintraege = Zugriff.objects.filter(aktion="qs_anlage5_kontakte_je_anliegen_andere_ab")
    assert eintraege.exclude(kontakt=None).exists()
    assert {e.zweck for e in eintraege} == {zwecke.HISTORIE}            # nicht „Qualitätssicherung“
    assert kontaktliste.aktion_beschreiben("qs_anlage5_kontakte_je_anliegen_andere_ab") == (
        "Kontakte; Vergleich: andere Standorte, ab dem 20.03.2020")
    assert kontaktliste.aktion_beschreiben("qs_anlage5_abgabequote_os_algplus_pilot_vor") == (
        "Abgaben an OS AlgPlus; Vergleich: Pilotstandorte, vor dem 20.03.2020")
    assert kontaktliste.aktion_beschreiben("qs_anlage5_erstkontaktloesung_andere_ab") == (
        "Erstkontaktlösungen (abgeschlossen ohne Abgabe); Vergleich: andere Standorte, ab dem 20.03.2020")
    assert kontaktliste.aktion_beschreiben("qs_anlage5_neugier_pilot_ab") is None
    assert kontaktliste.aktion_beschreiben("kontakt_lesen") is None


def _regeln(html: str) -> dict[str, str]:
    """Regel → ihr Abschnitt in der Anlage 7."""
    teile = html.split('<section aria-labelledby="regel-')[1:]
    return {re.search(r'<h2 id="regel-\d+">(.*?): ', t).group(1): t for t in teile}  # type: ignore[union-attr]


def _kontakte(abschnitt: str) -> list[int]:
    """Die Kontakte vor/ab dem Tag je Standortgruppe (die ersten beiden Zellen jeder Zeile der ersten Tabelle)."""
    tabelle = abschnitt.split("</table>", 1)[0]
    return [int(n) for zeile in re.findall(r"<tr class=\"kern-table__row\"><th[^>]*scope=\"row\">.*?</tr>", tabelle, flags=re.S)
            for n in re.findall(r'<td class="kern-table__cell">(?:<a [^>]*>)?(\d+)(?:</a>)?</td>', zeile)[:2]]


def test_anlage7_zaehlt_nur_die_eigenen_kanaele(demo: int, anmelden: Callable[..., Client]) -> None:
    emb = _regeln(anmelden("teamleitung_emb", standort="Nürnberg").get("/fuehrung/anlage-7/", FILTER).content.decode())
    tl = _regeln(anmelden("teamleitung", standort="Nürnberg").get("/fuehrung/anlage-7/", FILTER).content.decode())
    fk = _regeln(anmelden("teamleitung_fk", standort="Nürnberg").get("/fuehrung/anlage-7/", FILTER).content.decode())
    # 2.2 a) 2 (Terminabsage) misst auch EMB Terminabsage: die Teamleitung E-Mail zählt nur diese Kontakte
    eigene = sum(_kontakte(emb["2.2 a) 2"]))
    assert eigene == Kontakt.objects.filter(kanal="emb", leitfaden="EMB Terminabsage").count() > 0
    assert sum(_kontakte(tl["2.2 a) 2"])) > eigene
    assert "(Anlage 2.2.3)" in emb["2.2 a) 2"] and "(Anlage 2.2.1)" not in emb["2.2 a) 2"]    # QS nur des Bogens E-Mail
    # Regeln anderer Kanäle (Telefon, Eingangszone) und des anderen Rechtskreises (Familienkasse): keine Zahlen
    for regel in ("2.2 a) 6", "2.2 b) 1", "2.2 b) 6"):
        assert "Keine Zahlen: Die Regel misst Kontakte der Kanäle" in emb[regel] and "<table" not in emb[regel], regel
    assert "nicht Ihrer Kanäle (E-Mail-Bearbeitung). Die Zahlen und QS-Ergebnisse dazu sieht die Teamleitung " \
           "Familienkasse." in emb["2.2 b) 1"]
    # dasselbe für die Teamleitung SGB III (Regeln der Familienkasse) und die Teamleitung Familienkasse (SGB III)
    assert "<table" not in tl["2.2 b) 1"] and "<table" in tl["2.2 a) 6"]
    assert "<table" not in fk["2.2 a) 2"] and "<table" in fk["2.2 b) 1"]


def test_anlage7_csv_und_api_ohne_zahlen_fremder_regeln(demo: int, anmelden: Callable[..., Client]) -> None:
    client = anmelden("teamleitung_emb", standort="Nürnberg")
    antwort = client.get("/fuehrung/anlage-7/", {**FILTER, "format": "csv"})
    assert antwort["Content-Disposition"] == 'attachment; filename="anlage7_emb_20200201_20200430.csv"'
    zeilen = list(csv.reader(io.StringIO(antwort.content.decode("utf-8-sig")), delimiter=";"))
    zeilen = zeilen[zeilen.index(ANLAGE7_KOPF):]             # die Tabelle nach Titel und Filter
    fk = [z for z in zeilen if z[0] == "2.2 b) 1"]
    assert [z[2] for z in fk] == ["Keine Zahlen"] and "die Zahlen dazu sieht die Teamleitung Familienkasse" in fk[0][4]
    assert any(z[0] == "2.2 a) 2" and z[2] == "Kontakte" for z in zeilen)
    regeln = {r["regel"]: r for r in client.get("/api/fuehrung/anlage7", {"von": "2020-02-01", "bis": "2020-04-30"}
                                                 ).json()}
    assert regeln["2.2 b) 1"]["gezaehlt"] is False and regeln["2.2 b) 1"]["kontakte"] == {}
    assert "Teamleitung Familienkasse" in regeln["2.2 b) 1"]["hinweis"]
    a2 = regeln["2.2 a) 2"]
    assert a2["gezaehlt"] is True
    assert sum(a2["kontakte"].values()) == Kontakt.objects.filter(kanal="emb", leitfaden="EMB Terminabsage").count()


def test_kennzahlen_der_teamleitung_email(anmelden: Callable[..., Client]) -> None:
    html = anmelden("teamleitung_emb", standort="Nürnberg").get("/kennzahlen/").content.decode()
    koerbe = html.split("Offene Aufgaben je Postkorb", 1)[1].split("</table>", 1)[0]
    assert "OS AlgPlus" in koerbe and "Service Center SGB III" not in koerbe and "Eingangszone" not in koerbe
    assert ('Diese Seite zeigt immer die letzten 7 Tage bis heute. Für frühere Zeiträume: Führungsprozesse, '
            '<a href="/fuehrung/anlage-5/">Anlage 5</a> (Zeitraum frei wählbar).') in html
    fk = anmelden("teamleitung_fk", standort="Nürnberg").get("/kennzahlen/").content.decode()
    assert 'Führungsprozesse, <a href="/fuehrung/anlage-7/">Anlage 7</a>' in fk           # keine Anlage 5
    tl = anmelden("teamleitung", standort="Nürnberg").get("/kennzahlen/").content.decode()
    koerbe = tl.split("Offene Aufgaben je Postkorb", 1)[1].split("</table>", 1)[0]
    assert "OS AlgPlus" in koerbe and "Service Center SGB III" in koerbe and "Eingangszone" in koerbe


def test_kennzahl_postkoerbe_je_rolle(benutzer: Callable[..., Any]) -> None:
    assert zugriff.kennzahl_postkoerbe(benutzer("teamleitung_emb", "pk-emb")) == ["os_algplus"]
    assert zugriff.kennzahl_postkoerbe(benutzer("teamleitung", "pk-tl")) == ["os_algplus", "team_sc3", "team_ez"]
    assert zugriff.kennzahl_postkoerbe(benutzer("teamleitung_fk", "pk-fk")) == ["fk_direktion_qs"]
    assert zugriff.kennzahl_postkoerbe(benutzer("agent_emb", "pk-agent")) == []
