"""Mängel aus dem Rundgang durch Freigabepaket und Freigabe: abgelehnte Eingaben bleiben stehen (Meldung am Feld,
Fokus dorthin), Daten, die es nicht gibt, heißen so, nur Weisungen des Katalogs, ein freigegebenes Paket zeigt,
was freigegeben wurde, Protokoll und Unterschied in Worten, nicht vollständig nachspielbare Kontakte eigens
gezählt, und das Szenario-Tor sagt, welche Szenarien nicht auf dem Entwurf liefen und warum."""

from __future__ import annotations

import datetime as dt
import html as html_modul
import re
from collections.abc import Callable
from typing import Any

import pytest

from kundenportal.gespraech import services as gespraech
from kundenportal.redaktion.forms import DatumsFeld, Freigeben, PaketAnlegen, SzenarioAufzeichnen
from kundenportal.redaktion.models import Freigabepaket, Katalogdatei
from kundenportal.redaktion.paketkatalog import paket_katalog
from kundenportal.redaktion.queries import katalog_aus_datenbank, letzte_laeufe
from kundenportal.redaktion.services.entwurf import entwurf_beginnen, entwurf_speichern, kopf_setzen
from kundenportal.redaktion.services.freigabe import (
    FreigabeFehler,
    entwurf_zuordnen,
    paket_aendern,
    paket_anlegen,
    paket_einreichen,
    paket_fingerabdruck,
    paket_freigeben,
    tor_laufen_lassen,
)
from kundenportal.redaktion.services.protokoll import einzelheiten
from kundenportal.redaktion.services.szenario import szenario_speichern
from kundenportal.redaktion.verhalten import verhaltensdiff
from kundenportal.redaktion.yamlfeld import feld_setzen
from kundenportal.verdrahtung import systeme
from tests.fixtures_katalog import Anmelden

from .test_lebenszyklus import SZENARIO
from .werkzeug import BASIS, NEUER_TEXT, entwurf_3307, paket_mit

pytestmark = pytest.mark.django_db
Benutzer = Callable[..., Any]


def _element(html: str, feld_id: str) -> str:
    """Das Eingabeelement mit der id (input, textarea samt Inhalt, select)."""
    treffer = re.search(rf'<(input|textarea|select)[^>]*\bid="{feld_id}"[^>]*>(?:(.*?)</textarea>)?', html, re.S)
    assert treffer, feld_id
    return html_modul.unescape(treffer[0])


def _am_feld(html: str, feld_id: str, meldung: str) -> None:
    """Die Meldung steht am Feld (id …_error), das Feld verweist darauf, ist ungültig markiert und hat den Fokus."""
    fehler = re.search(rf'<p class="kern-error" id="{feld_id}_error">.*?</p>', html, re.S)
    assert fehler and meldung in html_modul.unescape(fehler[0]), (feld_id, meldung)
    element = _element(html, feld_id)
    assert f"{feld_id}_error" in re.search(r'aria-describedby="([^"]*)"', element)[1]  # type: ignore[index]
    assert 'aria-invalid="true"' in element and "autofocus" in element
    assert html.count("autofocus") == 1                   # nur das erste Feld mit Fehler


@pytest.fixture
def eingereicht(db_katalog: None, benutzer: Benutzer, settings: Any) -> Freigabepaket:
    """Ein Paket der Weisung 202003006 mit bestandenem Tor, zur Freigabe eingereicht (heute: 01.04.2020)."""
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"
    autor = benutzer("redaktion", "autorin")
    p = paket_mit(autor, entwurf_3307(autor))
    szenario_speichern(autor, SZENARIO)
    assert tor_laufen_lassen(autor, p.pk)["ok"]
    return paket_einreichen(autor, p.pk)


# --- 1: abgelehnte Eingaben bleiben stehen, Meldung am Feld, Fokus dorthin --------------------------------------

