"""Mängel aus dem Rundgang der Redaktion (Entwurf und Szenario): YAML-Fehler in Worten mit Zeile und Spalte (nie
PyYAMLs Englisch), ein Entwurf aus einer abgelösten Fassung ohne deren `gueltig_bis`, Befunde zu Kopffeldern an
der Zeile des Felds, der Kopf der Seite mit der aktuellen Version nach einem Tausch per htmx, eine Speicherung mit
Befunden als Warnung, und der Szenario-Editor mit freier Kennung, Fragen und Ergebnis in Worten."""

from __future__ import annotations

import datetime as dt
import html as html_modul
import re
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kundenportal.leitfaden.fehler import KatalogFehler
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.quelle import lesen_text
from kundenportal.leitfaden.yamlfehler import YamlUngueltig, yaml_fehler
from kundenportal.redaktion.aufzeichnung import AusgangslageUngueltig, ausgangslage_lesen
from kundenportal.redaktion.models import Entwurf, Katalogdatei
from kundenportal.redaktion.pruefung import entwurf_pruefen
from kundenportal.redaktion.queries import katalog_aus_datenbank
from kundenportal.redaktion.services.entwurf import entwurf_beginnen
from kundenportal.redaktion.services.szenario import freie_kennung, szenario_speichern
from kundenportal.redaktion.yamlfeld import FeldFehler, feld_setzen
from tests.conftest import CONTENT
from tests.fixtures_katalog import Anmelden

from .test_lebenszyklus import SZENARIO
from .werkzeug import entwurf_3307

HTMX: dict[str, Any] = {"HTTP_HX_REQUEST": "true"}
# Wörter aus den Meldungen von PyYAML und libyaml: keines davon darf die Redaktion sehen.
ENGLISCH = re.compile(r"while |expected|found|but got|not allowed|could not|did not|cannot|scanning|parsing|"
                      r"stream|token|<unicode string>|character|mapping|sequence|indentation|document")
VORGAENGERIN = "leitfaeden/sc/3.017/2019-12-20.yaml"      # SC 3.017, abgelöst: gueltig_bis 2020-03-19 in Zeile 5


def _ausgangslage_meldung(text: str) -> str:
    with pytest.raises(AusgangslageUngueltig) as fehler:
        ausgangslage_lesen(text)
    return str(fehler.value)


# --- 1: YAML-Fehler in Worten -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "meldung"), [
    ("kunde: [kaputt", "Zeile 1, Spalte 8: die Liste, die mit „[“ beginnt, wird nicht geschlossen (es fehlt „]“)"),
    ("kunde: {vorname: Ria\nstep: {}", "Zeile 1, Spalte 8: die Abbildung, die mit „{“ beginnt, wird nicht "
                                       "geschlossen (es fehlt „}“)"),
    ("termine: [1, 2}", "Zeile 1, Spalte 15: die Liste, die in Zeile 1, Spalte 10 mit „[“ beginnt, wird mit „}“ "
                        "statt mit „]“ geschlossen"),
    ("kunde:\n  vorname: Ria: Berg", "Zeile 2, Spalte 15: hier steht ein „:“, wo keiner stehen darf: ein Text mit "
                                     "Doppelpunkt gehört in Anführungszeichen (z. B. text: \"Hinweis: …\"); sonst die "
                                     "Einrückung prüfen"),
    ("kunde:\n    vorname: Ria\n  nachname: Berg", "Zeile 3, Spalte 3: die Einrückung stimmt nicht: Einträge "
                                                   "derselben Ebene beginnen genau untereinander (gleich viele "
                                                   "Leerzeichen)"),
    ("kunde:\n\tvorname: Ria", "Zeile 2, Spalte 1: hier steht ein Tabulator: YAML rückt nur mit Leerzeichen ein — "
                               "den Tabulator ersetzen"),
    ('kunde: {vorname: "Ria}', "Zeile 1, Spalte 18: der Text, der mit „\"“ beginnt, wird nicht geschlossen (es "
                               "fehlt „\"“)"),
    ("kunde: &k {}\nstep: &k {}", "Zeile 2, Spalte 7: der Anker „&k“ ist doppelt vergeben (zuerst in Zeile 1): "
                                  "jedem einen eigenen Namen geben"),
    ("kunde: *k", "Zeile 1, Spalte 8: der Verweis „*k“ zeigt auf keinen Anker: vorher „&k“ setzen oder, wenn „*“ "
                  "zum Text gehört, den Wert in Anführungszeichen setzen"),
    ("kunde: @ria", "Zeile 1, Spalte 8: mit „@“ kann kein Wert beginnen: den Wert in Anführungszeichen setzen "
                    "(z. B. \"@…\")"),
    ("kunde: {}\n---\nstep: {}", "Zeile 2, Spalte 1: hier beginnt ein zweites Dokument („---“): eine Datei hat "
                                 "genau eines — die Zeile entfernen"),
    ("kunde: \x01", "Zeile 1, Spalte 8: unzulässiges Steuerzeichen (U+0001): entfernen (oft beim Kopieren "
                    "eingeschleppt)"),
    ("kunde: !farbe rot", "Zeile 1, Spalte 8: „!farbe“ ist keine bekannte Typangabe: gehört „!“ zum Text, den Wert "
                          "in Anführungszeichen setzen"),
])
def test_kaputte_ausgangslage_nennt_zeile_spalte_und_was_nicht_stimmt(text: str, meldung: str) -> None:
    assert _ausgangslage_meldung(text) == f"Ausgangslage: kein gültiges YAML — {meldung}"


