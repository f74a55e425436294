"""Mängel aus dem Rundgang durch den ganzen Lebenszyklus (demo-redaktion, demo-freigabe): Vier-Augen-Prinzip auch für
Bearbeiter, kein Fehler 500 bei einem belegten Ordner, Datumsbereich, Rückruf erst ab dem Gültigkeitstag nicht mehr
angeboten, Längen auf dem Server, Befunde nach dem Rückruf, Stand nach der neuesten Fassung, Ergebnis des Tors in
Worten, Datum der Weisung, Beschriftungen statt Kennungen, Meldungen mit dem wirklichen Grund, schmale Fenster."""

from __future__ import annotations

import datetime as dt
import html as html_modul
import importlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.test import Client

from kundenportal.konten.services import benutzer_anlegen
from kundenportal.redaktion import grenzen
from kundenportal.redaktion.forms import (
    EntwurfBeginnen,
    Freigeben,
    NeuerLeitfaden,
    PaketAnlegen,
    SzenarioAufzeichnen,
)
from kundenportal.redaktion.mitarbeit import freigabe_verwehrt, mitarbeit
from kundenportal.redaktion.models import Entwurf, Freigabepaket, Katalogdatei, Protokolleintrag
from kundenportal.redaktion.queries import katalog_aus_datenbank
from kundenportal.redaktion.services import freigabe as freigabe_dienst
from kundenportal.redaktion.services.entwurf import EntwurfFehler, entwurf_beginnen
from kundenportal.redaktion.services.freigabe import (
    FreigabeFehler,
    entwurf_zuordnen,
    paket_aendern,
    paket_anlegen,
    paket_einreichen,
    paket_fingerabdruck,
    paket_freigeben,
    paket_zurueckrufen,
    tor_laufen_lassen,
)
from kundenportal.redaktion.services.szenario import szenario_speichern
from kundenportal.redaktion.tor import zusammenfassung
from tests.fixtures_katalog import Anmelden

from .test_lebenszyklus import SZENARIO
from .werkzeug import BASIS, entwurf_3307, paket_mit

pytestmark = pytest.mark.django_db
Benutzer = Callable[..., Any]
HTMX = {"HTTP_HX_REQUEST": "true"}
ONLINE_TEXT = "Möchte der Kunde Insolvenzgeld online beantragen?"


