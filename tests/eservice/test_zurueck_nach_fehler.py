"""Aus dem Rundgang als Kundin: „Zurück“ nach einem Eingabefehler zeigte in Chromium „Erneute
Formular-Übermittlung bestätigen … ERR_CACHE_MISS“ — die Fehlerseite war die Antwort auf einen POST (400,
`no-store`). Jetzt endet jeder POST der Kundenformulare mit einer Weiterleitung (Post/Redirect/Get), auch im
Fehlerfall: Eingabe und Meldungen liegen klein in der Sitzung, das Formular (GET) zeigt sie wieder. Dazu: die
Fehlerliste folgt der Reihenfolge der Felder, und ohne abgeschlossene Online-Arbeitsuchendmeldung sagt die Seite,
warum und was zu tun ist, statt „Es wurden keine Angaben gespeichert“."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from kundenportal import zeit
from kundenportal.eservice.demo import DEMOKUNDEN, demokunden_anlegen
from kundenportal.eservice.forms import EINGABE_MAX
from kundenportal.eservice.services import EingabeAbgelehnt
from kundenportal.eservice.views import beratungsgespraech
from kundenportal.eservice.views.beratungsgespraech import SITZUNG_ANGABEN, SITZUNG_EINGABE
from kundenportal.eservice.views.termine import ABSAGE_EINGABE, ABSAGE_GRUND
from kundenportal.eservice.zugang import SITZUNG_KUNDE
from kundenportal.fachverfahren.referenz import models as m
from kundenportal.fachverfahren.registry import systeme

from .test_beratungsgespraech import ANGABEN

pytestmark = pytest.mark.django_db

FORMULAR = "/kunde/beratungsgespraech/"
FEHLERSEITE = FORMULAR + "?eingabe=abgelehnt"       # die Weiterleitung nach einem Fehler (views.ABGELEHNT)
FEHLERHAFT = {"fuehrerscheine": ["B"], "sprache_1": "Englisch", "stellengesuch": "Lager",
              "freie_angaben": "<b>Teilzeit</b>"}


def _fehlerliste(seite: str) -> list[str]:
    liste = re.search(r'<div class="kern-alert__body"><ul>(.*?)</ul>', seite, re.S)
    assert liste, "keine Fehlerliste"
    return re.findall(r'<a href="#([a-z_0-9]+)">', liste[1])


# --- Beratungsgespräch vorbereiten --------------------------------------------------------------------

def test_fehler_fuehrt_per_weiterleitung_zum_formular_mit_eingabe_und_meldungen(angemeldet: Client) -> None:
    antwort = angemeldet.post(FORMULAR, {**FEHLERHAFT, "csrfmiddlewaretoken": "x", "fremd": "nicht merken"})
    assert antwort.status_code == 302 and antwort["Location"] == FEHLERSEITE       # keine Seite als POST-Antwort
    gemerkt = angemeldet.session[SITZUNG_EINGABE]
    assert set(gemerkt["daten"]) == {"fuehrerscheine", "fahrzeuge", "freie_angaben", "stellengesuch",
                                     *(f"{a}_{i}" for i in range(1, 5) for a in ("sprache", "niveau"))}
    assert gemerkt["daten"]["sprache_1"] == "Englisch" and gemerkt["daten"]["fuehrerscheine"] == ["B"]

    for _ in range(2):                                  # „Zurück“ oder Neuladen: dieselbe Seite, per GET
        formular = angemeldet.get(FEHLERSEITE)
        seite = formular.content.decode()
        assert formular.status_code == 200 and "<title>Fehler: Beratungsgespräch vorbereiten" in seite
        assert 'value="Englisch"' in seite and "Lager</textarea>" in seite and "&lt;b&gt;Teilzeit&lt;/b&gt;</textarea>" in seite
        assert re.search(r'<input type="checkbox" name="fuehrerscheine" value="B" [^>]*checked', seite)
        assert 'id="id_niveau_1_error"' in seite and 'id="id_freie_angaben_error"' in seite
        assert "nicht merken" not in seite
    assert not m.VerbisProfil.objects.exists()


def test_ein_neuer_besuch_beginnt_ohne_die_alten_meldungen_und_haekchen(angemeldet: Client) -> None:
    """Rundgang Dezember 2026: wer nach einem Fehler später über das Menü wiederkam, sah „Fehler: …“, die alte
    Fehlerliste und das damals gesetzte Häkchen — und schickte es unbemerkt mit ab."""
    angemeldet.post(FORMULAR, FEHLERHAFT)
    neu = angemeldet.get(FORMULAR).content.decode()                   # ohne ?eingabe=abgelehnt: neuer Besuch
    assert "Fehler:" not in neu and 'id="fehlerliste"' not in neu and "Teilzeit" not in neu
    assert not re.search(r'<input type="checkbox" name="fuehrerscheine" value="B" [^>]*checked', neu)
    assert SITZUNG_EINGABE not in angemeldet.session
    danach = angemeldet.get(FEHLERSEITE).content.decode()             # auch die alte Adresse zeigt sie nicht mehr
    assert "Fehler:" not in danach and 'id="fehlerliste"' not in danach


def test_gueltiges_absenden_loest_die_gemerkte_eingabe_ab(angemeldet: Client) -> None:
    angemeldet.post(FORMULAR, FEHLERHAFT)
    antwort = angemeldet.post(FORMULAR, {**FEHLERHAFT, "niveau_1": "B2", "freie_angaben": "Teilzeit"})
    assert antwort["Location"] == "/kunde/beratungsgespraech/pruefen/"
    assert SITZUNG_EINGABE not in angemeldet.session
    zurueck = angemeldet.get(FORMULAR).content.decode()             # „Zurück“ von der Prüfseite
    assert "Fehler:" not in zurueck and 'id="fehlerliste"' not in zurueck
    assert 'value="Englisch"' in zurueck and re.search(r'<option value="B2" selected>', zurueck)
    assert "Teilzeit</textarea>" in zurueck

    angemeldet.post("/kunde/beratungsgespraech/pruefen/")
    assert SITZUNG_ANGABEN not in angemeldet.session and SITZUNG_EINGABE not in angemeldet.session
    assert m.VerbisProfil.objects.get().freie_angaben == "Teilzeit"


def test_gemerkte_eingabe_bleibt_klein_und_meldet_die_echte_laenge(angemeldet: Client) -> None:
    angemeldet.post(FORMULAR, {"stellengesuch": "x" * 50_000})
    assert len(angemeldet.session[SITZUNG_EINGABE]["daten"]["stellengesuch"]) == EINGABE_MAX
    seite = angemeldet.get(FEHLERSEITE).content.decode()
    assert "Bitte kürzen Sie Ihre Angabe auf höchstens 1000 Zeichen (derzeit 50000 Zeichen)." in seite


def test_ablehnung_durch_den_leitfaden_fuehrt_per_weiterleitung_zum_formular(angemeldet: Client,
                                                                          monkeypatch: Any) -> None:
    angemeldet.post(FORMULAR, ANGABEN)

    def ablehnen(*_: object) -> None:
        raise EingabeAbgelehnt("stellengesuch", "Bitte höchstens 1000 Zeichen.")

    monkeypatch.setattr(beratungsgespraech, "beratungsgespraech_vorhaben", ablehnen)
    antwort = angemeldet.get("/kunde/beratungsgespraech/pruefen/")
    assert antwort.status_code == 302 and antwort["Location"] == FEHLERSEITE
    seite = angemeldet.get(FEHLERSEITE).content.decode()
    assert 'id="id_stellengesuch_error"' in seite and "Bitte höchstens 1000 Zeichen." in seite
    assert "Lagerlogistik, Staplerfahrerin</textarea>" in seite and 'value="Türkisch"' in seite


def test_fehlerliste_folgt_der_reihenfolge_der_felder(angemeldet: Client) -> None:
    angemeldet.post(FORMULAR, {"fuehrerscheine": ["X"], "sprache_1": "Englisch", "stellengesuch": "<i>Lager</i>",
                               "freie_angaben": "<b>Teilzeit</b>"})
    seite = angemeldet.get(FEHLERSEITE).content.decode()
    assert _fehlerliste(seite) == ["id_fuehrerscheine_0", "id_niveau_1", "id_stellengesuch", "id_freie_angaben"]
    felder = re.findall(r'<label class="kern-label" for="(id_[a-z_0-9]+?)(?:_0)?"', seite)
    reihenfolge = [f for f in felder if f in {"id_fuehrerscheine", "id_niveau_1", "id_stellengesuch",
                                              "id_freie_angaben"}]
    assert reihenfolge == ["id_fuehrerscheine", "id_niveau_1", "id_stellengesuch", "id_freie_angaben"]


# --- Termin absagen -----------------------------------------------------------------------------------

def test_absage_fehler_per_weiterleitung_je_termin_gemerkt(angemeldet: Client, kunde: str, termin_buchen: Any) -> None:
    erster, zweiter = termin_buchen(kunde, "2020-04-22T09:00"), termin_buchen(kunde, "2020-04-23T09:00")
    adresse = f"/kunde/termine/{erster}/absagen/"
    antwort = angemeldet.post(adresse, {"grund": "ab", "csrfmiddlewaretoken": "x"})
    assert antwort.status_code == 302 and antwort["Location"] == adresse
    assert angemeldet.session[ABSAGE_EINGABE] == {erster: {"daten": {"grund": "ab"}, "fehler": {"grund": [
        "Bitte geben Sie einen Grund für die Absage an (mindestens 3 Zeichen)."]}}}
    for _ in range(2):
        seite = angemeldet.get(adresse).content.decode()
        assert "<title>Fehler: Termin absagen" in seite and "ab</textarea>" in seite
        assert 'id="id_grund_error"' in seite and "mindestens 3 Zeichen" in seite
    anderer = angemeldet.get(f"/kunde/termine/{zweiter}/absagen/").content.decode()
    assert "Fehler:" not in anderer and 'id="id_grund_error"' not in anderer      # je Termin

    weiter = angemeldet.post(adresse, {"grund": "Ich bin krank."})
    assert weiter["Location"] == f"{adresse}?schritt=pruefen" and ABSAGE_EINGABE not in angemeldet.session
    zurueck = angemeldet.get(adresse).content.decode()                       # „Zurück“ von der Prüfseite
    assert "Fehler:" not in zurueck and "Ich bin krank.</textarea>" in zurueck

    angemeldet.post(adresse, {"grund": "Ich bin krank.", "bestaetigt": "1"})
    assert ABSAGE_GRUND not in angemeldet.session and ABSAGE_EINGABE not in angemeldet.session
    termin = systeme().atv.termin(erster)
    assert termin is not None and termin.status == "abgesagt"


def test_absage_eines_nicht_mehr_geplanten_termins_fuehrt_zur_liste(angemeldet: Client, kunde: str,
                                                                    termin_buchen: Any) -> None:
    termin_id = termin_buchen(kunde, "2020-04-22T09:00")
    systeme().atv.termin_absagen(termin_id, "anderswo abgesagt", "test")
    antwort = angemeldet.post(f"/kunde/termine/{termin_id}/absagen/", {"grund": "Ich bin krank.", "bestaetigt": "1"},
                              follow=True)
    assert antwort.redirect_chain == [("/kunde/termine/", 302)]
    assert "nicht mehr geplant und kann nicht abgesagt werden" in antwort.content.decode()
    assert ABSAGE_EINGABE not in angemeldet.session


# --- Ohne abgeschlossene Online-Arbeitsuchendmeldung --------------------------------------------------

def test_demokundin_ohne_abgeschlossene_asu_erfaehrt_warum_und_was_zu_tun_ist(client: Client, settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = ""
    demokunden_anlegen(zeit.heute())
    offen = next(d for d in DEMOKUNDEN if d.online_asu == "offen")
    assert offen.kundennummer == "955D100002"
    sitzung = client.session
    sitzung[SITZUNG_KUNDE] = offen.kundennummer
    sitzung.save()

    seite = client.get(FORMULAR).content.decode()
    assert "Sie können Ihr Beratungsgespräch hier zurzeit nicht vorbereiten." in seite
    assert "nach Abschluss Ihrer Online-Arbeitsuchendmeldung zur Verfügung" in seite
    assert "<h2>Was Sie tun können</h2>" in seite
    assert "begonnen, aber noch nicht abgeschlossen" in seite and "Agentur für Arbeit Nürnberg" in seite
    assert "gespeichert" not in seite and "<form method=\"post\" novalidate>" not in seite
    weg = re.search(r'<div id="nicht-verfuegbar-weg">(.*?)</div>', seite, re.S)
    assert weg and "<a " not in weg[1]                   # kein toter Link: die ASU gibt es hier nicht

    uebersicht = client.get("/kunde/").content.decode()
    assert "Was Sie tun können" in uebersicht and "gespeichert" not in uebersicht

    antwort = client.post(FORMULAR, {"fuehrerscheine": ["B"]})            # auch hier: POST → Weiterleitung
    assert antwort.status_code == 302 and antwort["Location"] == FORMULAR
    assert not m.VerbisProfil.objects.exists()


def test_ohne_online_asu_rät_die_seite_zur_arbeitsuchendmeldung_bei_der_agentur(client: Client, kunde_anlegen: Any,
                                                                              stichtag: None) -> None:
    kunde_anlegen("955A100008", online_asu="keine")
    sitzung = client.session
    sitzung[SITZUNG_KUNDE] = "955A100008"
    sitzung.save()
    seite = client.get(FORMULAR).content.decode()
    assert "Es liegt noch keine Online-Arbeitsuchendmeldung von Ihnen vor" in seite
    assert "Agentur für Arbeit Köln arbeitsuchend" in seite and "gespeichert" not in seite


def test_nach_dem_absenden_nicht_mehr_verfuegbar_sagt_dass_nichts_gespeichert_wurde(angemeldet: Client,
                                                                                  kunde: str) -> None:
    angemeldet.post(FORMULAR, ANGABEN)
    m.Kunde.objects.filter(kundennummer=kunde).update(online_asu="offen")
    antwort = angemeldet.post("/kunde/beratungsgespraech/pruefen/", follow=True)
    assert antwort.redirect_chain == [(FORMULAR, 302)]
    seite = antwort.content.decode()
    assert "Ihre Angaben wurden nicht gespeichert." in seite and "Was Sie tun können" in seite
    assert not m.VerbisProfil.objects.exists()
