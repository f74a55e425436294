"""Drei Mängel des strukturierten Editors aus dem Rundgang einer Redakteurin:

1. „Schritt einfügen hinter A“ verbindet den neuen Schritt: führt A immer zu B, dann A → neu → B (nur die Zeile
   `nach` von A ändert sich); verzweigt oder endet A, rät der Editor nicht und sagt, was noch zu verbinden ist.
2. Zwei Schritte mit derselben Kennung: der Graph führt jeden Knoten zu seinem Schritt, das Formular des zweiten
   ändert (entfernt, verschiebt) genau den zweiten; hat sich der Text inzwischen geändert, der Konflikt statt eines
   anderen Blocks.
3. Der Rekorder zeigt einen Hinweis-Schritt wie das Gespräch: seinen Text vor der nächsten Frage oder am Ende."""

from __future__ import annotations

import html
import json
from typing import Any

import pytest

from kundenportal.redaktion import struktur
from kundenportal.redaktion.einfuegen import einfuegen_und_verbinden
from kundenportal.redaktion.models import Entwurf
from kundenportal.redaktion.queries import katalog_aus_datenbank
from kundenportal.redaktion.services.entwurf import entwurf_speichern
from tests.conftest import CONTENT
from tests.fixtures_katalog import Anmelden

from .werkzeug import entwurf_3307, entwurf_doppelt, mit_doppeltem_papier, schritt_ids

TEXT = (CONTENT / "leitfaeden" / "sc" / "3.307" / "2020-03-20.yaml").read_text(encoding="utf-8")
HTMX = {"HTTP_HX_REQUEST": "true"}
AUSGANGSLAGE = "kunde: {kundennummer: 955A200177, wohnort_agentur: Nürnberg}\nstep: {konto: true, sicherheitsstufe: basis}\n"



# --- 1. Einfügen hinter einem Schritt --------------------------------------------------------------------------------

def test_einfuegen_hinter_einem_schritt_mit_einem_nachfolger_verbindet_a_neu_b() -> None:
    text = TEXT.replace("    nach: versandt\n", "    nach: versandt   # danach endet der Weg\n")
    e = einfuegen_und_verbinden(text, struktur.neuer_schritt("frist", "hinweis"), "papier")
    assert e.anschluss == "Verbunden: papier → frist → versandt."
    assert struktur.schritt_lesen(e.text, "papier")["nach"] == "frist"
    assert struktur.schritt_lesen(e.text, "frist")["nach"] == "versandt"
    # nur die Zeile `nach` von papier (mit ihrem Kommentar) und der neue Block: alles andere wie es war
    assert e.text == text.replace(
        "    nach: versandt   # danach endet der Weg\n",
        '    nach: frist   # danach endet der Weg\n  - id: frist\n    art: hinweis\n    text: ""\n    nach: versandt\n')


def test_einfuegen_mit_eigenem_ziel_behaelt_es() -> None:
    e = einfuegen_und_verbinden(TEXT, struktur.neuer_schritt("frist", "hinweis", "online_moeglich"), "papier")
    assert e.anschluss == "Verbunden: papier → frist → online_moeglich."
    assert struktur.schritt_lesen(e.text, "papier")["nach"] == "frist"
    assert struktur.schritt_lesen(e.text, "frist")["nach"] == "online_moeglich"


def test_einfuegen_hinter_einer_verzweigung_raet_nicht_und_nennt_die_zweige() -> None:
    e = einfuegen_und_verbinden(TEXT, struktur.neuer_schritt("frist", "hinweis"), "online")
    assert e.text == struktur.schritt_einfuegen(TEXT, struktur.neuer_schritt("frist", "hinweis"), "online")
    assert e.anschluss == ("Nicht verbunden: Schritt online verzweigt (Antwort „ja“ → stufe; Antwort „nein“ → papier) "
                           "und zeigt weiter dorthin. Bitte selbst festlegen, welcher Schritt zu frist führt. Dazu im "
                           "Schritt online einen Ausgang auf frist ändern.")
    stufe = einfuegen_und_verbinden(TEXT, struktur.neuer_schritt("frist", "hinweis"), "stufe").anschluss
    assert "Schritt stufe verzweigt (wenn „stufe_ausweissicht“ → online_moeglich; sonst → erhoehung)" in stufe
    ende = einfuegen_und_verbinden(TEXT, struktur.neuer_schritt("frist", "hinweis"), "versandt").anschluss
    assert ende == "Nicht verbunden: Schritt versandt beendet den Weg (Ende). Bitte selbst festlegen, welcher Schritt " \
                   "zu frist führt."
    neues_ende = einfuegen_und_verbinden(TEXT, struktur.neuer_schritt("fertig", "ende"), "papier")
    assert struktur.schritt_lesen(neues_ende.text, "papier")["nach"] == "versandt"
    assert neues_ende.anschluss.startswith("Nicht verbunden: fertig ist ein Ende-Schritt, Schritt papier führt weiter "
                                           "zu versandt.")


