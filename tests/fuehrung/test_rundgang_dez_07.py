"""Befunde eines Rundgangs der Teamleitung durch die Anlagen 5 und 7 (Dezember 2026): keine Kennungen der
Redaktion unter „Gemessen an“ (Schritte, Leitfäden), der Fehler zur Zeit zur Weisung am Feld, das zu ändern ist,
„1 Kontakt“ statt „1 Kontakte“, ein Titel der Liste ohne „Kontakte: Kontakte“, die Woche mit dem Weisungstag."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.fuehrung.demo import demo_kontakte_anlegen
from kundenportal.fuehrung.kennzahlen import Zeitraum, stichtag_hinweis
from kundenportal.fuehrung.kontaktliste import kontakte_zahl
from kundenportal.fuehrung.regelmessung import leitfaden_lesbar, schritt_lesbar

pytestmark = pytest.mark.django_db
ZEITRAUM = {"von": "01.02.2020", "bis": "30.04.2020"}
# eine Kennung der Redaktion: Kleinbuchstaben mit Unterstrich (abmelden_regel, abmelden_em_voll)
KENNUNG = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


@pytest.fixture
def demo(db: Any) -> int:
    return demo_kontakte_anlegen(anzahl=300, qs=False)


def _gemessen_an(seite: str, regel: str) -> str:
    """Der Absatz „Gemessen an: …“ im Abschnitt der Regel, als Text."""
    kopf = re.search(rf'<h2 id="regel-\d+">{re.escape(regel)}: ', seite)
    assert kopf is not None
    abschnitt = seite[kopf.end():].split("</section>", 1)[0]
    absatz = re.search(r"<p>Gemessen an:(.*?)</p>", abschnitt, re.S)
    assert absatz is not None
    return html_lib.unescape(absatz.group(1))


# --- 1. Schritte und Leitfäden in Worten, nicht mit ihrer Kennung -------------------------------------------------

def test_anlage7_nennt_die_schritte_der_rentenarten_in_worten(demo: int, anmelden: Callable[..., Client]) -> None:
    seite = anmelden("teamleitung", standort="Nürnberg").get("/fuehrung/anlage-7/", ZEITRAUM).content.decode()
    text = _gemessen_an(seite, "2.2 a) 3")
    assert KENNUNG.findall(text) == []
    for kennung in ("abmelden_regel", "abmelden_vorzeitig", "abmelden_schwerbehindert", "abmelden_em_voll",
                    "statuswechsel"):
        assert kennung not in text
    assert "SC 3.004a: „Abmeldung wegen Regelaltersrente zum ….“ (Aktion ausgeführt)" in text
    assert "„Abmeldung wegen Altersrente für schwerbehinderte Menschen zum ….“" in text
    assert "„Abmeldung wegen Rente wegen voller Erwerbsminderung zum ….“" in text
    # in keinem Abschnitt eine Kennung unter „Gemessen an“
    for regel in ("2.1", "2.2 a) 1", "2.2 a) 2", "2.2 a) 4", "2.2 a) 5", "2.2 a) 6"):
        assert KENNUNG.findall(_gemessen_an(seite, regel)) == [], regel


def test_schritt_ohne_vermerk_in_der_jungsten_fassung_heisst_wie_sein_vermerk_im_fachverfahren() -> None:
    # Die Fassung vom 09.12.2026 hat an den Abmeldungen weder Text noch Vermerk: der Vermerk der Aktion (VerBIS)
    # mit dem Abmeldegrund in Worten, statt der Kennung.
    spaeter = schritt_lesbar("SC 3.004a", "abmelden_regel", dt.date(2026, 12, 20))
    assert spaeter == "SC 3.004a: „VerBIS: Abmeldung erfasst, Grund Regelaltersrente, zum ….“ (Aktion ausgeführt)"
    assert "abmelden" not in schritt_lesbar("SC 3.004a", "abmelden_em_voll", dt.date(2026, 12, 20))
    # im Zeitraum um den Weisungstag gilt die Fassung vom 23.03.2020: ihr Vermerk
    assert schritt_lesbar("SC 3.004a", "abmelden_regel", dt.date(2020, 4, 30)) == (
        "SC 3.004a: „Abmeldung wegen Regelaltersrente zum ….“ (Aktion ausgeführt)")


def test_terminabsage_nennt_den_baustein_und_die_leitfaeden_die_ihn_einbinden(
        demo: int, anmelden: Callable[..., Client]) -> None:
    # Die Anlage 7 misst 2.2 a) 2 am Baustein „BS Terminabsage“; gezählt wird an den Kontakten der Leitfäden, die
    # ihn einbinden (darunter „EMB Terminabsage“) — beides steht jetzt so da, ohne die Kennungen gegeneinander.
    seite = anmelden("teamleitung", standort="Nürnberg").get("/fuehrung/anlage-7/", ZEITRAUM).content.decode()
    text = _gemessen_an(seite, "2.2 a) 2")
    assert text.startswith(" E-Mail: Terminabsage / Terminverschiebung, EZ 1.003, ")
    assert "Baustein „einheitliche Terminabsage“ (in den genannten Leitfäden eingebunden): „Der Termin wird" in text
    assert "EMB Terminabsage" not in text and "BS Terminabsage" not in text
    eservice = _gemessen_an(seite, "2.2 a) 1")
    assert "Beratungsgespraech" not in eservice
    assert eservice.startswith(" eService „Beratungsgespräch vorbereiten“, SC 3.001b")
    assert leitfaden_lesbar("SC 3.004a") == "SC 3.004a" and leitfaden_lesbar("FK 4.001") == "FK 4.001"


# --- 2. Der Fehler zur Zeit zur Weisung steht am Feld, das zu ändern ist -----------------------------------------

@pytest.mark.parametrize(("filter", "feld", "meldung"), [
    ({"von": "01.02.2020", "bis": "15.03.2020", "phase": "ab"}, "bis",
     "Der Zeitraum endet vor dem 20.03.2020; „ab der Weisung“ liegt nicht darin."),
    ({"von": "25.03.2020", "bis": "30.04.2020", "phase": "vor"}, "von",
     "Der Zeitraum beginnt ab dem 20.03.2020; „vor der Weisung“ liegt nicht darin."),
])
@pytest.mark.parametrize("anlage", ["anlage-5", "anlage-7"])
def test_zeit_zur_weisung_ausserhalb_des_zeitraums_am_richtigen_feld(
        anmelden: Callable[..., Client], filter: dict[str, str], feld: str, meldung: str, anlage: str) -> None:
    antwort = anmelden("teamleitung", standort="Nürnberg").get(f"/fuehrung/{anlage}/", filter)
    seite = antwort.content.decode()
    assert antwort.status_code == 400
    assert seite.count('aria-invalid="true"') == 1
    assert re.search(rf'<input[^>]*aria-invalid="true"[^>]*id="id_{feld}"', seite)
    anders = "von" if feld == "bis" else "bis"
    assert not re.search(rf'<input[^>]*aria-invalid="true"[^>]*id="id_{anders}"', seite)
    assert f'id="id_{feld}_error"' in seite and meldung in seite
    # die Meldung über dem Filter führt zu diesem Feld
    alarm = seite.split('id="zeitraum-fehler"', 1)[1].split("</div></div>", 1)[0]
    assert f'<a href="#id_{feld}">Zum Feld' in alarm


# --- 3. „1 Kontakt“ und der Titel der Liste -----------------------------------------------------------------------

def test_beschriftung_der_verweise_in_einzahl_und_mehrzahl(demo: int, anmelden: Callable[..., Client]) -> None:
    assert (kontakte_zahl(0), kontakte_zahl(1), kontakte_zahl(2)) == ("0 Kontakte", "1 Kontakt", "2 Kontakte")
    client = anmelden("teamleitung", standort="Nürnberg")
    for anlage in ("anlage-5", "anlage-7"):
        seite = client.get(f"/fuehrung/{anlage}/", ZEITRAUM).content.decode()
        assert not re.search(r'aria-label="1 Kontakte\b', seite), anlage
        for zahl, beschriftung in re.findall(r'aria-label="(\d+) (Kontakte?)\b', seite):
            assert beschriftung == ("Kontakt" if zahl == "1" else "Kontakte"), (anlage, zahl)
    seite = client.get("/fuehrung/anlage-5/", ZEITRAUM).content.decode()
    assert re.search(r'aria-label="1 Kontakt: ', seite)                 # die Demodaten haben solche Zellen


def test_liste_hinter_der_kennzahl_kontakte_hat_einen_sinnvollen_titel(
        demo: int, anmelden: Callable[..., Client]) -> None:
    seite = anmelden("teamleitung", standort="Nürnberg").get("/fuehrung/anlage-5/kontakte/", {
        **ZEITRAUM, "kennzahl": "kontakte_je_anliegen", "vergleich": "pilot-ab"}).content.decode()
    assert "<h1>Kontakte hinter der Kennzahl „Kontakte“</h1>" in seite
    assert "<title>Kontakte hinter „Kontakte“ (Anlage 5)" in seite
    assert "Kennzahl: Kontakte" not in seite and "Kontakte: Kontakte" not in seite


# --- 4. Die Woche mit dem Weisungstag -----------------------------------------------------------------------------

def test_woche_mit_dem_weisungstag_sagt_wie_ihre_tage_zaehlen(demo: int, anmelden: Callable[..., Client]) -> None:
    client = anmelden("teamleitung", standort="Nürnberg")
    seite = client.get("/fuehrung/anlage-5/", ZEITRAUM).content.decode()
    zeilen = re.findall(r'<th class="kern-table__header" scope="row">(\d\d\.\d\d\.\d{4})(.*?)</th>',
                        seite.split('id="a5-trend-tabelle"', 1)[1].split("</table>", 1)[0])
    mit_hinweis = [(woche, rest) for woche, rest in zeilen if rest]
    assert len(zeilen) > 5 and [w for w, _ in mit_hinweis] == ["16.03.2020"]
    assert html_lib.unescape(mit_hinweis[0][1]).endswith(
        "Woche mit dem Weisungstag: Sie enthält Tage vor und ab dem 20.03.2020. In den Kennzahlen oben zählen die "
        "Kontakte vom 16.03.–19.03. „vor“, die vom 20.03.–22.03. „ab dem 20.03.2020“.</span>")
    nur_ab = client.get("/fuehrung/anlage-5/", {**ZEITRAUM, "phase": "ab"}).content.decode()
    assert "Woche mit dem Weisungstag: gezählt sind nur die Tage ab dem 20.03.2020 (20.03.–22.03.)." in nur_ab


def test_stichtag_hinweis_nur_an_der_woche_mit_dem_tag() -> None:
    z = Zeitraum(dt.date(2020, 2, 1), dt.date(2020, 4, 30))
    assert stichtag_hinweis(z, dt.date(2020, 3, 9)) == "" and stichtag_hinweis(z, dt.date(2020, 3, 23)) == ""
    assert "16.03.–19.03. „vor“" in stichtag_hinweis(z, dt.date(2020, 3, 16))
    # der Zeitraum endet am Weisungstag: ein einzelner Tag ab dem 20.03.
    kurz = Zeitraum(dt.date(2020, 3, 18), dt.date(2020, 3, 20))
    assert stichtag_hinweis(kurz, dt.date(2020, 3, 16)).endswith("Kontakte vom 18.03.–19.03. „vor“, die vom 20.03. "
                                                                  "„ab dem 20.03.2020“.")
    vor = Zeitraum(dt.date(2020, 2, 1), dt.date(2020, 4, 30), phase="vor")
    assert stichtag_hinweis(vor, dt.date(2020, 3, 16)) == (
        "Woche mit dem Weisungstag: gezählt sind nur die Tage vor dem 20.03.2020 (16.03.–19.03.).")
