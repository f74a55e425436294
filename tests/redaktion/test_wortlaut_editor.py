"""Das Feld „Frage (Wortlaut in dieser Fassung)“ im strukturierten Editor: leer steht die Beschriftung des Fakts
als Platzhalter und im Hinweis da; gespeichert steht der Wortlaut als `frage:` im Schritt und als Überschrift in der
Vorschau „So steht die Frage im Gespräch“; geleert gilt wieder die Beschriftung. Ungültige Eingaben bleiben mit
Meldung am Feld stehen."""

from __future__ import annotations

import html as html_modul
import re
from typing import Any

import pytest

from kundenportal.redaktion import struktur
from kundenportal.redaktion.models import Entwurf
from tests.fixtures_katalog import Anmelden

from .werkzeug import entwurf_3307

pytestmark = pytest.mark.django_db
LABEL = "Möchte der Kunde den Antrag online stellen?"          # fakten.yaml: antrag_online_gewuenscht
NEU = "Will der Kunde den Antrag auf Insolvenzgeld online stellen?"


def _feld(seite: str) -> str:
    treffer = re.search(r'<input[^>]*id="s-online-frage"[^>]*>', seite)
    assert treffer, "kein Feld „Frage (Wortlaut in dieser Fassung)“ am Schritt online"
    return html_modul.unescape(treffer.group(0))


def _speichern(c: Any, e: Entwurf, **felder: str) -> Any:
    """Der Schritt „online“ mit seinen Feldern wie im Formular, dazu `felder`."""
    return c.post(f"/redaktion/entwuerfe/{e.pk}/schritt/", {
        "schritt": "online", "version": e.version, "tun": "speichern", "id": "online",
        "fakt": "antrag_online_gewuenscht", "text": "Möchte der Kunde das Insolvenzgeld online beantragen?",
        "ausgang": "je_antwort", "antwort-0-wert": "ja", "antwort-0-nach": "stufe", "antwort-1-wert": "nein",
        "antwort-1-nach": "papier", **felder})


def test_wortlaut_speichern_neu_laden_und_leeren(db_katalog: None, anmelden: Anmelden, benutzer: Any) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    c = anmelden("redaktion")
    seite = html_modul.unescape(c.get(f"/redaktion/entwuerfe/{e.pk}/").content.decode())
    feld = _feld(seite)
    assert 'value=""' in feld and f'placeholder="{LABEL}"' in feld
    assert 'aria-describedby="s-online-frage-hinweis"' in feld and 'data-hoechstens="200"' in feld
    assert '<label class="kern-label" for="s-online-frage">Frage (Wortlaut in dieser Fassung)</label>' in seite
    assert f"Leer: „{LABEL}“ aus dem Vokabular. Eine Zeile, ohne Platzhalter." in seite     # SC 3.307: ein Kanal

    antwort = _speichern(c, e, frage=f"  {NEU} ")
    assert antwort.status_code == 302
    neu = Entwurf.objects.get(pk=e.pk)
    assert neu.befunde == [] and struktur.schritt_lesen(neu.text, "online")["frage"] == NEU
    assert f'    fakt: antrag_online_gewuenscht\n    frage: "{NEU}"\n' in neu.text
    seite = html_modul.unescape(c.get(antwort["Location"]).content.decode())
    assert f'value="{NEU}"' in _feld(seite)
    assert f'<h4 class="frage-titel">{NEU}</h4>' in seite.split('<section id="schritt-online"')[1]

    # Leer: das Feld `frage` verschwindet, die Beschriftung gilt wieder.
    assert _speichern(c, neu, frage="").status_code == 302
    leer = Entwurf.objects.get(pk=e.pk)
    assert "\n    frage:" not in leer.text and leer.befunde == []
    seite = html_modul.unescape(c.get(f"/redaktion/entwuerfe/{e.pk}/").content.decode())
    assert 'value=""' in _feld(seite) and f'<h4 class="frage-titel">{LABEL}</h4>' in seite


def test_ungueltiger_wortlaut_bleibt_mit_meldung_am_feld(db_katalog: None, anmelden: Anmelden, benutzer: Any) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    c = anmelden("redaktion")
    antwort = _speichern(c, e, frage="Seit {datum} online?")
    seite = html_modul.unescape(antwort.content.decode())
    feld = _feld(seite)
    assert 'value="Seit {datum} online?"' in feld and 'aria-invalid="true"' in feld
    assert 'aria-describedby="s-online-frage-hinweis s-online-frage-fehler"' in feld
    assert re.search(r'id="s-online-frage-fehler".*?Frage \(Wortlaut in dieser Fassung\): ohne Platzhalter', seite, re.S)
    assert Entwurf.objects.get(pk=e.pk).version == e.version                   # nichts gespeichert
    zu_lang = html_modul.unescape(_speichern(c, e, frage="x" * 201).content.decode())
    assert "Frage (Wortlaut in dieser Fassung): höchstens 200 Zeichen, eingegeben sind 201 — bitte kürzen." in zu_lang


def test_ohne_feld_im_formular_bleibt_der_wortlaut() -> None:
    """Eine Eingabe ohne das Feld (ältere Seite, API) lässt den Wortlaut stehen, wie er war."""
    alt = {"id": "online", "art": "frage", "fakt": "antrag_online_gewuenscht", "frage": NEU, "nach": "stufe"}
    daten = struktur.aus_formular(alt, {"id": "online", "fakt": "antrag_online_gewuenscht", "nach": "stufe"}.get)
    assert daten["frage"] == NEU
    daten = struktur.aus_formular(alt, {"id": "online", "fakt": "antrag_online_gewuenscht", "frage": " ",
                                        "nach": "stufe"}.get)
    assert "frage" not in daten
    # Beim Wechsel der Art bleibt kein Wortlaut an einem Hinweis hängen.
    assert "frage" not in struktur.art_wechseln(alt, "hinweis")


def test_hinweis_sagt_dass_der_wortlaut_jede_kanalbeschriftung_ersetzt(db_katalog: None) -> None:
    """Ein Leitfaden in mehreren Kanälen (oder ein Baustein): der Hinweis nennt die Beschriftungen je Kanal und sagt,
    dass ein Wortlaut in allen Kanälen gilt; einen einzigen Platzhalter gibt es dann nicht."""
    from kundenportal.redaktion.ansicht import Editorschritt, fragetitel
    from kundenportal.redaktion.queries import katalog_aus_datenbank

    vok = katalog_aus_datenbank().vokabular
    s = Editorschritt(id="identitaet", art="frage", daten={"fakt": "identitaet_geprueft"}, zeile=1, befunde=[],
                      beschriftungen=fragetitel(vok, {"fakt": "identitaet_geprueft"}, ["sc3", "ez"]),
                      mehrere_kanaele=True)
    assert s.frage_vorgabe == ""
    assert s.frage_hinweis == (
        "Leer: je Kanal die Beschriftung aus dem Vokabular — „Identität des Anrufers anhand der Sicherheitsmerkmale "
        "geprüft?“ (Service Center SGB III); „Identität der vorsprechenden Person anhand eines gültigen "
        "Ausweisdokuments geprüft?“ (Eingangszone). Ein Wortlaut hier gilt in allen Kanälen des Leitfadens. Eine Zeile, ohne "
        "Platzhalter.")