def test_beide_loader_geben_denselben_satz() -> None:
    """libyaml (CSafeLoader, der Katalog) und reines Python (SafeLoader) melden verschieden — der Satz ist derselbe."""
    for text in ("a: [x", "a: b: c", "a:\n  b: 1\n c: 2", "a:\n\tb: 1", "a: 'offen", "a: *nix", "a: [1, , 2]"):
        saetze = set()
        for loader in (yaml.SafeLoader, yaml.CSafeLoader):
            with pytest.raises(yaml.YAMLError) as fehler:
                yaml.load(text, Loader=loader)
            saetze.add(str(yaml_fehler(fehler.value, text)))
        assert len(saetze) == 1, saetze


def test_der_quelltext_des_entwurfs_meldet_den_yaml_fehler_deutsch() -> None:
    text = (CONTENT / "leitfaeden/sc/3.307/2020-03-20.yaml").read_text(encoding="utf-8").replace(
        'text: "Prüfen Sie die Identität des Anrufers anhand der Sicherheitsmerkmale."',
        "text: Prüfen Sie: die Identität des Anrufers")
    with pytest.raises(YamlUngueltig) as fehler:
        lesen_text(text, "entwurf.yaml")
    assert [str(b) for b in fehler.value.befunde] == [
        "entwurf.yaml:12: kein gültiges YAML (Spalte 21): hier steht ein „:“, wo keiner stehen darf: ein Text mit "
        "Doppelpunkt gehört in Anführungszeichen (z. B. text: \"Hinweis: …\"); sonst die Einrückung prüfen"]
    with pytest.raises(FeldFehler) as feld:
        feld_setzen(text, "identitaet", "text", "neu")
    assert str(feld.value) == (
        "Der Quelltext ist kein gültiges YAML (Zeile 12, Spalte 21: hier steht ein „:“, wo keiner stehen darf: ein "
        "Text mit Doppelpunkt gehört in Anführungszeichen (z. B. text: \"Hinweis: …\"); sonst die Einrückung "
        "prüfen): erst dort korrigieren")


def test_ein_doppelter_schluessel_nennt_beide_zeilen() -> None:
    with pytest.raises(YamlUngueltig) as fehler:
        lesen_text("stand: 2020-04-01\nweisung: \"1\"\nstand: 2020-04-02\n", "entwurf.yaml")
    assert str(fehler.value) == ("entwurf.yaml:3: kein gültiges YAML (Spalte 1): der Schlüssel „stand“ steht doppelt "
                                 "(zuerst in Zeile 1): einen der beiden entfernen oder umbenennen")