def test_freigabe_mit_datum_in_der_vergangenheit_behaelt_die_eingaben(eingereicht: Freigabepaket,
                                                                      anmelden: Anmelden) -> None:
    antwort = anmelden("freigabe").post(f"/redaktion/pakete/{eingereicht.pk}/freigeben/", {
        "freigabe-gueltig_ab": "01.01.2020", "freigabe-kommentar": "Bitte rückwirkend zum Jahresbeginn."})
    html = antwort.content.decode()
    assert antwort.status_code == 400 and "<title>Fehler: Freigabepaket Weisung 202003006" in html
    _am_feld(html, "id_freigabe-gueltig_ab", "Gültig ab: 01.01.2020 liegt in der Vergangenheit.")
    assert 'value="2020-01-01"' in _element(html, "id_freigabe-gueltig_ab")      # so zeigt das Datumsfeld es an
    assert "Bitte rückwirkend zum Jahresbeginn.</textarea>" in _element(html, "id_freigabe-kommentar")
    assert "Nicht freigegeben: bitte die markierten Angaben prüfen." in html
    assert Freigabepaket.objects.get(pk=eingereicht.pk).status == Freigabepaket.ZUR_FREIGABE


def test_freigabe_mit_datum_das_es_nicht_gibt(eingereicht: Freigabepaket, anmelden: Anmelden) -> None:
    antwort = anmelden("freigabe").post(f"/redaktion/pakete/{eingereicht.pk}/freigeben/", {
        "freigabe-gueltig_ab": "31.02.2020", "freigabe-kommentar": "passt"})
    html = antwort.content.decode()
    assert antwort.status_code == 400
    _am_feld(html, "id_freigabe-gueltig_ab", "Den 31.02.2020 gibt es nicht: der Februar 2020 hat 29 Tage.")
    assert "passt</textarea>" in _element(html, "id_freigabe-kommentar")


def test_zurueckweisen_ohne_kommentar_nennt_das_feld(eingereicht: Freigabepaket, anmelden: Anmelden) -> None:
    c = anmelden("freigabe")
    antwort = c.post(f"/redaktion/pakete/{eingereicht.pk}/zurueckweisen/", {"zurueck-kommentar": "  "})
    html = antwort.content.decode()
    assert antwort.status_code == 400
    _am_feld(html, "id_zurueck-kommentar", "Bitte sagen, was zu ändern ist.")
    assert Freigabepaket.objects.get(pk=eingereicht.pk).status == Freigabepaket.ZUR_FREIGABE
    antwort = c.post(f"/redaktion/pakete/{eingereicht.pk}/zurueckweisen/", {"zurueck-kommentar": "Titel prüfen"})
    assert antwort.status_code == 302
    assert Freigabepaket.objects.get(pk=eingereicht.pk).status == Freigabepaket.ZURUECKGEWIESEN


def test_freigabe_eines_inzwischen_freigegebenen_pakets_meldet_oben(eingereicht: Freigabepaket, benutzer: Benutzer,
                                                                    anmelden: Anmelden) -> None:
    """Ein zweiter Tab: das Paket ist schon freigegeben, ein Freigabeformular gibt es nicht mehr."""
    paket_freigeben(benutzer("freigabe", "erste"), eingereicht.pk, gueltig_ab=dt.date(2020, 4, 15))
    antwort = anmelden("freigabe").post(f"/redaktion/pakete/{eingereicht.pk}/freigeben/", {
        "freigabe-gueltig_ab": "2020-04-20"}, follow=True)
    assert "Das Paket ist freigegeben und geplant, nicht zur Freigabe." in antwort.content.decode()


def test_paket_anlegen_und_aendern_fokus_auf_dem_ersten_fehler(db_katalog: None, anmelden: Anmelden,
                                                              benutzer: Benutzer) -> None:
    c = anmelden("redaktion")
    antwort = c.post("/redaktion/pakete/anlegen/", {
        "paket-weisung": "abc", "paket-titel": "Insolvenzgeld", "paket-datum": "2020-03-30", "paket-stand": "04/2020"})
    html = antwort.content.decode()
    assert antwort.status_code == 400 and not Freigabepaket.objects.exists()
    _am_feld(html, "id_paket-weisung", "Weisung: „abc“ ist keine Nummer einer Weisung.")
    assert 'value="abc"' in _element(html, "id_paket-weisung") and 'value="Insolvenzgeld"' in html
    assert "Eine Weisung des Katalogs: 202003006, 201912024" in html             # der Hinweis am Feld
    assert re.search(r"<details open>\s*<summary>Freigabepaket für eine Weisung anlegen", html)

    p = paket_anlegen(benutzer("redaktion"), weisung="202003006", titel="Tippfehlr", datum=dt.date(2020, 3, 30))
    antwort = c.post(f"/redaktion/pakete/{p.pk}/aendern/", {
        "aendern-weisung": "202003006", "aendern-titel": "Tippfehler", "aendern-datum": "30.03.2020",
        "aendern-gueltig_ab": "29.02.2021", "aendern-fingerabdruck": paket_fingerabdruck(p)})
    html = antwort.content.decode()
    assert antwort.status_code == 400
    _am_feld(html, "id_aendern-gueltig_ab", "Den 29.02.2021 gibt es nicht: der Februar 2021 hat 28 Tage.")
    assert 'value="Tippfehler"' in _element(html, "id_aendern-titel")


