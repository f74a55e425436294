"""Zwei Bearbeitungen desselben Entwurfs überschreiben sich nie still (docs/redaktion.md: optimistische
Sperre). Jedes Formular trägt die Version, auf der der sichtbare Stand beruht — auch nach der Live-Vorschau,
die nur zeigt. Ein Konflikt zeigt den gespeicherten Stand und daneben die Eingabe der Bearbeiterin, mit wer
und wann; nichts geht verloren, und auch ein erneutes Absenden überschreibt nichts."""

from __future__ import annotations

import html as html_modul
import re
from typing import Any

import pytest

from kundenportal.redaktion.models import Entwurf
from tests.fixtures_katalog import Anmelden

from .werkzeug import NEUER_TEXT, entwurf_3307

pytestmark = pytest.mark.django_db
HTMX: dict[str, Any] = {"HTTP_HX_REQUEST": "true"}
VERMERK_A = "Online-Antrag möglich (Vermerk von A)."


def _vermerk_von_a(client: Any, e: Entwurf) -> Entwurf:
    """Tab A speichert einen Vermerk am Schritt online_moeglich (strukturierter Editor, htmx)."""
    antwort = client.post(f"/redaktion/entwuerfe/{e.pk}/schritt/", {
        "schritt": "online_moeglich", "version": e.version, "tun": "speichern", "id": "online_moeglich",
        "ergebnis": "online_antrag_moeglich", "text": "Online-Antrag möglich.", "vermerk": VERMERK_A,
        "regel": "2.2 a) 6", "quelltext": e.text}, **HTMX)
    assert antwort.status_code == 200 and "Schritt online_moeglich gespeichert" in antwort.content.decode()
    neu = Entwurf.objects.get(pk=e.pk)
    assert neu.version == e.version + 1 and VERMERK_A in neu.text
    return neu


def _versionen(html: str) -> set[str]:
    return set(re.findall(r'name="(?:neu-)?version" value="(\d+)"', html))


def _textfeld(html: str, feld_id: str) -> str:
    treffer = re.search(rf'<textarea[^>]*id="{feld_id}"[^>]*>(.*?)</textarea>', html, re.S)
    assert treffer, feld_id
    return html_modul.unescape(treffer[1])


def test_vorschau_hebt_die_version_nicht_an_und_verschieben_ergibt_konflikt(
        db_katalog: None, anmelden: Anmelden, benutzer: Any) -> None:
    """Der Rundgang: Tab B tippt im Quelltext (Vorschau), Tab A hat inzwischen einen Vermerk gespeichert;
    „Nach unten“ in B ist ein Konflikt (409), A's Vermerk bleibt, B's Text steht neben dem gespeicherten Stand."""
    e = entwurf_3307(benutzer("redaktion", "erste"))
    tab_a, tab_b = anmelden("redaktion"), anmelden("redaktion", standort="Köln")
    seite_b = tab_b.get(f"/redaktion/entwuerfe/{e.pk}/").content.decode()
    assert _versionen(seite_b) == {str(e.version)}
    gespeichert = _vermerk_von_a(tab_a, e)

    getippt = e.text.replace(NEUER_TEXT, "Weisen Sie auf die Online-Ausweisfunktion hin (Text von B).")
    vorschau = tab_b.post(f"/redaktion/entwuerfe/{e.pk}/vorschau/", {"text": getippt, "version": e.version},
                          **HTMX).content.decode()
    assert _versionen(vorschau) == {str(e.version)}          # nie die gespeicherte, neuere Version
    assert f"Achtung: Der Entwurf wurde inzwischen gespeichert (Version {gespeichert.version}); Ihr Quelltext " \
           f"beruht auf Version {e.version}." in vorschau

    version_im_schritt = re.search(r'name="schritt" value="erhoehung"><input type="hidden" name="version" '
                                   r'value="(\d+)"', vorschau)
    assert version_im_schritt
    antwort = tab_b.post(f"/redaktion/entwuerfe/{e.pk}/schritt/", {
        "schritt": "erhoehung", "version": version_im_schritt[1], "tun": "runter", "quelltext": getippt}, **HTMX)
    html = antwort.content.decode()
    assert antwort.status_code == 409
    jetzt = Entwurf.objects.get(pk=e.pk)
    assert (jetzt.version, jetzt.text) == (gespeichert.version, gespeichert.text)      # nichts überschrieben
    assert f"Der Entwurf wurde inzwischen gespeichert (Version {gespeichert.version}, gespeichert von " \
           "redaktion_x am " in html and f"Ihre Bearbeitung beruht auf Version {e.version}." in html
    assert "Ihre Änderung „Schritt erhoehung nach unten verschieben“ ist nicht ausgeführt" in html
    assert _textfeld(html, "konflikt-eingabe-1") == getippt                             # B's Eingabe bleibt
    assert VERMERK_A in _textfeld(html, "id_text") and _versionen(html) == {str(gespeichert.version)}