# Zeichen und Stücke, aus denen YAML-Fehler entstehen; die Buchstaben bilden kein englisches Wort der Meldungen.
_STUECKE = [*"ab1 :-,[]{}\"'&*!|>?#%@`\t\n\\\x01\u2028", "---", "...", "<<: ", "2020-02-30", "%YAML 1.1\n",
            "!!int ", "!!bool ", "!!timestamp ", "!!seq ", "!!map ", "!!float "]
_YAMLISCH = st.lists(st.sampled_from(_STUECKE), max_size=40).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_YAMLISCH)
def test_zufaelliger_text_ist_yaml_oder_eine_deutsche_meldung(text: str) -> None:
    """Was auch immer im Feld steht: gelesen, oder eine deutsche Meldung mit Ort — nie eine Ausnahme, nie Englisch."""
    for loader in (yaml.SafeLoader, yaml.CSafeLoader):
        try:
            yaml.load(text, Loader=loader)
        except (yaml.YAMLError, RecursionError) as fehler:
            satz = yaml_fehler(fehler, text)
            assert not ENGLISCH.search(satz.was), satz
        except (ValueError, TypeError, IndexError, KeyError, AttributeError):   # PyYAMLs Konstruktoren (`!!int x`):
            pass                                                               # lesen_text und ausgangslage_lesen unten
    try:
        lesen_text(text, "entwurf.yaml")
    except KatalogFehler as fehler:
        assert not ENGLISCH.search(str(fehler)), str(fehler)
        assert all(b.meldung.startswith(("kein gültiges YAML", "mehr als")) for b in fehler.befunde), str(fehler)
    try:
        ausgangslage_lesen(text)
    except AusgangslageUngueltig as fehler:
        assert str(fehler).startswith("Ausgangslage") and not ENGLISCH.search(str(fehler)), str(fehler)


def test_die_szenarioseite_zeigt_den_yaml_fehler_deutsch(db_katalog: None, anmelden: Anmelden,
                                                        benutzer: Any) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    antwort = anmelden("redaktion").post(f"/redaktion/entwuerfe/{e.pk}/szenario/", {
        "szenario_id": "sc-3307-probe", "titel": "Probe", "datum": "2020-04-01", "kanal": "sc3", "standort": "Nürnberg",
        "ausgangslage": "kunde: [kaputt", "antworten": "{}"})
    html = html_modul.unescape(antwort.content.decode())
    assert antwort.status_code == 200
    assert ("Ausgangslage: kein gültiges YAML — Zeile 1, Spalte 8: die Liste, die mit „[“ beginnt, wird nicht "
            "geschlossen (es fehlt „]“)") in html
    assert "while parsing" not in html and "<unicode string>" not in html


def test_eine_strukturierte_aenderung_auf_kaputtem_quelltext_nennt_den_ort(db_katalog: None, anmelden: Anmelden,
                                                                         benutzer: Any) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    kaputt = e.text.replace("start: identitaet", "start: identitaet: doppelt")
    antwort = anmelden("redaktion").post(f"/redaktion/entwuerfe/{e.pk}/schritt/", {
        "schritt": "papier", "tun": "hoch", "version": e.version, "quelltext": kaputt}, **HTMX)
    html = html_modul.unescape(antwort.content.decode())
    assert antwort.status_code == 400
    assert "Schritt papier: Der Quelltext ist kein gültiges YAML (Zeile 7, Spalte 18: hier steht ein „:“" in html
    assert "mapping values" not in html


# --- 2: Entwurf aus einer abgelösten Fassung ----------------------------------------------------------------------

def test_ein_entwurf_aus_einer_abgeloesten_fassung_beginnt_ohne_befund(db_katalog: None, benutzer: Any) -> None:
    basis = Katalogdatei.objects.get(pfad=VORGAENGERIN)
    assert "gueltig_bis: 2020-03-19" in basis.text
    e = entwurf_beginnen(benutzer("redaktion"), katalog_aus_datenbank(), basis=basis, stand=dt.date(2026, 12, 6))
    assert e.text.splitlines()[2:6] == ["stand: 2026-12-06", "gueltig_ab: 2026-12-06", 'weisung: "201912024"',
                                        "start: bno"]
    assert "gueltig_bis" not in e.text
    assert e.befunde == []