def test_fokus_folgt_der_reihenfolge_der_felder() -> None:
    form = Freigeben({"freigabe-gueltig_ab": "", "freigabe-kommentar": "x"}, prefix="freigabe")
    assert not form.is_valid() and form.fields["gueltig_ab"].widget.attrs.get("autofocus")
    paket = PaketAnlegen({"paket-weisung": "202003006", "paket-titel": "", "paket-datum": "1.13.2020"},
                         prefix="paket")
    assert not paket.is_valid()
    assert [n for n, f in paket.fields.items() if f.widget.attrs.get("autofocus")] == ["titel"]
    assert paket.errors["datum"] == ["Den 01.13.2020 gibt es nicht: ein Jahr hat die Monate 01 bis 12."]


# --- 2: Daten, die es nicht gibt ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("eingabe", "meldung"), [
    ("31.02.2020", "Den 31.02.2020 gibt es nicht: der Februar 2020 hat 29 Tage."),
    ("2021-02-29", "Den 29.02.2021 gibt es nicht: der Februar 2021 hat 28 Tage."),
    ("31.4.2020", "Den 31.04.2020 gibt es nicht: der April 2020 hat 30 Tage."),
    ("00.05.2020", "Den 00.05.2020 gibt es nicht: der Mai 2020 hat 31 Tage."),
    ("morgen", "Bitte ein Datum in der Form TT.MM.JJJJ angeben, z. B. 15.04.2020."),
    ("", "Bitte ein Datum angeben."),
])
def test_datumsfeld_sagt_was_nicht_stimmt(eingabe: str, meldung: str) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as fehler:
        DatumsFeld().clean(eingabe)
    assert fehler.value.messages == [meldung]
    assert DatumsFeld().clean("29.02.2020") == dt.date(2020, 2, 29)


# --- 3: Weisungen des Katalogs oder neue mit 9 Ziffern, Entwürfe nur zur Weisung des Pakets ------------------------------------------

def test_paket_nur_fuer_eine_weisung_mit_gueltiger_nummer(db_katalog: None, benutzer: Benutzer) -> None:
    autor = benutzer("redaktion")
    with pytest.raises(FreigabeFehler) as fehler:
        paket_anlegen(autor, weisung="abc", titel="x", datum=dt.date(2020, 3, 30))
    assert fehler.value.code == "weisung_unbekannt"
    assert fehler.value.meldung == ("Weisung: „abc“ ist keine Nummer einer Weisung. Die Nummer einer Weisung hat 9 "
                                    "Ziffern: Jahr, Monat, laufende Nummer (z. B. 202612001). Eine Weisung des "
                                    "Katalogs eintragen (z. B. 202003006, 201912024) oder die Nummer einer neuen: sie "
                                    "erfassen Sie danach am Paket.")
    p = paket_anlegen(autor, weisung=" 202003006 ", titel="x", datum=dt.date(2020, 3, 30))
    assert p.weisung == "202003006"
    with pytest.raises(FreigabeFehler, match="„2020999“ ist keine Nummer einer Weisung"):
        paket_aendern(autor, p.pk, fingerabdruck=paket_fingerabdruck(p), weisung="2020999", titel="x",
                      datum=dt.date(2020, 3, 30))