@pytest.mark.django_db
def test_schritt_einfuegen_sagt_in_der_meldung_wie_er_verbunden_ist(db_katalog: None, anmelden: Anmelden,
                                                                     benutzer: Any) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    c = anmelden("redaktion")
    antwort = c.post(f"/redaktion/entwuerfe/{e.pk}/anfuegen/", {
        "neu-schritt_id": "frist", "neu-art": "hinweis", "neu-text": "Frist: zwei Monate.", "neu-weiter": "",
        "neu-hinter": "papier", "neu-version": e.version}, **HTMX)
    seite = html.unescape(antwort.content.decode())
    assert f"Schritt frist eingefügt (Version {e.version + 1}): keine Befunde. Verbunden: papier → frist → versandt." \
        in seite
    neu = Entwurf.objects.get(pk=e.pk)
    assert neu.befunde == [] and struktur.schritt_lesen(neu.text, "papier")["nach"] == "frist"
    antwort = c.post(f"/redaktion/entwuerfe/{e.pk}/anfuegen/", {
        "neu-schritt_id": "vorab", "neu-art": "hinweis", "neu-text": "Vorab.", "neu-weiter": "", "neu-hinter": "online",
        "neu-version": neu.version}, **HTMX)
    seite = html.unescape(antwort.content.decode())
    assert "Nicht verbunden: Schritt online verzweigt (Antwort „ja“ → stufe; Antwort „nein“ → papier)" in seite
    assert "kern-alert--warning" in seite      # nicht erreichbar: ein Befund, die Meldung eine Warnung


# --- 2. Zwei Schritte mit derselben Kennung --------------------------------------------------------------------------


def test_stelle_meint_genau_den_zweiten_schritt_mit_der_kennung() -> None:
    text = mit_doppeltem_papier(TEXT)
    zweiter = struktur.Stelle(len(schritt_ids(text)) - 1, 2)
    assert struktur.schritt_lesen(text, "papier", zweiter)["text"] == "Der zweite."
    neu = struktur.schritt_ersetzen(text, "papier", {**struktur.schritt_lesen(text, "papier", zweiter),
                                                     "text": "Geändert."}, zweiter)
    assert struktur.schritt_lesen(neu, "papier") == struktur.schritt_lesen(text, "papier")     # der erste unverändert
    assert struktur.schritt_lesen(neu, "papier", zweiter)["text"] == "Geändert."
    assert struktur.schritt_entfernen(text, "papier", zweiter) == TEXT
    oben = struktur.schritt_verschieben(text, "papier", -1, zweiter)
    assert schritt_ids(oben)[-2:] == ["papier", "versandt"] and struktur.schritt_lesen(oben, "papier")["art"] == "aktion"
    with pytest.raises(struktur.StelleGeaendert, match="steht nicht mehr an der Stelle"):
        struktur.schritt_lesen(text, "papier", struktur.Stelle(3, 2))


@pytest.mark.django_db
def test_graph_und_formular_des_zweiten_doppelten_schritts_treffen_ihn(db_katalog: None, anmelden: Anmelden,
                                                                        benutzer: Any) -> None:
    autorin = benutzer("redaktion", "erste")
    e = entwurf_doppelt(autorin)
    c = anmelden("redaktion")
    seite = c.get(f"/redaktion/entwuerfe/{e.pk}/").content.decode()
    graph = seite[seite.index('<svg role="group"'):seite.index("</svg>")]
    assert graph.count('<a href="#schritt-papier">') == 1 and graph.count('<a href="#schritt-papier-2">') == 1
    assert '<section id="schritt-papier-2"' in seite
    nummer = len(schritt_ids(e.text)) - 1
    assert f'<input type="hidden" name="nummer" value="{nummer}"><input type="hidden" name="vorkommen" value="2">' in seite
    antwort = c.post(f"/redaktion/entwuerfe/{e.pk}/schritt/", {
        "schritt": "papier", "nummer": nummer, "vorkommen": 2, "version": e.version, "tun": "speichern",
        "id": "papier_hinweis", "text": "Der zweite, umbenannt.", "ausgang": "nach", "nach": "versandt"})
    assert antwort.status_code == 302 and antwort["Location"].endswith("?offen=papier_hinweis#schritt-papier_hinweis")
    neu = Entwurf.objects.get(pk=e.pk)
    assert schritt_ids(neu.text)[-1] == "papier_hinweis" and struktur.schritt_lesen(neu.text, "papier")["art"] == "aktion"
    assert [b["meldung"] for b in neu.befunde] == ["Schritt papier_hinweis ist vom Start identitaet aus nicht erreichbar"]