def test_gueltig_bis_vor_gueltig_ab_zeigt_auf_die_zeile_des_felds(katalog: Katalog) -> None:
    text = (CONTENT / VORGAENGERIN).read_text(encoding="utf-8").replace(
        "stand: 2019-12-20\ngueltig_ab: 2020-01-01", "stand: 2026-12-06\ngueltig_ab: 2026-12-06")
    befunde = entwurf_pruefen(katalog, "SC 3.017", "leitfaeden/sc/3.017", text).befunde
    assert [str(b) for b in befunde] == [
        "content/leitfaeden/sc/3.017/2026-12-06.yaml:5: gueltig_bis: „Gültig bis“ liegt vor „Gültig ab“: die Fassung "
        "endete, bevor sie beginnt — gueltig_bis entfernen (die Fassung gilt dann, bis eine neuere sie ablöst) oder "
        "ein Datum ab gueltig_ab eintragen"]


# --- 3: Kopf mit der aktuellen Version, Befunde als Warnung ---------------------------------------------------------

def test_nach_dem_tausch_zeigt_der_kopf_die_gespeicherte_version(db_katalog: None, anmelden: Anmelden,
                                                                 benutzer: Any) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    c = anmelden("redaktion")
    seite = c.get(f"/redaktion/entwuerfe/{e.pk}/").content.decode()
    assert f'<div id="entwurf-kopf">\n<h1>Entwurf SC 3.307, Stand 01.04.2020</h1>\n<p>Version {e.version} ·' in seite
    antwort = c.post(f"/redaktion/entwuerfe/{e.pk}/schritt/", {"schritt": "papier", "tun": "hoch",
                                                               "version": e.version}, **HTMX)
    html = antwort.content.decode()
    assert antwort.status_code == 200 and html.startswith('<div id="editor">')
    kopf = html.split('<div id="entwurf-kopf" hx-swap-oob="true">')[1]
    assert kopf.startswith(f"\n<h1>Entwurf SC 3.307, Stand 01.04.2020</h1>\n<p>Version {e.version + 1} ·")
    assert f"Schritt papier nach oben verschoben (Version {e.version + 1}): keine Befunde." in html
    assert 'class="kern-alert kern-alert--success"' in html


def test_eine_speicherung_mit_befunden_ist_eine_warnung(db_katalog: None, anmelden: Anmelden, benutzer: Any) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    c = anmelden("redaktion")
    antwort = c.post(f"/redaktion/entwuerfe/{e.pk}/schritt/", {
        "schritt": "papier", "tun": "hoch", "version": e.version,
        "quelltext": e.text.replace("start: identitaet", "start: gibtsnicht")}, **HTMX)
    html = html_modul.unescape(antwort.content.decode())
    status = html.split('<div id="editor-status"')[1].split("</div></div>")[0]
    assert 'class="kern-alert kern-alert--warning"' in status and "kern-icon--warning" in status
    assert "kern-alert--success" not in status
    assert (f"Schritt papier nach oben verschoben (Version {e.version + 1}), mit 1 Befund: bitte unter „Befunde "
            "der Prüfung“ ansehen und beheben.") in status
    ohne_js = c.post(f"/redaktion/entwuerfe/{e.pk}/", {"text": Entwurf.objects.get(pk=e.pk).text.replace(
        "start: gibtsnicht", "start: auchnicht"), "version": e.version + 1}, follow=True)
    meldung = html_modul.unescape(ohne_js.content.decode()).split('<div class="meldungen"')[1].split("</div>\n")[0]
    assert "kern-alert--warning" in meldung and "kern-alert--success" not in meldung
    assert f"Gespeichert (Version {e.version + 2}), mit 1 Befund: bitte unter „Befunde der Prüfung“" in meldung


# --- 4: Szenario-Editor ---------------------------------------------------------------------------------------------

