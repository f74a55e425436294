"""Befund eines Rundgangs der Teamleitungen (Dezember 2026): die Maßnahme „Rückruf Kunde 900D000001 Max Schröder
klären“ wurde zur SGB-III-Regel 2.2 a) 2 festgehalten, und die Teamleitung Familienkasse las sie auf der Anlage 7
und in ihrer CSV. Maßnahmen tragen keine Angaben zur Person (abgelehnt am Feld, im Dienst für jeden Weg), und eine
Teamleitung sieht die Maßnahmen der Regeln ihres Rechtskreises, nicht die des anderen."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.fuehrung import services
from kundenportal.fuehrung.anlage7 import anlage7
from kundenportal.fuehrung.csv_export import ANLAGE7_KOPF
from kundenportal.fuehrung.kennzahlen import Zeitraum
from kundenportal.fuehrung.models import Massnahme

pytestmark = pytest.mark.django_db
SEITE = "/fuehrung/anlage-7/?von=01.02.2020&bis=30.04.2020"
ZEITRAUM = {"von": "01.02.2020", "bis": "30.04.2020"}
JETZT = dt.datetime(2020, 4, 1, 9, tzinfo=dt.UTC)
ABHILFE = "Die Maßnahme beschreibt, was das Team tut, nicht den einzelnen Fall."


def test_massnahme_mit_kundennummer_und_name_bleibt_im_feld_mit_der_meldung(anmelden: Callable[..., Client]) -> None:
    client = anmelden("teamleitung", standort="Nürnberg")
    antwort = client.post(SEITE, {"regel": "2.2 a) 2", "text": "Rückruf Kunde 900D000001 Max Schröder klären"})
    assert antwort.status_code == 400 and not Massnahme.objects.exists()
    html = antwort.content.decode()
    assert ("Bitte ohne Angaben zur Person: der Text enthält eine Kundennummer und einen Namen mit Anrede. "
            f"{ABHILFE}") in html
    assert 'aria-invalid="true" autofocus value="Rückruf Kunde 900D000001 Max Schröder klären"' in html
    assert html.count('aria-invalid="true"') == 1                   # nur am Feld der Regel 2.2 a) 2


@pytest.mark.parametrize(("text", "gefunden"), [
    ("Kundennummer 900D000001, Frau Demir, Diagnose Depression",
     "eine Kundennummer, einen Namen mit Anrede und eine Gesundheitsangabe"),
    ("Rückruf Kunde Max Schröder klären", "einen Namen mit Anrede"),
    ("Rückruf unter 0911 1234567 bis Freitag", "eine Telefonnummer"),
    ("Antwort an max.schroeder@example.org schicken", "eine E-Mail-Adresse"),
    ("Erstattung auf DE89 3704 0044 0532 0130 00 prüfen", "eine IBAN"),
    ("Post an Hauptstraße 5, 90402 Nürnberg klären", "eine Anschrift"),
    ("Fälle mit Burnout im Team besprechen", "eine Gesundheitsangabe"),
])
def test_dienst_lehnt_angaben_zur_person_ab_und_nennt_was_er_fand(benutzer: Callable[..., Any], text: str,
                                                                  gefunden: str) -> None:
    tl = benutzer("teamleitung", "tl-person")
    with pytest.raises(services.FuehrungFehler) as fehler:
        services.massnahme_festhalten(tl, weisung="202003006", regel="2.2 a) 2", text=text, jetzt=JETZT)
    assert fehler.value.meldung == f"Bitte ohne Angaben zur Person: der Text enthält {gefunden}. {ABHILFE}"
    assert not Massnahme.objects.exists()


def test_auch_die_teamleitung_familienkasse_haelt_keine_person_fest(benutzer: Callable[..., Any]) -> None:
    with pytest.raises(services.FuehrungFehler) as fehler:
        services.massnahme_festhalten(benutzer("teamleitung_fk", "tl-fk-person"), weisung="202003006",
                                      regel="2.2 b) 6", text="Kindergeld 123FK700001 / 955F700001 klären", jetzt=JETZT)
    assert fehler.value.meldung == ("Bitte ohne Angaben zur Person: der Text enthält eine Kindergeldnummer und eine "
                                    f"Kundennummer. {ABHILFE}")
    assert not Massnahme.objects.exists()


@pytest.mark.parametrize("text", ["bis 30.04.2020 nachschulen", "ab 1. April 2020 im Teamgespräch üben",
                                  "Wartezeit > 5 Min. melden", "Kunden auf den Online-Weg hinweisen"])
def test_frist_und_sachtext_sind_erlaubt(benutzer: Callable[..., Any], text: str) -> None:
    m = services.massnahme_festhalten(benutzer("teamleitung", "tl-frist"), weisung="202003006", regel="2.2 a) 2",
                                      text=text, jetzt=JETZT)
    assert Massnahme.objects.get().text == text == m.text


@pytest.fixture
def massnahmen(benutzer: Callable[..., Any]) -> None:
    """Je Rechtskreis eine Maßnahme am Standort Nürnberg — die des SGB III mit dem Text aus dem Rundgang, wie sie
    vor der Prüfung gespeichert werden konnte (unveränderlich: sie steht noch in der Datenbank)."""
    tl = benutzer("teamleitung", "tl-sgb3-alt")
    Massnahme.objects.create(weisung="202003006", regel="2.2 a) 2", standort="Nürnberg", user=tl, erstellt=JETZT,
                             text="Rückruf Kunde 900D000001 Max Schröder klären")
    services.massnahme_festhalten(benutzer("teamleitung_fk", "tl-fk-eigen"), weisung="202003006", regel="2.2 b) 6",
                                  text="ÖD-Fälle im Teamgespräch klären", jetzt=JETZT)


def test_teamleitung_familienkasse_sieht_keine_massnahmen_des_sgb3(massnahmen: None,
                                                                   anmelden: Callable[..., Client]) -> None:
    client = anmelden("teamleitung_fk", standort="Nürnberg")
    html = client.get("/fuehrung/anlage-7/", ZEITRAUM).content.decode()
    assert "900D000001" not in html and "Schröder" not in html
    assert "ÖD-Fälle im Teamgespräch klären" in html                    # die eigene Regel: ihre Maßnahmen
    a2 = html.split("2.2 a) 2: ", 2)[2].split("</section>")[0]        # nach dem Eintrag im Inhaltsverzeichnis
    assert ("Die Regel gehört zu einem anderen Rechtskreis; die Maßnahmen dazu sieht die Teamleitung oder die "
            "Teamleitung E-Mail.") in a2 and "Noch keine vereinbart" not in a2
    datei = client.get("/fuehrung/anlage-7/", {**ZEITRAUM, "format": "csv"}).content.decode().lstrip("\ufeff")
    assert "900D000001" not in datei and "ÖD-Fälle im Teamgespräch klären" in datei
    zeilen = list(csv.reader(io.StringIO(datei), delimiter=";"))
    tabelle = zeilen[zeilen.index(ANLAGE7_KOPF):]
    assert [z[2:5] for z in tabelle if z[0] == "2.2 a) 2"] == [
        ["Keine Zahlen", "alle Gruppen", "Die Regel misst Kontakte der Kanäle E-Mail-Bearbeitung, Eingangszone, "
         "Service Center SGB III, nicht Ihrer Kanäle; die Zahlen dazu sieht die Teamleitung oder die Teamleitung "
         "E-Mail. Die Regel gehört zu einem anderen Rechtskreis; ihre Maßnahmen stehen nur in dessen Anlage 7."]]
    api = client.get("/api/fuehrung/anlage7", {"von": "2020-02-01", "bis": "2020-04-30"}).json()
    regeln = {r["regel"]: r["massnahmen"] for r in api}
    assert regeln["2.2 a) 2"] == [] and regeln["2.2 b) 6"] == ["ÖD-Fälle im Teamgespräch klären"]


def test_teamleitung_sgb3_sieht_keine_massnahmen_der_familienkasse(massnahmen: None,
                                                                   anmelden: Callable[..., Client]) -> None:
    html = anmelden("teamleitung", standort="Nürnberg").get("/fuehrung/anlage-7/", ZEITRAUM).content.decode()
    assert "ÖD-Fälle im Teamgespräch klären" not in html
    assert ("Die Regel gehört zu einem anderen Rechtskreis; die Maßnahmen dazu sieht die Teamleitung "
            "Familienkasse.") in html


def test_teamleitung_email_sieht_die_massnahmen_ihres_rechtskreises(massnahmen: None,
                                                                    benutzer: Callable[..., Any]) -> None:
    """Die Regel 2.2 a) 6 misst die Teamleitung E-Mail nicht (keine Zahlen), sie gehört aber zum SGB III wie sie."""
    services.massnahme_festhalten(benutzer("teamleitung", "tl-a6"), weisung="202003006", regel="2.2 a) 6",
                                  text="Online-Weg anbieten", jetzt=JETZT)
    zeilen = {r.regel: r for r in anlage7(Zeitraum(dt.date(2020, 2, 1), dt.date(2020, 4, 30)), kanaele=["emb"])}
    a6 = zeilen["2.2 a) 6"]
    assert not a6.gezaehlt and a6.massnahmen_sichtbar and [m.text for m in a6.massnahmen] == ["Online-Weg anbieten"]
    assert not zeilen["2.2 b) 6"].massnahmen_sichtbar and zeilen["2.2 b) 6"].massnahmen == []


def _beschaeftigte(benutzer: Callable[..., Any], name: str, vorname: str, nachname: str, standort: str) -> None:
    b = benutzer("agent_sc3", name, standort=standort)
    b.first_name, b.last_name = vorname, nachname
    b.save(update_fields=["first_name", "last_name"])


@pytest.mark.parametrize("text", ["Anna Weber nachschulen", "Gespräch mit Weber, Anna zur Wartezeit",
                                  "Nachschulung für WEBERA1 vereinbaren", "Anna Webers Rückrufe prüfen"])
def test_name_einer_beschaeftigten_am_standort_auch_ohne_anrede(benutzer: Callable[..., Any], text: str) -> None:
    """Rundgang Teamleitung: „Anna Weber nachschulen“ ging durch (nur Namen mit Anrede fielen auf). Anlage 7
    beschreibt, was das Team tut: Namen der Beschäftigten des Standorts, auch ohne Anrede und als Benutzername,
    lehnt der Dienst ab — beim Festhalten wie beim Ändern."""
    _beschaeftigte(benutzer, "WEBERA1", "Anna", "Weber", "Nürnberg")
    tl = benutzer("teamleitung", "tl-namen")
    with pytest.raises(services.FuehrungFehler) as fehler:
        services.massnahme_festhalten(tl, weisung="202003006", regel="2.2 a) 2", text=text, jetzt=JETZT)
    assert fehler.value.meldung == f"Bitte ohne Angaben zur Person: der Text enthält einen Namen. {ABHILFE}"
    m = services.massnahme_festhalten(tl, weisung="202003006", regel="2.2 a) 2", text="Team nachschulen", jetzt=JETZT)
    with pytest.raises(services.FuehrungFehler):
        services.massnahme_aendern(tl, m.pk, text=text, jetzt=JETZT)
    assert Massnahme.objects.get().text == "Team nachschulen"


def test_nachname_allein_und_namen_anderer_standorte_sind_kein_befund(benutzer: Callable[..., Any]) -> None:
    """Der Nachname allein ist oft ein Wort („Neu“, „Mai“); Beschäftigte anderer Standorte kennt der Text nicht."""
    _beschaeftigte(benutzer, "neu1", "Paul", "Neu", "Nürnberg")
    _beschaeftigte(benutzer, "lang1", "Eva", "Lang", "Fürth")
    text = "Neu: ab Mai Eva Lang als Patin im Nachbarteam anfragen"
    m = services.massnahme_festhalten(benutzer("teamleitung", "tl-wort"), weisung="202003006", regel="2.2 a) 2",
                                      text=text, jetzt=JETZT)
    assert m.text == text
