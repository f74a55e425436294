"""Die Vorschau einer Frage im Editor zeigt, was die Beschäftigten im Gespräch sehen: als Überschrift die
Beschriftung des Fakts im Kanal des Leitfadens (wie gespraech.ansicht.bauen), darunter den Text des Schritts —
gespeichert wie in der Live-Vorschau eines ungespeicherten Quelltexts."""

from __future__ import annotations

import datetime as dt
import html as html_modul
import re
from typing import Any

import pytest

from kundenportal.redaktion.ansicht import Fragetitel, fragetitel
from kundenportal.redaktion.models import Katalogdatei
from kundenportal.redaktion.queries import katalog_aus_datenbank
from kundenportal.redaktion.services.entwurf import entwurf_beginnen
from tests.fixtures_katalog import Anmelden

from .werkzeug import BASIS

pytestmark = pytest.mark.django_db

ONLINE_TITEL = "Möchte der Kunde den Antrag online stellen?"           # fakten.yaml: antrag_online_gewuenscht
ONLINE_TEXT = "Möchte der Kunde das Insolvenzgeld online beantragen?"  # SC 3.307, Schritt online


def _im_gespraech(html: str, schritt: str) -> str:
    """Der Kasten „So steht die Frage im Gespräch“ des Schritts, ohne Tags und mit aufgelösten Zeichenreferenzen."""
    abschnitt = html.split(f'<section id="schritt-{schritt}"')[1].split("</section>")[0]
    treffer = re.search(r'<div class="im-gespraech".*?</div>', abschnitt, re.S)
    assert treffer, f"Schritt {schritt}: keine Vorschau der Frage im Gespräch"
    return " ".join(html_modul.unescape(re.sub(r"<[^>]+>", " ", treffer.group(0))).split())


def test_vorschau_einer_frage_zeigt_die_ueberschrift_wie_im_gespraech(db_katalog: None, anmelden: Anmelden,
                                                                       benutzer: Any) -> None:
    e = entwurf_beginnen(benutzer("redaktion", "r1"), katalog_aus_datenbank(),
                         basis=Katalogdatei.objects.get(pfad=BASIS), stand=dt.date(2020, 4, 1))
    c = anmelden("redaktion")
    html = c.get(f"/redaktion/entwuerfe/{e.pk}/").content.decode()
    # Überschrift (h4 unter der Überschrift des Schritts) aus dem Fakt, dann der Text des Schritts.
    assert f'<h4 class="frage-titel">{ONLINE_TITEL}</h4>' in html
    kasten = _im_gespraech(html, "online")
    assert kasten == f"So steht die Frage im Gespräch: {ONLINE_TITEL} {ONLINE_TEXT}"
    # SC 3.307 läuft nur im Service Center SGB III: die Beschriftung des Telefons („des Anrufers“).
    assert "Identität des Anrufers anhand der Sicherheitsmerkmale geprüft?" in _im_gespraech(html, "identitaet")
    # Nur Fragen: ein Hinweis oder ein Ende hat keine Überschrift aus einem Fakt.
    assert '<section id="schritt-keine_auskunft"' in html
    assert 'class="im-gespraech"' not in html.split('<section id="schritt-keine_auskunft"')[1].split("</section>")[0]

    # Live-Vorschau eines ungespeicherten Quelltexts: anderer Fakt, anderer Text — die Überschrift folgt.
    text = e.text.replace("fakt: antrag_online_gewuenscht", "fakt: teilnahme_erforderlich").replace(
        ONLINE_TEXT, "Fragen Sie, ob der Termin noch nötig ist.")
    vorschau = c.post(f"/redaktion/entwuerfe/{e.pk}/vorschau/", {"text": text, "version": e.version},
                      headers={"HX-Request": "true"})
    assert vorschau.status_code == 200
    kasten = _im_gespraech(vorschau.content.decode(), "online")
    assert kasten == ("So steht die Frage im Gespräch: Ist die Teilnahme am Termin noch erforderlich? "
                      "Fragen Sie, ob der Termin noch nötig ist.")

    # Sagt der Text dasselbe wie die Überschrift, steht er wie im Gespräch nicht noch einmal da.
    text = e.text.replace(ONLINE_TEXT, ONLINE_TITEL)
    vorschau = c.post(f"/redaktion/entwuerfe/{e.pk}/vorschau/", {"text": text, "version": e.version},
                      headers={"HX-Request": "true"})
    assert _im_gespraech(vorschau.content.decode(), "online") == f"So steht die Frage im Gespräch: {ONLINE_TITEL}"


def test_vorschau_in_der_eingangszone_zeigt_deren_beschriftung(db_katalog: None, anmelden: Anmelden,
                                                               benutzer: Any) -> None:
    basis = Katalogdatei.objects.get(pfad="leitfaeden/ez/1.003/2020-03-20.yaml")
    e = entwurf_beginnen(benutzer("redaktion", "r1"), katalog_aus_datenbank(), basis=basis, stand=dt.date(2020, 4, 1))
    html = anmelden("redaktion").get(f"/redaktion/entwuerfe/{e.pk}/").content.decode()
    kasten = _im_gespraech(html, "identitaet")
    assert kasten.startswith("So steht die Frage im Gespräch: "
                             "Identität der vorsprechenden Person anhand eines gültigen Ausweisdokuments geprüft? "
                             "Prüfen Sie die Identität des Kunden")


def test_fragetitel_je_kanal_wie_im_gespraech(db_katalog: None) -> None:
    vok = katalog_aus_datenbank().vokabular
    fakt = vok.fakten["identitaet_geprueft"]
    frage = {"id": "identitaet", "art": "frage", "fakt": "identitaet_geprueft"}
    assert fragetitel(vok, frage, ["sc3"]) == [Fragetitel(fakt.label_fuer("sc3"))]
    assert fragetitel(vok, frage, ["sc3", "scfk", "ez"]) == [
        Fragetitel("Identität des Anrufers anhand der Sicherheitsmerkmale geprüft?",
                   "Service Center SGB III, Service Center Familienkasse"),
        Fragetitel("Identität der vorsprechenden Person anhand eines gültigen Ausweisdokuments geprüft?", "Eingangszone")]
    # Ein Baustein (ohne Kanäle) läuft in jedem Kanal: alle Beschriftungen.
    assert len(fragetitel(vok, frage, [])) == 3
    assert fragetitel(vok, {"fakt": "antrag_online_gewuenscht"}, []) == [Fragetitel(ONLINE_TITEL)]
    assert fragetitel(vok, {"fakt": "gibt_es_nicht"}, ["sc3"]) == []
    # Der Wortlaut der Fassung (`frage:`) gilt in jedem Kanal: eine Überschrift statt der Beschriftungen je Kanal.
    assert fragetitel(vok, {**frage, "frage": "Identität geprüft?"}, ["sc3", "scfk", "ez"]) == [
        Fragetitel("Identität geprüft?")]
