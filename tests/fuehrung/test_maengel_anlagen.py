"""Befunde eines Rundgangs der Teamleitungen durch die Anlagen 5 und 7: Maßnahmen nur zu Regeln der eigenen
Kanäle, Spalten nach der Zeit zur Weisung, Kriterien ohne Kennung, der E-Mail-Rückstand auch im CSV, /fuehrung/
führt zur Anlage 5."""

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
from kundenportal.fuehrung.models import Massnahme
from kundenportal.fuehrung.regelmessung import regel_kanaele

pytestmark = pytest.mark.django_db
ZEITRAUM = {"von": "01.02.2020", "bis": "30.04.2020"}


@pytest.fixture
def demo(db: Any) -> int:
    return demo_kontakte_anlegen(anzahl=300, qs=False)


def test_regel_kanaele_aus_den_leitfaeden_der_messung() -> None:
    tag = dt.date(2020, 4, 1)
    assert regel_kanaele("2.2 a) 4", tag) == ("emb", "ez", "sc3")          # SC 3.004a, EZ 1.004a, EMB AU-Meldung
    assert regel_kanaele("2.2 a) 6", tag) == ("ez", "sc3")
    assert regel_kanaele("2.2 b) 6", tag) == ("scfk",)
    assert regel_kanaele("9.9", tag) is None
    assert regel_kanaele("2.2 a) 4", dt.date(2020, 1, 15)) is None        # Anlage 7 vor der Weisung: ohne Regeln


def test_teamleitung_email_haelt_massnahmen_nur_zu_regeln_der_email_bearbeitung_fest(
        demo: int, anmelden: Callable[..., Client], benutzer: Callable[..., Any]) -> None:
    client = anmelden("teamleitung_emb", standort="Nürnberg")
    html = client.get("/fuehrung/anlage-7/", ZEITRAUM).content.decode()
    assert 'name="regel" value="2.2 a) 4"' in html                      # misst auch EMB AU-Meldung
    assert 'name="regel" value="2.2 a) 6"' not in html                  # nur Telefon und Eingangszone
    assert ("Diese Regel misst die Anlage 7 an Kontakten der Kanäle Eingangszone, Service Center SGB III; "
            "Maßnahmen dazu hält die Teamleitung fest (Ihre Kennzahlen: E-Mail-Bearbeitung).") in html
    antwort = client.post("/fuehrung/anlage-7/?von=01.02.2020&bis=30.04.2020",
                          {"regel": "2.2 a) 6", "text": "Online-Weg öfter anbieten"}, follow=True)
    assert "Maßnahmen dazu hält die Teamleitung fest." in antwort.content.decode()
    assert not Massnahme.objects.exists()
    client.post("/fuehrung/anlage-7/?von=01.02.2020&bis=30.04.2020",
                {"regel": "2.2 a) 4", "text": "AU-Mails am selben Tag an OS AlgPlus"})
    assert Massnahme.objects.get().regel == "2.2 a) 4"
    tl = benutzer("teamleitung", "tl-sgb3", standort="Nürnberg")      # SGB III: keine Regel der Familienkasse
    with pytest.raises(services.FuehrungFehler, match="Service Center Familienkasse"):
        services.massnahme_festhalten(tl, weisung="202003006", regel="2.2 b) 6", text="x",
                                      jetzt=dt.datetime(2020, 4, 1, tzinfo=dt.UTC))
    services.massnahme_festhalten(tl, weisung="202003006", regel="2.2 a) 6", text="Online-Weg anbieten",
                                  jetzt=dt.datetime(2020, 4, 1, tzinfo=dt.UTC))
    assert Massnahme.objects.count() == 2


def test_anlage7_zeigt_nur_die_spalten_der_gewaehlten_zeit_zur_weisung(demo: int,
                                                                      anmelden: Callable[..., Client]) -> None:
    client = anmelden("teamleitung", standort="Nürnberg")
    ab = client.get("/fuehrung/anlage-7/", {**ZEITRAUM, "phase": "ab"}).content.decode()
    assert "Kontakte ab dem 20.03.2020" in ab and "Kontakte vor dem 20.03.2020" not in ab
    vor = client.get("/fuehrung/anlage-7/", {**ZEITRAUM, "phase": "vor"}).content.decode()
    assert "Kontakte vor dem 20.03.2020" in vor and "Kontakte ab dem 20.03.2020" not in vor
    assert "auf einer Fassung der Weisung" not in vor
    beide = client.get("/fuehrung/anlage-7/", ZEITRAUM).content.decode()
    assert "Kontakte vor dem 20.03.2020" in beide and "Kontakte ab dem 20.03.2020" in beide
    # Kriterien mit ihrem Text und der Anlage, nicht mit ihrer Kennung (a2_abgesagt)
    assert "(Anlage 2.2.1)" in beide and "a2_abgesagt" not in beide