@pytest.mark.django_db
def test_doppelter_schritt_entfernen_trifft_den_gewaehlten(db_katalog: None, anmelden: Anmelden, benutzer: Any) -> None:
    autorin = benutzer("redaktion", "erste")
    e = entwurf_3307(autorin)
    basis = e.text
    e, _ = entwurf_speichern(autorin, e.pk, katalog_aus_datenbank(), text=mit_doppeltem_papier(e.text), version=e.version)
    antwort = anmelden("redaktion").post(f"/redaktion/entwuerfe/{e.pk}/schritt/", {
        "schritt": "papier", "nummer": len(schritt_ids(e.text)) - 1, "vorkommen": 2, "version": e.version, "tun": "entfernen"})
    assert antwort.status_code == 302
    assert Entwurf.objects.get(pk=e.pk).text == basis


@pytest.mark.django_db
def test_geaenderter_quelltext_ist_ein_konflikt_statt_eines_anderen_blocks(db_katalog: None, anmelden: Anmelden,
                                                                            benutzer: Any) -> None:
    """Der Quelltext im Feld (mit htmx mitgesendet) hat den ersten `papier` verloren: der zweite steht nicht mehr an
    seiner Stelle — nichts geändert, die Konfliktansicht mit der Eingabe, nicht still der andere Block."""
    autorin = benutzer("redaktion", "erste")
    e = entwurf_doppelt(autorin)
    quelltext = struktur.schritt_entfernen(e.text, "papier")
    quelltext = struktur.schritt_entfernen(quelltext, "versandt") + "\n  - id: papier\n    art: ende\n" \
        "    ergebnis: papierantrag_versandt\n  - id: versandt\n    art: ende\n    ergebnis: papierantrag_versandt\n"
    antwort = anmelden("redaktion").post(f"/redaktion/entwuerfe/{e.pk}/schritt/", {
        "schritt": "papier", "nummer": len(schritt_ids(e.text)) - 1, "vorkommen": 2, "version": e.version, "tun": "speichern",
        "id": "papier", "text": "Geändert.", "ausgang": "nach", "nach": "versandt", "quelltext": quelltext}, **HTMX)
    seite = html.unescape(antwort.content.decode())
    assert antwort.status_code == 409
    assert "Nicht gespeichert: Der Quelltext hat sich geändert, seit der Schritt angezeigt wurde" in seite
    assert "Schritt papier (2. Schritt mit dieser Kennung) steht nicht mehr an der Stelle" in seite
    assert "Ihr Schritt papier, wie Sie ihn eingegeben haben" in seite and "Geändert." in seite
    assert Entwurf.objects.get(pk=e.pk).version == e.version


# --- 3. Der Rekorder zeigt Hinweise -----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_rekorder_zeigt_den_hinweis_vor_der_naechsten_frage_und_am_ende(db_katalog: None, anmelden: Anmelden,
                                                                       benutzer: Any, settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"
    autorin = benutzer("redaktion", "erste")
    e = entwurf_3307(autorin)
    text = einfuegen_und_verbinden(e.text, {**struktur.neuer_schritt("frist", "hinweis"),
                                                     "text": "Der Papierantrag muss binnen zwei Monaten zurück sein."},
                                            "papier").text
    text = struktur.schritt_einfuegen(text, {**struktur.neuer_schritt("vorab", "hinweis", "online"),
                                             "text": "Sagen Sie, dass das Gespräch aufgezeichnet wird."}, "identitaet")
    text = text.replace("je_antwort: {ja: online, nein: keine_auskunft}", "je_antwort: {ja: vorab, nein: keine_auskunft}")
    e, _ = entwurf_speichern(autorin, e.pk, katalog_aus_datenbank(), text=text, version=e.version)
    assert e.befunde == []
    c = anmelden("redaktion")

    def senden(antworten: dict[str, str]) -> str:
        return html.unescape(c.post(f"/redaktion/entwuerfe/{e.pk}/szenario/", {
            "szenario_id": "sc-3307-hinweis", "titel": "Hinweis", "datum": "2020-04-01", "kanal": "sc3",
            "standort": "Nürnberg", "ausgangslage": AUSGANGSLAGE, "antworten": json.dumps(antworten)}).content.decode())

    frage = senden({"identitaet_geprueft": "ja"})
    assert '<h2 id="hinweise-titel">Hinweise auf dem Weg</h2>' in frage
    assert "<strong>Im Gespräch:</strong> Sagen Sie, dass das Gespräch aufgezeichnet wird." in frage
    assert frage.index("Sagen Sie, dass") < frage.index("Nächste Frage:")
    ende = senden({"identitaet_geprueft": "ja", "antrag_online_gewuenscht": "nein"})
    assert "<strong>Im Gespräch:</strong> Der Papierantrag muss binnen zwei Monaten zurück sein." in ende
    assert "Sagen Sie, dass" not in ende           # wie im Gespräch: nur die Hinweise seit der letzten Frage
    assert "Weg: identitaet → vorab → online → papier → frist → versandt" in ende