def test_schritt_text_im_veralteten_tab_ohne_javascript(db_katalog: None, anmelden: Anmelden,
                                                        benutzer: Any) -> None:
    """Ohne JavaScript: die 409-Seite zeigt den gespeicherten Stand und den eingegebenen Schritt zum Kopieren —
    und behauptet nicht mehr, der eigene Quelltext stehe im Feld."""
    e = entwurf_3307(benutzer("redaktion", "erste"))
    tab_a, tab_b = anmelden("redaktion"), anmelden("redaktion", standort="Köln")
    gespeichert = _vermerk_von_a(tab_a, e)
    antwort = tab_b.post(f"/redaktion/entwuerfe/{e.pk}/schritt/", {
        "schritt": "online", "version": e.version, "tun": "speichern", "id": "online",
        "fakt": "antrag_online_gewuenscht", "text": "Möchte der Kunde online beantragen? (Text von B)",
        "ausgang": "je_antwort", "antwort-0-wert": "ja", "antwort-0-nach": "stufe",
        "antwort-1-wert": "nein", "antwort-1-nach": "papier"})
    html = antwort.content.decode()
    assert antwort.status_code == 409
    assert "Ihr Quelltext steht im Feld darunter" not in html
    assert "Ihr Schritt online, wie Sie ihn eingegeben haben (YAML, für den Quelltext)" in html
    eingabe = _textfeld(html, "konflikt-eingabe-1")
    assert eingabe.startswith("  - id: online\n    art: frage\n") and "(Text von B)" in eingabe
    assert "(Text von B)" not in _textfeld(html, "id_text") and VERMERK_A in _textfeld(html, "id_text")
    assert Entwurf.objects.get(pk=e.pk).text == gespeichert.text


def test_schritt_text_im_veralteten_tab_mit_htmx(db_katalog: None, anmelden: Anmelden, benutzer: Any) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    tab_a, tab_b = anmelden("redaktion"), anmelden("redaktion", standort="Köln")
    gespeichert = _vermerk_von_a(tab_a, e)
    antwort = tab_b.post(f"/redaktion/entwuerfe/{e.pk}/schritt/", {
        "schritt": "versandt", "version": e.version, "tun": "speichern", "id": "versandt",
        "ergebnis": "papierantrag_versandt", "text": "Der Antrag ist unterwegs (Text von B).", "quelltext": e.text},
        **HTMX)
    html = antwort.content.decode()
    assert antwort.status_code == 409 and html.startswith('<div id="editor">')
    assert 'id="konflikt" tabindex="-1" data-fokus' in html
    assert "(Text von B)" in _textfeld(html, "konflikt-eingabe-1")
    assert Entwurf.objects.get(pk=e.pk).text == gespeichert.text


def test_quelltext_speichern_nach_konflikt_ueberschreibt_nichts(db_katalog: None, anmelden: Anmelden,
                                                               benutzer: Any) -> None:
    """Die 409-Seite trägt im Formular den gespeicherten Stand mit seiner Version; der eigene Text steht
    daneben. Schickt die Bearbeiterin ihren alten Stand noch einmal, ist es wieder ein Konflikt."""
    e = entwurf_3307(benutzer("redaktion", "erste"))
    tab_a, tab_b = anmelden("redaktion"), anmelden("redaktion", standort="Köln")
    gespeichert = _vermerk_von_a(tab_a, e)
    mein_text = e.text.replace(NEUER_TEXT, "Text aus dem Quelltext von B.")
    for _ in range(2):
        antwort = tab_b.post(f"/redaktion/entwuerfe/{e.pk}/", {"text": mein_text, "version": e.version})
        html = antwort.content.decode()
        assert antwort.status_code == 409
        assert _textfeld(html, "konflikt-eingabe-1") == mein_text
        assert _textfeld(html, "id_text") == gespeichert.text
        assert f'name="version" value="{gespeichert.version}" id="id_version"' in html
        assert Entwurf.objects.get(pk=e.pk).text == gespeichert.text
    assert "Ihr Quelltext (nicht gespeichert)" in html