def test_anlage5_csv_hat_den_email_rueckstand_wie_die_seite(demo: int, anmelden: Callable[..., Client]) -> None:
    client = anmelden("teamleitung", standort="Nürnberg")
    seite = client.get("/fuehrung/anlage-5/", ZEITRAUM).content.decode()
    assert "E-Mail-Rückstand: Mails in der Warteschlange am 30.04.2020" in seite
    inhalt = client.get("/fuehrung/anlage-5/", {**ZEITRAUM, "format": "csv"}).content.decode("utf-8-sig")
    zeilen = list(csv.reader(io.StringIO(inhalt), delimiter=";"))
    letzte = zeilen[-1]
    assert letzte[0] == "E-Mail-Rückstand: Mails in der Warteschlange am 30.04.2020 (ganzes Kundenpostfach)"
    # ein eigener Abschnitt mit eigener Kopfzeile: die Zahl steht in keiner Spalte einer Standortgruppe
    assert letzte[1] == "Mails" and letzte[2].isdigit() and zeilen[-2] == ["Kennzahl", "Einheit", "Ganzes Kundenpostfach"]


def test_fuehrung_ohne_anlage_fuehrt_zur_anlage5(anmelden: Callable[..., Client]) -> None:
    antwort = anmelden("teamleitung", standort="Nürnberg").get("/fuehrung/")
    assert antwort.status_code == 302 and antwort["Location"] == "/fuehrung/anlage-5/"


def test_massnahme_darf_kleiner_und_groesser_zeichen_enthalten_aber_kein_markup(
        demo: int, benutzer: Callable[..., Any]) -> None:
    tl = benutzer("teamleitung", "tl-zeichen", standort="Nürnberg")
    jetzt = dt.datetime(2020, 4, 1, tzinfo=dt.UTC)
    m = services.massnahme_festhalten(tl, weisung="202003006", regel="2.2 a) 6", text="Wartezeit > 5 Min. melden",
                                      jetzt=jetzt)
    assert m.text == "Wartezeit > 5 Min. melden"
    with pytest.raises(services.FuehrungFehler, match="keine HTML-Auszeichnungen"):
        services.massnahme_festhalten(tl, weisung="202003006", regel="2.2 a) 6", text="<b>fett</b>", jetzt=jetzt)


def test_kontakte_je_anliegen_haben_eine_summenzeile(demo: int, anmelden: Callable[..., Client]) -> None:
    from kundenportal.fuehrung.kennzahlen import Zeitraum, anlage5

    b = anlage5(Zeitraum(dt.date(2020, 2, 1), dt.date(2020, 4, 30)))
    pilot, andere = b.je_anliegen_summe
    kontakte = next(z for z in b.zeilen if z.kennzahl == "kontakte_je_anliegen").werte
    assert (pilot, andere) == (kontakte[0] + kontakte[1], kontakte[2] + kontakte[3]) and pilot > 0
    html = anmelden("teamleitung", standort="Nürnberg").get("/fuehrung/anlage-5/", ZEITRAUM).content.decode()
    assert (f'<th class="kern-table__header" scope="row" colspan="3">Zusammen</th><td class="kern-table__cell">{pilot}'
            f'</td><td class="kern-table__cell">{andere}</td>') in html


def test_abgelehnte_massnahme_bleibt_im_feld_mit_der_meldung_daran(demo: int, anmelden: Callable[..., Client]) -> None:
    client = anmelden("teamleitung", standort="Nürnberg")
    text = "<b>Teamgespräch</b> zur Absage im ATV"
    antwort = client.post("/fuehrung/anlage-7/?von=01.02.2020&bis=30.04.2020", {"regel": "2.2 a) 2", "text": text})
    assert antwort.status_code == 400 and not Massnahme.objects.exists()
    html = antwort.content.decode()
    assert 'aria-invalid="true" autofocus value="&lt;b&gt;Teamgespräch&lt;/b&gt; zur Absage im ATV"' in html
    assert "darf keine HTML-Auszeichnungen wie &lt;b&gt; enthalten" in html
    assert html.count('aria-invalid="true"') == 1                   # nur am Feld der Regel 2.2 a) 2


@pytest.mark.parametrize(("text", "meldung"), [
    ("   ", "Bitte beschreiben Sie die Maßnahme."),
    ("x" * 501, "Die Maßnahme ist 501 Zeichen lang; erlaubt sind höchstens 500."),
])
def test_leere_und_zu_lange_massnahme_sagen_was_fehlt(anmelden: Callable[..., Client], text: str, meldung: str) -> None:
    antwort = anmelden("teamleitung", standort="Nürnberg").post(
        "/fuehrung/anlage-7/?von=01.02.2020&bis=30.04.2020", {"regel": "2.2 a) 2", "text": text})
    assert antwort.status_code == 400 and not Massnahme.objects.exists()
    assert meldung in antwort.content.decode()


def test_ungueltiger_zeitraum_nennt_trotzdem_den_weisungstag(anmelden: Callable[..., Client]) -> None:
    html = anmelden("teamleitung", standort="Nürnberg").get("/fuehrung/anlage-7/", {"von": "31.02.2020"}).content.decode()
    assert "seit dem 20.03.2020" in html and "seit dem ," not in html
