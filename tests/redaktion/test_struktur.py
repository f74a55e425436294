"""Der strukturierte Editor: Schritte als Blöcke im YAML (ohne Django) und über HTTP — ohne JavaScript
(Formular, Weiterleitung) und mit htmx (Editor an Ort und Stelle, Vorschau ohne Speichern)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from kundenportal.redaktion import struktur
from kundenportal.redaktion.models import Entwurf
from kundenportal.redaktion.yamlfeld import FeldFehler
from tests.conftest import CONTENT
from tests.fixtures_katalog import Anmelden

from .werkzeug import entwurf_3307

TEXT = (CONTENT / "leitfaeden" / "sc" / "3.307" / "2020-03-20.yaml").read_text(encoding="utf-8")
HTMX = {"HTTP_HX_REQUEST": "true"}


def _ids(text: str) -> list[str]:
    return [b.schritt_id for b in struktur.bloecke(text)[1]]


def test_ein_unveraenderter_schritt_schreibt_sich_gleich() -> None:
    for sid in _ids(TEXT):
        daten = struktur.schritt_lesen(TEXT, sid)
        neu = struktur.schritt_ersetzen(TEXT, sid, daten)
        assert struktur.schritt_lesen(neu, sid) == daten, sid
        if len(str(daten.get("text", ""))) <= struktur.FALTEN_AB:    # lange Texte: neu gefaltet, gleicher Inhalt
            assert neu == TEXT, sid


def test_verschieben_einfuegen_entfernen_lassen_den_rest_stehen() -> None:
    oben = struktur.schritt_verschieben(TEXT, "versandt", -1)
    assert _ids(oben)[-2:] == ["versandt", "papier"] and oben.startswith("# Weisung 202003006, 2.2 a) 6")
    assert struktur.schritt_verschieben(oben, "versandt", 1) == TEXT
    neu = struktur.schritt_einfuegen(TEXT, struktur.neuer_schritt("frist", "hinweis", "papier"), "erhoehung")
    assert _ids(neu)[_ids(neu).index("erhoehung") + 1] == "frist"
    assert '  - id: frist\n    art: hinweis\n    text: ""\n    nach: papier\n' in neu
    assert struktur.schritt_entfernen(neu, "frist") == TEXT
    with pytest.raises(FeldFehler, match="Schritt gibtsnicht gibt es nicht"):
        struktur.schritt_entfernen(TEXT, "gibtsnicht")
    with pytest.raises(FeldFehler, match="steht schon oben"):
        struktur.schritt_verschieben(TEXT, "identitaet", -1)
    with pytest.raises(FeldFehler, match="Schritt papier gibt es schon"):
        struktur.schritt_einfuegen(TEXT, struktur.neuer_schritt("papier", "ende"))


def test_art_wechseln_behaelt_text_und_ausgang() -> None:
    daten = struktur.art_wechseln(struktur.schritt_lesen(TEXT, "online_moeglich"), "hinweis")
    assert daten == {"id": "online_moeglich", "art": "hinweis", "nach": "",
                     "text": "Die Sicherheitsstufe reicht aus: Der Kunde kann das Insolvenzgeld online beantragen.",
                     "vermerk": "Insolvenzgeld: Online-Antrag möglich (Sicherheitsstufe ausreichend)."}
    frage = struktur.art_wechseln(struktur.schritt_lesen(TEXT, "erhoehung"), "aktion")
    assert frage["system"] == "" and frage["nach"] == "hinweis_eid" and "je_antwort" not in frage


def test_formular_setzt_verzweigung_antworten_und_parameter() -> None:
    alt = struktur.schritt_lesen(TEXT, "stufe")
    neu = struktur.aus_formular(alt, {"id": "stufe", "abfrage": "sicherheitsstufe", "text": "Neu.", "regel": "2.2 a) 6",
                                      "ausgang": "weiter", "zweig-0-wenn": "stufe_ausweissicht == true",
                                      "zweig-0-nach": "online_moeglich", "zweig-1-wenn": "", "zweig-1-nach": "erhoehung",
                                      "zweig-2-wenn": "", "zweig-2-nach": ""}.get)
    assert neu["weiter"] == [{"wenn": "stufe_ausweissicht == true", "nach": "online_moeglich"}, {"sonst": "erhoehung"}]
    assert "vermerk" not in neu and neu["text"] == "Neu."
    papier = struktur.aus_formular(struktur.schritt_lesen(TEXT, "papier"), {
        "id": "papier", "aktion": "versand/papierantrag", "param-0-name": "leistung", "param-0-wert": "insolvenzgeld",
        "param-1-name": "", "param-1-wert": "", "ausgang": "nach", "nach": "versandt"}.get)
    assert papier["parameter"] == {"leistung": "insolvenzgeld"} and papier["nach"] == "versandt"
    frage = struktur.aus_formular(struktur.schritt_lesen(TEXT, "online"), {
        "id": "online", "fakt": "antrag_online_gewuenscht", "ausgang": "je_antwort", "antwort-0-wert": "ja",
        "antwort-0-nach": "stufe", "antwort-1-wert": "nein", "antwort-1-nach": "papier"}.get)
    assert frage["je_antwort"] == {"ja": "stufe", "nein": "papier"}
    with pytest.raises(FeldFehler, match="hat keinen Namen"):
        struktur.aus_formular(papier, {"aktion": "versand/papierantrag", "param-0-name": "", "param-0-wert": "x"}.get)




@pytest.mark.django_db
def test_schritt_bearbeiten_ohne_javascript(db_katalog: None, anmelden: Anmelden, benutzer: Any) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    c = anmelden("redaktion")
    seite = c.get(f"/redaktion/entwuerfe/{e.pk}/").content.decode()
    assert 'name="tun" value="speichern"' in seite and "Verzweigung: der erste zutreffende Zweig gilt" in seite
    assert 'name="aktion" value="versand/papierantrag" list="liste-aktionen"' in seite
    assert '<option value="versand/papierantrag">' in seite        # Vorschlag aus der Aktions-Registry
    antwort = c.post(f"/redaktion/entwuerfe/{e.pk}/schritt/", {
        "schritt": "online_moeglich", "version": e.version, "tun": "speichern", "id": "online_moeglich",
        "ergebnis": "online_antrag_moeglich", "text": "Online-Antrag möglich.", "vermerk": "", "regel": "2.2 a) 6"})
    assert antwort.status_code == 302 and antwort["Location"].endswith("?offen=online_moeglich#schritt-online_moeglich")
    assert "<details open><summary>Schritt online_moeglich bearbeiten" in c.get(antwort["Location"]).content.decode()
    neu = Entwurf.objects.get(pk=e.pk)
    assert '  - id: online_moeglich\n    art: ende\n    regel: "2.2 a) 6"\n    ergebnis: online_antrag_moeglich\n' \
           '    text: "Online-Antrag möglich."\n' in neu.text
    assert neu.version == e.version + 1 and neu.befunde == []
    # Art wechseln: Frage ohne Fakt → Befund am Schritt, gespeichert als Entwurf
    c.post(f"/redaktion/entwuerfe/{e.pk}/schritt/", {"schritt": "online_moeglich", "version": neu.version,
                                                    "tun": "art", "neue_art": "frage"})
    neu = Entwurf.objects.get(pk=e.pk)
    assert neu.befunde and all(b["schritt"] == "online_moeglich" for b in neu.befunde)
    # veraltete Version: nichts überschrieben, Seite mit 409
    antwort = c.post(f"/redaktion/entwuerfe/{e.pk}/schritt/", {"schritt": "papier", "version": e.version,
                                                              "tun": "entfernen"})
    assert antwort.status_code == 409 and "Der Entwurf wurde inzwischen gespeichert" in antwort.content.decode()
    assert Entwurf.objects.get(pk=e.pk).text == neu.text
    antwort = c.post(f"/redaktion/entwuerfe/{e.pk}/schritt/", {"schritt": "papier", "tun": "entfernen"}, follow=True)
    assert "Formular unvollständig" in antwort.content.decode()


@pytest.mark.django_db
def test_mit_htmx_editor_an_ort_und_stelle_und_vorschau(db_katalog: None, anmelden: Anmelden, benutzer: Any) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    c = anmelden("redaktion")
    quelltext = e.text.replace('ergebnis: papierantrag_versandt', 'ergebnis: papierantrag_versandt\n    vermerk: "Neu."')
    antwort = c.post(f"/redaktion/entwuerfe/{e.pk}/schritt/", {
        "schritt": "versandt", "version": e.version, "tun": "hoch", "quelltext": quelltext}, **HTMX)
    html = antwort.content.decode()
    assert antwort.status_code == 200 and html.startswith('<div id="editor">')
    assert "Schritt versandt nach oben verschoben (Version" in html and 'id="kopf-versandt" tabindex="-1" data-fokus' in html
    neu = Entwurf.objects.get(pk=e.pk)
    assert 'vermerk: "Neu."' in neu.text and _ids(neu.text)[-1] == "papier"   # Quelltext und Struktur: eine Speicherung
    vorschau = c.post(f"/redaktion/entwuerfe/{e.pk}/vorschau/",
                      {"text": neu.text.replace("nach: versandt", "nach: gibtsnicht")}, **HTMX).content.decode()
    assert 'id="befunde-bereich" hx-swap-oob="true"' in vorschau and 'id="graph-bereich" hx-swap-oob="true"' in vorschau
    assert "Vorschau des ungespeicherten Quelltexts: 2 Befunde." in vorschau and "gibtsnicht" in vorschau
    assert Entwurf.objects.get(pk=e.pk).version == neu.version                   # Vorschau speichert nichts
    antwort = c.post(f"/redaktion/entwuerfe/{e.pk}/anfuegen/", {
        "neu-schritt_id": "frist", "neu-art": "hinweis", "neu-text": "Frist: zwei Monate.", "neu-weiter": "papier",
        "neu-hinter": "erhoehung", "neu-version": neu.version}, **HTMX)
    assert "Schritt frist eingefügt" in antwort.content.decode()
    assert anmelden("freigabe").post(f"/redaktion/entwuerfe/{e.pk}/vorschau/", {"text": "x"}).status_code == 403


@pytest.mark.django_db
def test_mit_htmx_ueberschreibt_eine_veraltete_version_nichts(db_katalog: None, anmelden: Anmelden,
                                                              benutzer: Any) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    c = anmelden("redaktion")
    antwort = c.post(f"/redaktion/entwuerfe/{e.pk}/schritt/", {
        "schritt": "papier", "version": e.version - 1, "tun": "entfernen", "quelltext": e.text}, **HTMX)
    html = antwort.content.decode()
    assert antwort.status_code == 409                              # htmx tauscht den Editor trotzdem aus (beforeSwap)
    assert re.search(r'<div id="editor-status" role="status" class="kern-alert kern-alert--danger">.*?'
                     r'<p class="kern-body">Der Entwurf wurde inzwischen gespeichert', html)
    assert f'name="version" value="{e.version}"' in html          # der Editor zeigt den gespeicherten Stand
    assert Entwurf.objects.get(pk=e.pk).text == e.text


@pytest.mark.django_db
def test_schritt_entfernen_erst_nach_rueckfrage(db_katalog: None, anmelden: Anmelden, benutzer: Any) -> None:
    """„Schritt entfernen“ sendet nicht sofort: je Schritt klappt eine Rückfrage auf (<details>, ohne JavaScript,
    per Tastatur), und nur ihr Knopf „Wirklich entfernen: Schritt …“ trägt tun=entfernen."""
    e = entwurf_3307(benutzer("redaktion", "erste"))
    html = anmelden("redaktion").get(f"/redaktion/entwuerfe/{e.pk}/").content.decode()
    schritte = re.findall(r'<section id="schritt-([a-z0-9_]+)"', html)
    knoepfe = re.findall(r'<button type="submit" name="tun" value="entfernen"[^>]*>(.*?)</button>', html)
    assert len(schritte) > 3 and len(knoepfe) == len(schritte)
    for sid in schritte:
        rueckfrage = re.search(r'<details class="entfernen">\s*<summary class="kern-btn kern-btn--tertiary">'
                               rf'<span class="kern-label">Schritt {sid} entfernen …</span></summary>(.*?)</details>',
                               html, re.S)
        assert rueckfrage, sid
        assert f"Schritt {sid} wirklich entfernen?" in rueckfrage[1]
        assert re.search(r'<button type="submit" name="tun" value="entfernen" class="kern-btn kern-btn--secondary">'
                         rf'<span class="kern-label">Wirklich entfernen: Schritt {sid}</span></button>', rueckfrage[1])
    # außerhalb der Rückfragen kein Knopf, der entfernt
    assert "value=\"entfernen\"" not in re.sub(r'<details class="entfernen">.*?</details>', "", html, flags=re.S)