def test_konflikt_nennt_die_eigene_speicherung_in_einem_anderen_tab(db_katalog: None, anmelden: Anmelden,
                                                                    benutzer: Any) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    tab = anmelden("redaktion")
    _vermerk_von_a(tab, e)
    antwort = tab.post(f"/redaktion/entwuerfe/{e.pk}/", {"text": e.text, "version": e.version})
    assert "gespeichert von Ihnen selbst (in einem anderen Fenster oder Tab)" in antwort.content.decode()


def test_verwerfen_nach_fremder_speicherung_ist_ein_konflikt(db_katalog: None, anmelden: Anmelden,
                                                             benutzer: Any) -> None:
    """B öffnet die Rückfrage „Version N wirklich verwerfen?“, A speichert inzwischen; B's Verwerfen löscht
    A's Stand nicht: 409 mit wer/wann wie beim Speichern, der Entwurf bleibt. Auf der neuen Version geht es."""
    e = entwurf_3307(benutzer("redaktion", "erste"))
    tab_a, tab_b = anmelden("redaktion"), anmelden("redaktion", standort="Köln")
    seite_b = tab_b.get(f"/redaktion/entwuerfe/{e.pk}/").content.decode()
    formular = re.search(r'<form method="post" action="/redaktion/entwuerfe/\d+/verwerfen/"[^>]*>(.*?)</form>', seite_b, re.S)
    assert formular and re.findall(r'name="version" value="(\d+)"', formular[1]) == [str(e.version)]
    gespeichert = _vermerk_von_a(tab_a, e)

    antwort = tab_b.post(f"/redaktion/entwuerfe/{e.pk}/verwerfen/", {"bestaetigt": "ja", "version": e.version})
    html = antwort.content.decode()
    assert antwort.status_code == 409
    assert Entwurf.objects.filter(pk=e.pk, version=gespeichert.version).exists()
    assert f"Der Entwurf wurde inzwischen gespeichert (Version {gespeichert.version}, gespeichert von " in html
    assert "Ihre Änderung „Entwurf verwerfen“ ist nicht ausgeführt" in html
    assert f"(Version {gespeichert.version}) wirklich verwerfen?" in html and VERMERK_A in _textfeld(html, "id_text")

    ohne = tab_b.post(f"/redaktion/entwuerfe/{e.pk}/verwerfen/", {"bestaetigt": "ja"})      # ohne Version
    assert ohne.status_code == 409 and Entwurf.objects.filter(pk=e.pk).exists()
    tab_b.post(f"/redaktion/entwuerfe/{e.pk}/verwerfen/", {"bestaetigt": "ja", "version": gespeichert.version})
    assert not Entwurf.objects.filter(pk=e.pk).exists()


def test_gesperrt_waehrend_des_speicherns_behaelt_den_schritt(db_katalog: None, anmelden: Anmelden,
                                                              benutzer: Any) -> None:
    """Wird der Entwurf inzwischen eingereicht (gesperrt), speichert der Schritt nicht — die Eingabe bleibt im
    Formular des Schritts stehen, mit der Meldung."""
    from kundenportal.redaktion.models import Freigabepaket

    from .werkzeug import paket_mit
    redakteur = benutzer("redaktion", "erste")
    e = entwurf_3307(redakteur)
    p = paket_mit(redakteur, e)
    Freigabepaket.objects.filter(pk=p.pk).update(status=Freigabepaket.ZUR_FREIGABE)
    antwort = anmelden("redaktion").post(f"/redaktion/entwuerfe/{e.pk}/schritt/", {
        "schritt": "online_moeglich", "version": e.version, "tun": "speichern", "id": "online_moeglich",
        "ergebnis": "online_antrag_moeglich", "text": "Online-Antrag möglich.", "vermerk": VERMERK_A,
        "regel": "2.2 a) 6", "quelltext": e.text}, **HTMX)
    html = antwort.content.decode()
    assert antwort.status_code == 400 and "Der Entwurf liegt zur Freigabe vor und ist bis dahin gesperrt." in html
    assert VERMERK_A in html and VERMERK_A not in Entwurf.objects.get(pk=e.pk).text