def test_entwurf_einer_anderen_weisung_wird_nicht_still_aufgenommen(db_katalog: None, benutzer: Benutzer,
                                                                   anmelden: Anmelden, settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"
    autor = benutzer("redaktion")
    katalog = katalog_aus_datenbank()
    e = entwurf_beginnen(autor, katalog, basis=Katalogdatei.objects.get(pfad=BASIS), stand=dt.date(2020, 4, 1))
    e, _ = entwurf_speichern(autor, e.pk, katalog, version=e.version,
                             text=kopf_setzen(e.text, "weisung", '"201912024"'))
    p = paket_anlegen(autor, weisung="202003006", titel="Insolvenzgeld", datum=dt.date(2020, 3, 30))
    meldung = (f"SC 3.307 (Entwurf {e.pk}) nennt Weisung 201912024, dieses Paket gehört zu Weisung 202003006. Im "
               f"Entwurf weisung: \"202003006\" eintragen oder ihn in ein Paket der Weisung 201912024 aufnehmen.")
    with pytest.raises(FreigabeFehler) as fehler:
        entwurf_zuordnen(autor, p.pk, e.pk)
    assert (fehler.value.code, fehler.value.meldung) == ("weisung_abweichend", meldung)
    antwort = anmelden("redaktion").post(f"/redaktion/pakete/{p.pk}/zuordnen/", {"entwurf": e.pk}, follow=True)
    assert html_modul.unescape(antwort.content.decode()).count(meldung) == 1
    assert not p.entwuerfe.exists()

    # Nachträglich im Paket geändert: das Tor hält an
    e, _ = entwurf_speichern(autor, e.pk, katalog, version=e.version,
                             text=kopf_setzen(e.text, "weisung", '"202003006"'))
    entwurf_zuordnen(autor, p.pk, e.pk)
    entwurf_speichern(autor, e.pk, katalog, version=e.version, text=kopf_setzen(e.text, "weisung", '"201912024"'))
    tor = tor_laufen_lassen(autor, p.pk)
    assert not tor["ok"] and tor["weisung"] == [
        f"SC 3.307 (Entwurf {e.pk}) nennt Weisung 201912024, das Paket gehört zu Weisung 202003006: im Entwurf "
        "weisung: \"202003006\" eintragen oder ihn aus dem Paket nehmen."]


# --- 4 und 5: ein freigegebenes Paket zeigt, was freigegeben wurde; Protokoll und Unterschied in Worten ------------

def test_freigegebenes_paket_zeigt_die_freigegebenen_fassungen_mit_unterschied(eingereicht: Freigabepaket,
                                                                               benutzer: Benutzer,
                                                                               anmelden: Anmelden) -> None:
    paket_freigeben(benutzer("freigabe"), eingereicht.pk, gueltig_ab=dt.date(2020, 4, 15), kommentar="passt")
    html = html_modul.unescape(anmelden("redaktion").get(f"/redaktion/pakete/{eingereicht.pk}/").content.decode())
    assert "Noch keine Entwürfe." not in html
    assert "Mit der Freigabe sind die Entwürfe zu Fassungen geworden" in html
    assert "Änderungsübersicht (freigegeben, nur lesend)" in html
    assert "SC 3.307: Stand 20.03.2020 → Stand 01.04.2020" in html
    assert "~ geändert: Schritt erhoehung (Frage)" in html and "~ geändert: Schritt stufe (Prüfung)" in html
    assert NEUER_TEXT in html and 'scope="col">Freigegeben</th>' in html
    assert re.search(r'<td class="kern-table__cell">Gültig ab</td>\s*<td class="kern-table__cell">20\.03\.2020</td>'
                     r'<td class="kern-table__cell">15\.04\.2020</td>', html)
    assert "Regelspur" in html and "Keine Regel verweist" not in html
    assert "<code>stand</code>" not in html and "<code>gueltig_ab</code>" not in html
    # Protokoll in Sätzen
    assert "Szenario-Tor: bestanden" in html
    assert "Weisung 202003006; gültig ab 15.04.2020; Fassung SC 3.307, Stand 01.04.2020" in html
    for roh in ("ok: True", "fassungen:", "SC 3.307@", "['"):
        assert roh not in html, roh
    # Zurückgerufen: die Übersicht bleibt, die Entwürfe sind wieder frei
    from kundenportal.redaktion.services.freigabe import paket_zurueckrufen
    paket_zurueckrufen(benutzer("freigabe", "zweite"), eingereicht.pk)
    html = html_modul.unescape(anmelden("redaktion").get(f"/redaktion/pakete/{eingereicht.pk}/").content.decode())
    assert "Änderungsübersicht (zurückgerufen, nur lesend)" in html and "(zurückgerufen: die Entwürfe sind wieder" in html
    assert "~ geändert: Schritt erhoehung (Frage)" in html


def test_protokoll_in_worten() -> None:
    assert einzelheiten({"ok": False, "szenarien": 14, "ungedeckt": 2}) == (
        "Szenario-Tor: nicht bestanden; 14 Szenarien; 2 geänderte Schritte ohne Szenario")
    assert einzelheiten({"ok": True, "szenarien": 1, "ungedeckt": 0}) == "Szenario-Tor: bestanden; 1 Szenario"
    assert einzelheiten({"felder": ["geltungsbereich", "gueltig_ab"]}) == "geändert: Geltungsbereich, Gültig ab"
    assert einzelheiten({"fassungen": ["SC 3.307@2026-12-06", "SC 3.003@2026-12-06"]}) == (
        "Fassung SC 3.307, Stand 06.12.2026; Fassung SC 3.003, Stand 06.12.2026")
    assert einzelheiten({"entwurf": 7, "leitfaden": "SC 3.307"}) == "Entwurf 7; Leitfaden SC 3.307"
    assert einzelheiten({"kommentar": "Titel prüfen"}) == "Kommentar: „Titel prüfen“"
    assert einzelheiten({"neu_gelesen": True, "dateien": ["a", "b"]}) == "Dateien: a, b; Neu gelesen: ja"   # fest geordnet
    assert einzelheiten({}) == ""


def test_seite_paket_protokoll_nennt_geaenderte_angaben(db_katalog: None, benutzer: Benutzer,
                                                       anmelden: Anmelden) -> None:
    autor = benutzer("redaktion")
    p = paket_anlegen(autor, weisung="202003006", titel="x", datum=dt.date(2020, 3, 30))
    paket_aendern(autor, p.pk, fingerabdruck=paket_fingerabdruck(p), weisung="202003006", titel="y",
                  datum=dt.date(2020, 3, 30), geltungsbereich={"verbuende": ["nuernberg"]})
    html = anmelden("redaktion").get(f"/redaktion/pakete/{p.pk}/").content.decode()
    assert "geändert: Geltungsbereich, Titel" in html and "felder:" not in html
    assert "<td class=\"kern-table__cell\">Weisung 202003006</td>" in html


# --- 6: nicht vollständig nachspielbar ist nicht „anders“ --------------------------------------------------------

def test_textaenderung_zaehlt_unvollstaendige_kontakte_nicht_als_anders(db_katalog: None, benutzer: Benutzer,
                                                                       kunde: str, settings: Any,
                                                                       anmelden: Anmelden) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-08"
    agent = benutzer("agent_sc3")
    for antworten in ([("identitaet_geprueft", True), ("antrag_online_gewuenscht", True),
                       ("erhoehung_sicherheitsstufe", "eid")], [("identitaet_geprueft", True)]):
        k = gespraech.kontakt_starten(agent, "SC 3.307", kunde)
        for fakt, wert in antworten:
            gespraech.kontakt_beantworten(agent, k, fakt, wert)
        gespraech.kontakt_abschliessen(agent, k, "Vermerk")           # der zweite endet an einer offenen Frage
    redakteur = benutzer("redaktion", "r1")
    e = entwurf_beginnen(redakteur, katalog_aus_datenbank(), basis=Katalogdatei.objects.get(pfad=BASIS),
                         stand=dt.date(2020, 4, 1))
    e, _ = entwurf_speichern(redakteur, e.pk, katalog_aus_datenbank(), version=e.version,
                             text=feld_setzen(e.text, "erhoehung", "text", NEUER_TEXT))
    stand = paket_katalog(katalog_aus_datenbank(), [e])
    ergebnis = verhaltensdiff(katalog_aus_datenbank(), stand.katalog, letzte_laeufe({"SC 3.307"}),
                              {"SC 3.307": "SC 3.307@2020-04-01"}, systeme())
    assert (ergebnis.nachgespielt, ergebnis.abweichungen, len(ergebnis.nicht_nachspielbar)) == (2, [], 1)
    (a,) = ergebnis.nicht_nachspielbar
    assert not a.verglichen and a.gruende == [f"nicht vollständig nachspielbar (bisher und mit dem Entwurf "
                                              f"{a.neu.halt})"] and a.neu.halt.startswith("fragt ")
    html = anmelden("redaktion").get(f"/redaktion/pakete/{paket_mit(redakteur, e).pk}/verhalten/").content.decode()
    assert ("2 vergangene Kontakte (höchstens 200 je Leitfaden) gegen die Entwürfe nachgespielt; 0 würden sich "
            "anders verhalten; 1 nicht vollständig nachspielbar (bis dahin gleich, danach nicht verglichen).") in html
    assert "Kein vergangener Kontakt würde sich anders verhalten — 1 ließen sich nicht bis zum Ende" in html
    assert '<h2 id="unvollstaendig">Nicht vollständig nachspielbar (1)</h2>' in html
    assert 'id="anders"' not in html


# --- 7: das Tor sagt, welche Szenarien nicht auf dem Entwurf liefen und warum -----------------------------------

def test_tor_nennt_szenario_ausserhalb_der_standortregeln(db_katalog: None, benutzer: Benutzer, settings: Any,
                                                          anmelden: Anmelden) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"
    autor = benutzer("redaktion")
    p = paket_anlegen(autor, weisung="202003006", titel="Nur Verbund Nürnberg", datum=dt.date(2020, 3, 30),
                      gueltig_ab=dt.date(2020, 4, 15), geltungsbereich={"verbuende": ["nuernberg"]})
    entwurf_zuordnen(autor, p.pk, entwurf_3307(autor).pk)
    szenario_speichern(autor, SZENARIO.replace("Berlin Mitte", "Köln"))
    tor = tor_laufen_lassen(autor, p.pk)
    assert not tor["ok"] and tor["ungedeckt"]
    assert tor["nicht_auf_entwurf"] == [{
        "id": "sc-3307-redaktion-eid", "fassung": "SC 3.307, Stand 20.03.2020", "entwurf": "SC 3.307, Stand 01.04.2020",
        "grund": "Das Szenario nennt keinen `standort`; es spielt deshalb an der Wohnortagentur der Kundin, Köln, "
                 "und die liegt außerhalb der Standortregeln des Pakets (Verbund Nürnberg).",
        "abhilfe": "Abhilfe: im Szenario `standort` auf einen Standort setzen, an dem der Entwurf gilt (z. B. "
                   "Ansbach-Weißenburg) — im Rekorder das Feld „Standort (wo der Kontakt geführt wird)“ — und das "
                   "Szenario neu aufzeichnen."}]
    projekt = {n["id"]: n["grund"] for n in tor["projekt_nicht_auf_entwurf"]}      # content/szenarien: für sich
    assert projekt["sc-3307-insg-basis-eid"] == ("Das Szenario nennt keinen `standort`; es spielt deshalb an der "
                                                 "Wohnortagentur der Kundin, Berlin Mitte, und die liegt außerhalb der "
                                                 "Standortregeln des Pakets (Verbund Nürnberg).")
    html = html_modul.unescape(anmelden("redaktion").get(f"/redaktion/pakete/{p.pk}/").content.decode())
    assert (f"Nicht bestanden: 2 geänderte Schritte ohne Szenario („stufe“, „erhoehung“ in SC 3.307). Die "
            f"{len(tor['szenarien'])} Szenarien sind bestanden. 1 Szenario der Redaktion lief nicht auf dem Entwurf "
            "(siehe unten).") in html
    assert ("<strong>sc-3307-redaktion-eid</strong> lief auf SC 3.307, Stand 20.03.2020 statt auf SC 3.307, Stand "
            "01.04.2020: Das Szenario nennt keinen `standort`; es spielt deshalb an der Wohnortagentur der Kundin, "
            "Köln, und die liegt außerhalb der Standortregeln des Pakets (Verbund Nürnberg). Abhilfe: im Szenario "
            "`standort` auf einen Standort setzen, an dem der Entwurf gilt (z. B. Ansbach-Weißenburg)") in html
    assert f"{len(projekt)} Szenarien des Projekts prüfen eine andere Fassung als die des Pakets" in html

    # Im Geltungsbereich aufgezeichnet: läuft auf dem Entwurf, das Tor besteht
    from kundenportal.redaktion.models import Szenario
    Szenario.objects.all().delete()
    szenario_speichern(autor, SZENARIO.replace("Berlin Mitte", "Fürth"))
    tor = tor_laufen_lassen(autor, p.pk)
    assert tor["ok"] and tor["nicht_auf_entwurf"] == []


# --- 8: die Kennung eines Szenarios nennt ihre Regel -------------------------------------------------------------

def test_szenario_kennung_nennt_die_regel() -> None:
    form = SzenarioAufzeichnen({"szenario_id": "SC 3307 Öffnung", "titel": "x", "datum": "2020-04-01", "kanal": "sc3"})
    assert not form.is_valid()
    assert form.errors["szenario_id"] == ["Nur Kleinbuchstaben a–z, Ziffern 0–9 und Bindestrich (-), ohne "
                                          "Leerzeichen und Umlaute, z. B. sc-3307-online-antrag."]