def test_der_szenario_editor_schlaegt_eine_freie_kennung_vor(db_katalog: None, anmelden: Anmelden,
                                                             benutzer: Any) -> None:
    autorin = benutzer("redaktion", "erste")
    e = entwurf_3307(autorin)
    vorschlag = f"sc-3307-redaktion-{e.pk}"
    c = anmelden("redaktion")
    assert f'name="szenario_id" value="{vorschlag}"' in c.get(f"/redaktion/entwuerfe/{e.pk}/szenario/").content.decode()
    szenario_speichern(autorin, SZENARIO.replace("id: sc-3307-redaktion-eid", f"id: {vorschlag}"))
    html = c.get(f"/redaktion/entwuerfe/{e.pk}/szenario/").content.decode()
    assert f'name="szenario_id" value="{vorschlag}-2"' in html
    szenario_speichern(autorin, SZENARIO.replace("id: sc-3307-redaktion-eid", f"id: {vorschlag}-2"))
    assert freie_kennung(vorschlag) == f"{vorschlag}-3"
    assert freie_kennung("ein-ganz-neues") == "ein-ganz-neues"


def test_der_szenario_editor_zeigt_fragen_und_ergebnis_in_worten(db_katalog: None, anmelden: Anmelden,
                                                                 benutzer: Any) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    c = anmelden("redaktion")
    daten = {"szenario_id": "sc-3307-probe", "titel": "Probe", "datum": "2020-04-01", "kanal": "sc3", "standort": "Nürnberg",
             "ausgangslage": "kunde: {kundennummer: 955A200177, geburtsdatum: 1990-12-01}\n"
                             "step: {konto: true, sicherheitsstufe: basis}\n"}
    html = html_modul.unescape(c.post(f"/redaktion/entwuerfe/{e.pk}/szenario/",
                                      {**daten, "antworten": "{}"}).content.decode())
    assert "Nächste Frage: Identität des Anrufers anhand der Sicherheitsmerkmale geprüft?" in html
    assert "Im Leitfaden: Prüfen Sie die Identität des Anrufers anhand der Sicherheitsmerkmale." in html
    html = html_modul.unescape(c.post(f"/redaktion/entwuerfe/{e.pk}/szenario/", {
        **daten, "antworten": '{"identitaet_geprueft": "ja"}', "fakt": "antrag_online_gewuenscht",
        "antwort": "nein"}).content.decode())
    bisher = html.split("<h2>Bisherige Antworten</h2>")[1].split("</dl>")[0]
    assert bisher == ("\n  <dl><dt>Identität des Anrufers anhand der Sicherheitsmerkmale geprüft?</dt><dd>ja</dd>"
                      "<dt>Möchte der Kunde den Antrag online stellen?</dt><dd>nein</dd>")
    assert "Ergebnis: <strong>Papierantrag versandt</strong>; Aktionen: Versand (Post), Vorgang „papierantrag“." \
           in html
    assert "identitaet_geprueft</dt>" not in html and "papierantrag_versandt" not in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_im_browser_folgt_der_kopf_der_gespeicherten_version(db_katalog: None, live_server: Any,
                                                              settings: Any) -> None:
    """Echter Tausch per htmx (Chromium): nach „Schritt speichern“ steht im Kopf die neue Version, nie die alte."""
    from playwright.sync_api import expect

    from kundenportal.konten.services import benutzer_anlegen
    from tests.browser.werkzeug import chromium

    from .test_browser import PASSWORT, _entwurf_sc3307, schritt_aendern

    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"
    benutzer_anlegen("b-redaktion", PASSWORT, ["redaktion"], standort="Nürnberg")
    with chromium(live_server) as page:
        _entwurf_sc3307(page)
        expect(page.locator("#entwurf-kopf")).to_contain_text("Version 1 ·")
        schritt_aendern(page, "online_moeglich", "Vermerk", "Online-Antrag möglich (geprüft).")
        expect(page.locator("#editor-status")).to_contain_text("(Version 2): keine Befunde.")
        expect(page.locator("#entwurf-kopf")).to_contain_text("Version 2 ·")
        expect(page.locator("#entwurf-kopf")).to_have_count(1)