def _angemeldet(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _text(antwort: Any) -> str:
    return html_modul.unescape(antwort.content.decode())


@pytest.fixture
def heute(settings: Any) -> Callable[[str], None]:
    def setzen(tag: str) -> None:
        settings.KUNDENPORTAL_STICHTAG = tag
    setzen("2020-04-01")
    return setzen


@pytest.fixture
def beide(db: Any) -> Any:
    """Eine Person mit beiden Rollen (die Administration erlaubt, sie zu verbinden)."""
    return benutzer_anlegen("beide", "geheim-123", ["redaktion", "freigabe"], standort="Nürnberg")


def _mitbearbeitet(autorin: Any, beide: Any) -> tuple[Freigabepaket, Entwurf]:
    """Die Autorin beginnt SC 3.307 und legt das Paket an; `beide` ändert den Text des Schritts „online“ (strukturierter
    Editor); die Autorin prüft das Tor und reicht ein."""
    e = entwurf_3307(autorin)
    p = paket_mit(autorin, e)
    szenario_speichern(autorin, SZENARIO)
    antwort = _angemeldet(beide).post(f"/redaktion/entwuerfe/{e.pk}/feld/", {
        "schritt": "online", "feld": "text", "wert": ONLINE_TEXT, "version": e.version})
    assert antwort.status_code == 302
    e.refresh_from_db()
    assert ONLINE_TEXT in e.text
    assert tor_laufen_lassen(autorin, p.pk)["ok"]
    return paket_einreichen(autorin, p.pk), e


# --- 1: Vier-Augen-Prinzip — wer mitgearbeitet hat, gibt nicht frei ------------------------------------------------

def test_wer_einen_entwurf_geaendert_hat_gibt_das_paket_nicht_frei(benutzer: Benutzer, beide: Any, heute: Any,
                                                                   db_katalog: None) -> None:
    autorin, pruefer = benutzer("redaktion", "autorin"), benutzer("freigabe", "pruefer")
    p, e = _mitbearbeitet(autorin, beide)
    assert [x["name"] for x in Entwurf.objects.get(pk=e.pk).bearbeiter] == ["autorin", "beide"]

    with pytest.raises(FreigabeFehler) as fehler:
        paket_freigeben(beide, p.pk, gueltig_ab=dt.date(2020, 4, 15))
    assert fehler.value.code == "vier_augen"
    assert fehler.value.meldung == ("Sie haben an diesem Paket mitgearbeitet (Entwurf SC 3.307: Schritt „online“ "
                                    "geändert (Text)) — freigeben muss eine andere Person (Vier-Augen-Prinzip).")
    assert Freigabepaket.objects.get(pk=p.pk).status == Freigabepaket.ZUR_FREIGABE
    assert not Katalogdatei.objects.filter(stand=dt.date(2020, 4, 1)).exists()

    # Die Seite: kein Formular zum Freigeben, dafür der Grund; zurückweisen darf sie (es veröffentlicht nichts).
    c = _angemeldet(beide)
    html = _text(c.get(f"/redaktion/pakete/{p.pk}/"))
    assert f'action="/redaktion/pakete/{p.pk}/freigeben/"' not in html
    assert "Sie haben an diesem Paket mitgearbeitet (Entwurf SC 3.307: Schritt „online“ geändert (Text))" in html
    assert f'action="/redaktion/pakete/{p.pk}/zurueckweisen/"' in html
    kopf = html.split('<dl class="kopfdaten">')[1].split("</dl>")[0]
    assert "<dt>Bearbeitet von</dt>" in kopf and "<strong>beide</strong>: Entwurf SC 3.307: Schritt „online“" in kopf
    assert "<strong>autorin</strong>: Paket angelegt; Paket: Entwurf SC 3.307 aufgenommen" in kopf

    # Direkt abgesendet: 403 mit dem wirklichen Grund, nicht „gehört nicht zu Ihrer Rolle“.
    antwort = c.post(f"/redaktion/pakete/{p.pk}/freigeben/", {"freigabe-gueltig_ab": "2020-04-15"})
    html = _text(antwort)
    assert antwort.status_code == 403 and "Sie haben an diesem Paket mitgearbeitet" in html
    assert "gehört nicht zu Ihrer Rolle" not in html
    assert Freigabepaket.objects.get(pk=p.pk).status == Freigabepaket.ZUR_FREIGABE

    # Wer nicht mitgearbeitet hat, gibt frei; das Protokoll nennt die Bearbeiter.
    paket_freigeben(pruefer, p.pk, gueltig_ab=dt.date(2020, 4, 15))
    eintrag = Protokolleintrag.objects.get(objekt=f"paket:{p.pk}", aktion="paket_freigegeben")
    assert eintrag.details["bearbeiter"] == ["autorin", "beide"]
    html = _text(_angemeldet(pruefer).get(f"/redaktion/pakete/{p.pk}/"))
    assert "bearbeitet von autorin, beide" in html


def test_mitarbeit_wird_zurueckgewiesen_zurueckweisen_bleibt_erlaubt(benutzer: Benutzer, beide: Any, heute: Any,
                                                                       db_katalog: None) -> None:
    p, _ = _mitbearbeitet(benutzer("redaktion", "autorin"), beide)
    antwort = _angemeldet(beide).post(f"/redaktion/pakete/{p.pk}/zurueckweisen/",
                                      {"zurueck-kommentar": "Bitte noch einmal lesen."})
    assert antwort.status_code == 302
    assert Freigabepaket.objects.get(pk=p.pk).status == Freigabepaket.ZURUECKGEWIESEN


def test_autorin_mit_freigaberolle_hoert_den_wirklichen_grund(beide: Any, heute: Any, db_katalog: None) -> None:
    """Die Autorin hat beide Rollen: die Seite sagt, warum sie nicht freigibt und nicht zurückweist (kein 403 „gehört
    nicht zu Ihrer Rolle“); ohne die Rolle Freigabe bleibt es 403."""
    e = entwurf_3307(beide)
    p = paket_mit(beide, e)
    szenario_speichern(beide, SZENARIO)
    assert tor_laufen_lassen(beide, p.pk)["ok"]
    paket_einreichen(beide, p.pk)
    c = _angemeldet(beide)
    for adresse, daten in (("freigeben", {"freigabe-gueltig_ab": "2020-04-15"}),
                           ("zurueckweisen", {"zurueck-kommentar": "x"})):
        antwort = c.post(f"/redaktion/pakete/{p.pk}/{adresse}/", daten)
        html = _text(antwort)
        assert antwort.status_code == 403 and "gehört nicht zu Ihrer Rolle" not in html, adresse
        assert "freigeben muss eine andere Person" in html or "zurückweisen muss eine andere Person" in html
    assert "Paket angelegt; Entwurf SC 3.307: Entwurf begonnen" in freigabe_verwehrt(beide, p)
    nur_redaktion = benutzer_anlegen("nur-redaktion", "geheim-123", ["redaktion"])
    assert _angemeldet(nur_redaktion).post(f"/redaktion/pakete/{p.pk}/freigeben/", {}).status_code == 403
    with pytest.raises(FreigabeFehler, match="Ihr Konto hat diese Rolle nicht"):
        paket_freigeben(nur_redaktion, p.pk, gueltig_ab=dt.date(2020, 4, 15))


def test_szenario_und_paketangaben_zaehlen_als_mitarbeit(benutzer: Benutzer, beide: Any, heute: Any,
                                                          db_katalog: None) -> None:
    autorin = benutzer("redaktion", "autorin")
    e = entwurf_3307(autorin)
    p = paket_mit(autorin, e)
    assert mitarbeit(beide, p) == []
    # ein Szenario, durch den Entwurf aufgezeichnet
    szenario_speichern(beide, SZENARIO, entwurf_id=e.pk)
    assert mitarbeit(beide, p) == ["Entwurf SC 3.307: Szenario sc-3307-redaktion-eid aufgezeichnet"]
    # die Angaben des Pakets
    andere = benutzer_anlegen("andere", "geheim-123", ["redaktion", "freigabe"])
    paket_aendern(andere, p.pk, fingerabdruck=paket_fingerabdruck(p), weisung=p.weisung, titel="Neuer Titel",
                  datum=p.datum, stand=p.stand, gueltig_ab=p.gueltig_ab)
    assert mitarbeit(andere, Freigabepaket.objects.get(pk=p.pk)) == ["Paket: Angaben geändert (Titel)"]
    # ein Szenario für den Leitfaden, seit der Entwurf begonnen wurde (auch ohne den Entwurf aufgezeichnet)
    dritte = benutzer_anlegen("dritte", "geheim-123", ["redaktion", "freigabe"])
    szenario_speichern(dritte, SZENARIO.replace("sc-3307-redaktion-eid", "sc-3307-dritte"))
    assert mitarbeit(dritte, p) == ["Szenario sc-3307-dritte aufgezeichnet (SC 3.307)"]


def test_rueckruf_gibt_die_bearbeiter_an_den_neuen_entwurf_weiter(benutzer: Benutzer, beide: Any, heute: Any,
                                                                  db_katalog: None) -> None:
    autorin, pruefer = benutzer("redaktion", "autorin"), benutzer("freigabe", "pruefer")
    p, _ = _mitbearbeitet(autorin, beide)
    paket_freigeben(pruefer, p.pk, gueltig_ab=dt.date(2020, 4, 15))
    assert [x["name"] for x in Katalogdatei.objects.get(stand=dt.date(2020, 4, 1)).bearbeiter] == ["autorin", "beide"]
    paket_zurueckrufen(pruefer, p.pk)
    zurueck = Entwurf.objects.get(leitfaden_id="SC 3.307")
    assert [x["name"] for x in zurueck.bearbeiter] == ["autorin", "beide"]
    neu = paket_mit(autorin, zurueck)
    assert mitarbeit(beide, neu) == ["Entwurf SC 3.307: Schritt „online“ geändert (Text)"]


def test_alte_zeilen_kennen_nur_die_autorin(benutzer: Benutzer, db_katalog: None) -> None:
    """Vor der Aufzeichnung bearbeitete Entwürfe (Migration 0006): die Autorin ist die einzige bekannte Bearbeiterin."""
    autorin, pruefer = benutzer("redaktion", "autorin"), benutzer("freigabe", "pruefer")
    e = entwurf_3307(autorin)
    p = paket_mit(autorin, e)
    Entwurf.objects.filter(pk=e.pk).update(bearbeiter=[])
    Freigabepaket.objects.filter(pk=p.pk).update(bearbeiter=[])
    migration = importlib.import_module("kundenportal.redaktion.migrations.0006_bearbeiter")
    migration.autorin_eintragen(apps, None)
    assert Entwurf.objects.get(pk=e.pk).bearbeiter == [{"id": autorin.pk, "name": "autorin", "was": ["Entwurf verfasst"]}]
    assert Freigabepaket.objects.get(pk=p.pk).bearbeiter == [
        {"id": autorin.pk, "name": "autorin", "was": ["Paket angelegt"]}]
    Entwurf.objects.filter(pk=e.pk).update(bearbeiter=[])        # auch ohne Migration: die Autorin
    assert mitarbeit(autorin, Freigabepaket.objects.get(pk=p.pk)) == ["Paket angelegt",
                                                                       "Entwurf SC 3.307: Entwurf verfasst"]
    assert mitarbeit(pruefer, Freigabepaket.objects.get(pk=p.pk)) == []


# --- 2: ein Ordner gehört einem Leitfaden; die Freigabe gibt nie 500 -----------------------------------------------

def _neuer_leitfaden(c: Client, leitfaden_id: str, ordner: str) -> Any:
    return c.post("/redaktion/entwuerfe/neu/", {"neu-leitfaden_id": leitfaden_id, "neu-titel": "Neu",
                                                "neu-ordner": ordner, "neu-weisung": "202003006",
                                                "neu-stand": "2020-04-01"})


def test_neuer_leitfaden_im_ordner_eines_anderen_wird_am_feld_abgelehnt(anmelden: Anmelden, db_katalog: None) -> None:
    c = anmelden("redaktion")
    antwort = _neuer_leitfaden(c, "SC 3.998", "sc/3.307")
    html = _text(antwort)
    assert antwort.status_code == 400 and not Entwurf.objects.exists()
    fehler = re.search(r'<p class="kern-error" id="id_neu-ordner_error">.*?</p>', html, re.S)
    assert fehler and ("Ordner: sc/3.307 gehört schon zu Leitfaden SC 3.307 — für SC 3.998 einen eigenen Ordner "
                       "wählen, z. B. sc/3.998.") in fehler[0]
    # ein Ordner, den ein offener Entwurf schon hat
    assert _neuer_leitfaden(c, "SC 3.997", "sc/3.997").status_code == 302
    antwort = _neuer_leitfaden(c, "SC 3.996", "sc/3.997")
    assert antwort.status_code == 400 and "gehört schon zu Entwurf SC 3.997" in _text(antwort)


SZENARIO_NEU = """id: sc-3998-{name}
titel: Neuer Leitfaden, {name}
leitfaden: SC 3.998
kanal: sc3
datum: 2020-04-01
ausgangslage:
  kunde: {{kundennummer: 955A200199, vorname: Ria, nachname: Berg, geburtsdatum: 1980-05-17,
          wohnort_agentur: Nürnberg, betreuung: av, status: arbeitsuchend}}
antworten: {{identitaet_geprueft: {antwort}}}
erwartet: {{ergebnis: {ergebnis}}}
"""


def test_kollision_bei_der_freigabe_aendert_nichts_und_gibt_keinen_fehler_500(
        benutzer: Benutzer, heute: Any, db_katalog: None, monkeypatch: pytest.MonkeyPatch) -> None:
    autorin, pruefer = benutzer("redaktion", "autorin"), benutzer("freigabe", "pruefer")
    e = entwurf_beginnen(autorin, katalog_aus_datenbank(), leitfaden_id="SC 3.998", titel="Neu", ordner="sc/3.998",
                         weisung="202003006", stand=dt.date(2020, 4, 1))
    Entwurf.objects.filter(pk=e.pk).update(ordner="leitfaeden/sc/3.307")      # wie vor der Prüfung beim Beginnen
    for name, antwort, ergebnis in (("ja", "true", "auskunft_erteilt"), ("nein", "false", "abbruch_identitaet")):
        szenario_speichern(autorin, SZENARIO_NEU.format(name=name, antwort=antwort, ergebnis=ergebnis))
    p = paket_anlegen(autorin, weisung="202003006", titel="Neuer Leitfaden", datum=dt.date(2020, 3, 20))
    entwurf_zuordnen(autorin, p.pk, e.pk)
    tor = tor_laufen_lassen(autorin, p.pk)
    assert tor["ok"], zusammenfassung(tor)
    paket_einreichen(autorin, p.pk)
    vorher = Katalogdatei.objects.count()

    antwort = _angemeldet(pruefer).post(f"/redaktion/pakete/{p.pk}/freigeben/", {"freigabe-gueltig_ab": "2020-04-15"})
    html = _text(antwort)
    assert antwort.status_code == 400
    assert ("Nicht freigegeben: die Datei leitfaeden/sc/3.307/leitfaden.yaml gibt es im Katalog schon (Leitfaden "
            "SC 3.307)") in html
    assert Katalogdatei.objects.count() == vorher and Entwurf.objects.filter(pk=e.pk).exists()
    assert Freigabepaket.objects.get(pk=p.pk).status == Freigabepaket.ZUR_FREIGABE

    # Rutscht eine Kollision doch bis in die Datenbank (IntegrityError), wird sie in der Transaktion zur Meldung.
    monkeypatch.setattr(freigabe_dienst, "_pfade_frei", lambda aenderungen: None)
    with pytest.raises(FreigabeFehler, match="eine Datei des Pakets gibt es im Katalog schon"):
        paket_freigeben(pruefer, p.pk, gueltig_ab=dt.date(2020, 4, 15))
    assert Katalogdatei.objects.count() == vorher and Entwurf.objects.filter(pk=e.pk).exists()
    assert Freigabepaket.objects.get(pk=p.pk).status == Freigabepaket.ZUR_FREIGABE


# --- 3: jedes Datum zwischen 01.01.2000 und 31.12.2100 ------------------------------------------------------------

BEREICH = "Bitte ein Datum zwischen dem 01.01.2000 und dem 31.12.2100 angeben"


def test_jedes_datumsfeld_der_redaktion_hat_den_bereich_des_portals(db_katalog: None) -> None:
    form = Freigeben({"freigabe-gueltig_ab": "01.01.2200"}, prefix="freigabe")
    assert not form.is_valid()
    assert form.errors["gueltig_ab"] == [f"{BEREICH} (eingegeben: 01.01.2200)."]
    form = PaketAnlegen({"weisung": "202003006", "titel": "T", "datum": "2200-01-01", "gueltig_ab": "2300-01-01"})
    assert not form.is_valid() and set(form.errors) == {"datum", "gueltig_ab"}
    assert form.errors["gueltig_ab"] == [f"{BEREICH} (eingegeben: 01.01.2300)."]
    assert not PaketAnlegen({"weisung": "1", "titel": "T", "gueltig_bis": "1999-12-31"}).is_valid()
    basis = Katalogdatei.objects.get(pfad=BASIS)
    assert "stand" in EntwurfBeginnen({"basis": basis.pk, "stand": "2101-01-01"}).errors
    assert "stand" in NeuerLeitfaden({"stand": "1999-12-31"}).errors
    assert "datum" in SzenarioAufzeichnen({"datum": "3000-01-01"}).errors
    assert PaketAnlegen({"weisung": "1", "titel": "T", "datum": "2100-12-31"}).is_valid()
    eingabe = str(Freigeben(prefix="freigabe")["gueltig_ab"])
    assert 'min="2000-01-01"' in eingabe and 'max="2100-12-31"' in eingabe


def test_freigabe_weist_ein_fernes_datum_am_feld_ab(benutzer: Benutzer, heute: Any, db_katalog: None) -> None:
    autorin = benutzer("redaktion", "autorin")
    p = paket_mit(autorin, entwurf_3307(autorin))
    szenario_speichern(autorin, SZENARIO)
    assert tor_laufen_lassen(autorin, p.pk)["ok"]
    paket_einreichen(autorin, p.pk)
    antwort = _angemeldet(benutzer("freigabe", "pruefer")).post(f"/redaktion/pakete/{p.pk}/freigeben/",
                                                                {"freigabe-gueltig_ab": "2200-01-01"})
    assert antwort.status_code == 400 and f"{BEREICH} (eingegeben: 01.01.2200)." in _text(antwort)
    assert Freigabepaket.objects.get(pk=p.pk).status == Freigabepaket.ZUR_FREIGABE
    with pytest.raises(FreigabeFehler, match=re.escape("Datum der Weisung: bitte ein Datum zwischen dem 01.01.2000 "
                                                       "und dem 31.12.2100 angeben")):          # auch der Dienst (API)
        paket_anlegen(autorin, weisung="202003006", titel="T", datum=dt.date(2200, 1, 1))


# --- 4: ab dem Gültigkeitstag „gilt seit …“, kein Rückruf mehr angeboten ------------------------------------------

def test_ab_dem_gueltigkeitstag_gilt_das_paket_und_wird_nicht_mehr_zurueckgerufen(
        benutzer: Benutzer, heute: Callable[[str], None], anmelden: Anmelden, db_katalog: None) -> None:
    autorin, pruefer = benutzer("redaktion", "autorin"), benutzer("freigabe", "pruefer")
    p = paket_mit(autorin, entwurf_3307(autorin))
    szenario_speichern(autorin, SZENARIO)
    assert tor_laufen_lassen(autorin, p.pk)["ok"]
    paket_einreichen(autorin, p.pk)
    paket_freigeben(pruefer, p.pk, gueltig_ab=dt.date(2020, 4, 15))
    c = anmelden("redaktion")

    heute("2020-04-14")
    html = _text(c.get(f"/redaktion/pakete/{p.pk}/"))
    assert "<strong>freigegeben und geplant</strong>" in html and "Vor dem Gültigkeitstag zurückrufen" in html

    heute("2020-04-15")
    html = _text(c.get(f"/redaktion/pakete/{p.pk}/"))
    assert "<strong>gilt seit 15.04.2020</strong>" in html
    assert "geplant" not in html.split('<dl class="kopfdaten">')[1].split("</dl>")[0]
    assert "zurückrufen" not in html
    assert "gilt seit 15.04.2020" in _text(c.get("/redaktion/"))
    with pytest.raises(FreigabeFehler) as fehler:
        paket_zurueckrufen(pruefer, p.pk)
    assert fehler.value.meldung.startswith("Fassung SC 3.307, Stand 01.04.2020 gilt schon seit 15.04.2020")


# --- 5: Längen auf dem Server, die Eingabe bleibt stehen ------------------------------------------------------------

def test_zu_langer_text_im_strukturierten_editor_bleibt_mit_meldung_am_feld(benutzer: Benutzer, anmelden: Anmelden,
                                                                            db_katalog: None) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    c = anmelden("redaktion")
    lang = "Frage " * 10_000
    daten = {"schritt": "online_moeglich", "version": e.version, "tun": "speichern", "id": "online_moeglich",
             "ergebnis": "online_antrag_moeglich", "text": lang, "vermerk": "v" * 2001, "regel": "2.2 a) 6"}
    for kopf in ({}, HTMX):
        antwort = c.post(f"/redaktion/entwuerfe/{e.pk}/schritt/", daten, **kopf)
        html = _text(antwort)
        assert antwort.status_code == 400
        fehler = re.search(r'<p class="kern-error" id="s-online_moeglich-text-fehler">.*?</p>', html, re.S)
        assert fehler and ("Text für die Beschäftigten: höchstens 2.000 Zeichen, eingegeben sind 59.999 — bitte "
                           "kürzen.") in fehler[0]
        assert "Vermerk: höchstens 2.000 Zeichen, eingegeben sind 2.001" in html
        assert f">{lang.strip()}</textarea>" in html                     # die Eingabe steht noch im Feld
        assert 'aria-describedby="s-online_moeglich-text-fehler"' in html
    assert Entwurf.objects.get(pk=e.pk).text == e.text
    # Schritt einfügen und ein einzelnes Feld: dieselbe Grenze
    antwort = c.post(f"/redaktion/entwuerfe/{e.pk}/anfuegen/", {"neu-schritt_id": "neu", "neu-art": "hinweis",
                                                                "neu-text": lang, "neu-version": e.version})
    assert antwort.status_code == 400 and "Text: höchstens 2.000 Zeichen, eingegeben sind 59.999" in _text(antwort)
    antwort = c.post(f"/redaktion/entwuerfe/{e.pk}/feld/", {"schritt": "online", "feld": "text", "wert": lang,
                                                            "version": e.version}, follow=True)
    assert "Neuer Wert: höchstens 2.000 Zeichen" in _text(antwort)
    assert Entwurf.objects.get(pk=e.pk).text == e.text


def test_zu_langer_quelltext_wird_beim_speichern_abgelehnt_und_bleibt_im_feld(benutzer: Benutzer, anmelden: Anmelden,
                                                                            db_katalog: None) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    c = anmelden("redaktion")
    lang = e.text + "#" * 450_000
    antwort = c.post(f"/redaktion/entwuerfe/{e.pk}/", {"text": lang, "version": e.version})
    html = _text(antwort)
    assert antwort.status_code == 400
    assert f"Quelltext: höchstens 200.000 Zeichen, eingegeben sind {grenzen.zahl(len(lang))} — bitte kürzen." in html
    assert "#" * 450_000 + "</textarea>" in html
    assert Entwurf.objects.get(pk=e.pk).text == e.text
    # mit htmx aus dem strukturierten Editor: der Quelltext im Feld bleibt, nichts geändert
    antwort = c.post(f"/redaktion/entwuerfe/{e.pk}/schritt/", {"schritt": "papier", "tun": "hoch",
                                                               "version": e.version, "quelltext": lang}, **HTMX)
    html = _text(antwort)
    assert antwort.status_code == 400 and "Nicht geändert: Quelltext: höchstens 200.000 Zeichen" in html
    assert "#" * 450_000 + "</textarea>" in html
    assert Entwurf.objects.get(pk=e.pk).version == e.version
    # die Grenze steht an der Beschriftung und liegt unter dem, was der Server annimmt (auch in ungünstigster
    # Schreibweise: 12 Bytes je Zeichen)
    assert "Quelltext der Fassung (YAML, höchstens 200.000 Zeichen)" in _text(c.get(f"/redaktion/entwuerfe/{e.pk}/"))
    assert (grenzen.QUELLTEXT + grenzen.KOPF) * 12 < django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_zu_langer_text_im_quelltext_ist_ein_befund(benutzer: Benutzer, anmelden: Anmelden, db_katalog: None) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    text = e.text.replace('text: "Erklären Sie die Freischaltung', f'text: "{"x" * 60_000} Erklären Sie die Freischaltung')
    html = _text(anmelden("redaktion").post(f"/redaktion/entwuerfe/{e.pk}/", {"text": text, "version": e.version},
                                            follow=True))
    assert "mit 1 Befund" in html
    assert "Text: höchstens 2.000 Zeichen, eingegeben sind 60.101 — bitte kürzen." in html
    assert Entwurf.objects.get(pk=e.pk).befunde[0]["feld"] == "schritte.hinweis_eid.text"


# --- 6: nach dem Rückruf dieselben Befunde in der Übersicht und am Entwurf -------------------------------------------

def test_nach_dem_rueckruf_zaehlt_die_uebersicht_die_befunde_der_seite(benutzer: Benutzer, heute: Any,
                                                                       anmelden: Anmelden, db_katalog: None) -> None:
    autorin, pruefer = benutzer("redaktion", "autorin"), benutzer("freigabe", "pruefer")
    p = paket_mit(autorin, entwurf_3307(autorin))
    szenario_speichern(autorin, SZENARIO)
    assert tor_laufen_lassen(autorin, p.pk)["ok"]
    paket_einreichen(autorin, p.pk)
    paket_freigeben(pruefer, p.pk, gueltig_ab=dt.date(2020, 4, 15))
    paket_zurueckrufen(autorin, p.pk)
    e = Entwurf.objects.get(leitfaden_id="SC 3.307")
    assert e.befunde == []
    c = anmelden("redaktion")
    zeile = _text(c.get("/redaktion/")).split(f'href="/redaktion/entwuerfe/{e.pk}/"')[1].split("</tr>")[0]
    assert re.findall(r'<td class="kern-table__cell">(\d+)</td>', zeile) == [str(e.version), "0"]
    assert "Befunde der Prüfung (0)" in _text(c.get(f"/redaktion/entwuerfe/{e.pk}/"))


# --- 7: der Stand eines Entwurfs liegt nach der neuesten veröffentlichten Fassung ---------------------------------

def test_stand_vor_der_neuesten_fassung_wird_am_feld_abgelehnt(anmelden: Anmelden, benutzer: Benutzer,
                                                               db_katalog: None) -> None:
    c = anmelden("redaktion")
    basis = Katalogdatei.objects.get(pfad=BASIS)
    for stand in ("2019-01-01", "2020-03-20"):
        antwort = c.post("/redaktion/entwuerfe/beginnen/", {"beginnen-basis": basis.pk, "beginnen-stand": stand})
        fehler = re.search(r'<p class="kern-error" id="id_beginnen-stand_error">.*?</p>', _text(antwort), re.S)
        assert antwort.status_code == 400 and fehler, stand
        assert ("Der neue Stand muss nach dem 20.03.2020 liegen — dem Stand der neuesten veröffentlichten Fassung "
                "von SC 3.307") in fehler[0]
    assert not Entwurf.objects.exists()
    assert c.post("/redaktion/entwuerfe/beginnen/", {"beginnen-basis": basis.pk,
                                                     "beginnen-stand": "2020-03-21"}).status_code == 302
    with pytest.raises(EntwurfFehler, match=re.escape("nach dem 20.03.2020")):    # auch der Dienst (API)
        entwurf_beginnen(benutzer("redaktion", "api"), katalog_aus_datenbank(), basis=basis, stand=dt.date(2019, 1, 1))


# --- 8: das Ergebnis des Tors nennt den Grund ---------------------------------------------------------------------

def test_nicht_bestanden_nennt_den_grund_und_die_bestandenen_szenarien() -> None:
    bestanden = [{"id": f"s{i}", "ok": True} for i in range(15)]
    tor = {"ok": False, "szenarien": bestanden, "ungedeckt": ["SC 3.307@2026-12-06: Schritt online"], "entwuerfe": 1}
    assert zusammenfassung(tor) == ("Nicht bestanden: 1 geänderter Schritt ohne Szenario („online“ in SC 3.307). "
                                    "Die 15 Szenarien sind bestanden.")
    tor = {"ok": False, "szenarien": [*bestanden, {"id": "x", "ok": False}], "ungedeckt": [], "entwuerfe": 1,
           "befunde": ["a", "b"]}
    assert zusammenfassung(tor) == "Nicht bestanden: 1 von 16 Szenarien schlägt fehl; 2 Befunde in den Entwürfen."
    assert zusammenfassung({"ok": True, "szenarien": bestanden, "entwuerfe": 1}) == (
        "Bestanden: 15 Szenarien bestanden, jeder geänderte Schritt liegt auf dem Weg eines Szenarios.")


# --- 9: das Datum der Weisung kommt aus dem Katalog -------------------------------------------------------------

def test_datum_der_weisung_kommt_aus_dem_katalog(anmelden: Anmelden, heute: Any, db_katalog: None) -> None:
    c = anmelden("redaktion")
    html = _text(c.get("/redaktion/"))
    feld = re.search(r'<input[^>]*id="id_paket-datum"[^>]*>', html)
    assert feld and "value=" not in feld[0]                              # nicht „heute“ vorbelegt
    assert "Leer lassen: das Datum der Weisung aus dem Katalog (202003006: 20.03.2020" in html
    antwort = c.post("/redaktion/pakete/anlegen/", {"paket-weisung": "202003006", "paket-titel": "Insolvenzgeld"})
    assert antwort.status_code == 302
    assert Freigabepaket.objects.get().datum == dt.date(2020, 3, 20)
    weisungen = katalog_aus_datenbank().weisungen
    form = PaketAnlegen({"weisung": "999999999", "titel": "Neu"}, weisungen=weisungen)
    assert form.is_valid() and form.cleaned_data["datum"] == dt.date(2020, 4, 1)          # unbekannt: heute
    form = PaketAnlegen({"weisung": "202003006", "titel": "T", "datum": "30.03.2020"}, weisungen=weisungen)
    assert form.is_valid() and form.cleaned_data["datum"] == dt.date(2020, 3, 30)         # eingegeben bleibt


# --- 10: Beschriftungen statt Kennungen ----------------------------------------------------------------------------

def test_unbekannte_weisung_heisst_so_und_nicht_nach_ihrer_datei(benutzer: Benutzer, db_katalog: None) -> None:
    e = entwurf_beginnen(benutzer("redaktion"), katalog_aus_datenbank(), leitfaden_id="SC 3.998", titel="Neu",
                         ordner="sc/3.998", weisung="999999999", stand=dt.date(2020, 4, 1))
    meldungen = [b["meldung"] for b in e.befunde]
    assert any(m.startswith("Die Weisung 999999999 gibt es im Katalog nicht: im Quelltext die Nummer einer Weisung "
                            'des Katalogs eintragen (z. B. weisung: "202003006").') for m in meldungen), meldungen
    assert not any("content/weisungen" in m for m in meldungen)


# --- 11: die Rückfrage beim Verwerfen sagt, was bleibt -------------------------------------------------------------

def test_verwerfen_nennt_die_veroeffentlichte_fassung_nur_wenn_es_sie_gibt(anmelden: Anmelden, benutzer: Benutzer,
                                                                           db_katalog: None) -> None:
    c = anmelden("redaktion")
    assert _neuer_leitfaden(c, "SC 3.997", "sc/3.997").status_code == 302
    neu = Entwurf.objects.get(leitfaden_id="SC 3.997")
    html = _text(c.get(f"/redaktion/entwuerfe/{neu.pk}/"))
    assert "Die veröffentlichte Fassung" not in html
    assert "Veröffentlicht ist von SC 3.997 noch nichts: der neue Leitfaden verschwindet mit dem Entwurf ganz." in html
    e = entwurf_3307(benutzer("redaktion", "erste"))
    html = _text(c.get(f"/redaktion/entwuerfe/{e.pk}/"))
    assert "Die veröffentlichte Fassung (Stand 20.03.2020) bleibt, wie sie ist." in html


# --- 12: schmale Fenster: breite Tabellen rollen in ihrem Rahmen, Diff-Zellen brechen um ----------------------------

def test_breite_tabellen_rollen_in_einem_benannten_bereich(benutzer: Benutzer, anmelden: Anmelden,
                                                           db_katalog: None) -> None:
    autorin = benutzer("redaktion", "autorin")
    p = paket_mit(autorin, entwurf_3307(autorin))
    c = anmelden("redaktion")
    uebersicht = _text(c.get("/redaktion/"))
    assert ('<div class="tabelle-rahmen" role="region" aria-labelledby="titel-entwuerfe" tabindex="0">\n'
            '<table class="kern-table">\n  <caption class="kern-title kern-title--small" id="titel-entwuerfe">'
            'Entwürfe in Arbeit</caption>') in uebersicht
    assert 'aria-labelledby="titel-pakete"' in uebersicht and "redaktion/redaktion.css" in uebersicht
    paket = _text(c.get(f"/redaktion/pakete/{p.pk}/"))
    assert ('<div class="tabelle-rahmen" role="region" aria-labelledby="titel-protokoll" tabindex="0">\n'
            '<table class="kern-table"><caption class="kern-title kern-title--small" id="titel-protokoll">') in paket
    assert '<table class="kern-table diff-tabelle">' in paket
    css = (Path(__file__).parents[2] / "kundenportal/redaktion/static/redaktion/redaktion.css").read_text()
    assert ".diff-tabelle .kern-table__cell { overflow-wrap: anywhere; }" in css
    assert ".tabelle-rahmen { overflow-x: auto; max-width: 100%;" in css
