"""Folgen aus dem Rundgang einer Redakteurin (Dezember, Weisung 202003006):

1. „Einfügen hinter Schritt“ meint eine Stelle, nicht nur eine Kennung: bei zwei Schritten mit derselben Kennung nennt
   die Auswahl beide einzeln, eingefügt wird hinter dem gewählten; hat sich der Text inzwischen geändert, der Konflikt
   statt eines stillen Einfügens an anderer Stelle; eine bloße doppelte Kennung (API) wird nicht geraten.
2. „Geplante Fassungen“ stehen in der Reihenfolge, in der sie wirksam werden: gültig ab, dann Stand — wie die Auswahl
   der Basis (forms.EntwurfBeginnen.fassungen_anbieten)."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kundenportal.redaktion import struktur
from kundenportal.redaktion.einfuegen import einfuegen_und_verbinden, stelle_lesen, stellen_zur_wahl
from kundenportal.redaktion.models import Entwurf
from kundenportal.redaktion.queries import geplante, katalog_aus_datenbank
from kundenportal.redaktion.services.entwurf import entwurf_speichern
from kundenportal.redaktion.yamlfeld import FeldFehler
from tests.conftest import CONTENT
from tests.fixtures_katalog import Anmelden, katalog_veroeffentlicht

from .werkzeug import entwurf_3307, entwurf_doppelt, mit_doppeltem_papier, schritt_ids

TEXT = (CONTENT / "leitfaeden" / "sc" / "3.307" / "2020-03-20.yaml").read_text(encoding="utf-8")
HTMX = {"HTTP_HX_REQUEST": "true"}




# --- 1. Einfügen hinter einer Stelle ---------------------------------------------------------------------------------

def test_die_auswahl_nennt_gleichnamige_schritte_einzeln_und_traegt_die_stelle() -> None:
    assert stellen_zur_wahl(["identitaet", "papier", "versandt", "papier"]) == [
        ("identitaet|0|1", "identitaet"),
        ("papier|1|1", "papier (1. Schritt mit dieser Kennung)"),
        ("versandt|2|1", "versandt"),
        ("papier|3|2", "papier (2. Schritt mit dieser Kennung)"),
    ]
    assert stelle_lesen("papier|3|2") == ("papier", struktur.Stelle(3, 2))
    assert stelle_lesen("papier") == ("papier", None)       # ältere Formulare, API: die bloße Kennung


def test_einfuegen_hinter_dem_zweiten_gleichnamigen_schritt_trifft_ihn() -> None:
    text = mit_doppeltem_papier(TEXT)
    zweiter = len(schritt_ids(text)) - 1
    e = einfuegen_und_verbinden(text, struktur.neuer_schritt("frist", "hinweis"), "papier", struktur.Stelle(zweiter, 2))
    assert schritt_ids(e.text) == [*schritt_ids(text), "frist"]
    assert e.anschluss == "Verbunden: papier (2. Schritt mit dieser Kennung) → frist → versandt."
    assert struktur.schritt_lesen(e.text, "papier", struktur.Stelle(zweiter, 2))["nach"] == "frist"
    assert struktur.schritt_lesen(e.text, "papier") == struktur.schritt_lesen(text, "papier")   # der erste wie er war


def test_eine_bloße_doppelte_kennung_wird_nicht_geraten() -> None:
    with pytest.raises(FeldFehler, match=r"^Schritt papier gibt es 2-mal: bitte unter „Einfügen hinter Schritt“ "
                                         r"wählen, hinter welchem der neue Schritt stehen soll$"):
        einfuegen_und_verbinden(mit_doppeltem_papier(TEXT), struktur.neuer_schritt("frist", "hinweis"), "papier")


def test_eine_stelle_im_geaenderten_text_ist_ein_konflikt() -> None:
    text = mit_doppeltem_papier(TEXT)
    with pytest.raises(struktur.StelleGeaendert, match=r"^Schritt papier \(2\. Schritt mit dieser Kennung\), hinter "
                                                       "dem der neue Schritt stehen sollte, steht nicht mehr an der "
                                                       "gewählten Stelle: der Quelltext hat sich inzwischen geändert$"):
        einfuegen_und_verbinden(text, struktur.neuer_schritt("frist", "hinweis"), "papier",
                                struktur.Stelle(len(schritt_ids(text)) - 2, 2))


@pytest.mark.django_db
def test_formular_fuegt_hinter_dem_gewaehlten_gleichnamigen_schritt_ein(db_katalog: None, anmelden: Anmelden,
                                                                          benutzer: Any) -> None:
    autorin = benutzer("redaktion", "erste")
    e = entwurf_doppelt(autorin)
    zweiter = len(schritt_ids(e.text)) - 1
    c = anmelden("redaktion")
    seite = html.unescape(c.get(f"/redaktion/entwuerfe/{e.pk}/").content.decode())
    auswahl = seite[seite.index('<select class="kern-form-input__select" id="neu-hinter"'):]
    auswahl = auswahl[:auswahl.index("</select>")]
    assert f'<option value="papier|{zweiter}|2">papier (2. Schritt mit dieser Kennung)</option>' in auswahl
    assert '<option value="papier|' in auswahl and ">papier (1. Schritt mit dieser Kennung)</option>" in auswahl
    antwort = c.post(f"/redaktion/entwuerfe/{e.pk}/anfuegen/", {
        "neu-schritt_id": "frist", "neu-art": "hinweis", "neu-text": "Frist: zwei Monate.", "neu-weiter": "",
        "neu-hinter": f"papier|{zweiter}|2", "neu-version": e.version}, **HTMX)
    assert "Verbunden: papier (2. Schritt mit dieser Kennung) → frist → versandt." in html.unescape(
        antwort.content.decode())
    neu = Entwurf.objects.get(pk=e.pk).text
    assert schritt_ids(neu)[-2:] == ["papier", "frist"]
    assert struktur.schritt_lesen(neu, "papier")["art"] == "aktion"        # der erste unberührt


@pytest.mark.django_db
def test_formular_mit_geaendertem_quelltext_ist_ein_konflikt_statt_woanders_einzufuegen(
        db_katalog: None, anmelden: Anmelden, benutzer: Any) -> None:
    """Der Quelltext im Feld (mit htmx mitgesendet) hat den ersten `papier` verloren: der gewählte zweite steht nicht
    mehr an seiner Stelle — nichts eingefügt, die Konfliktansicht mit dem neuen Schritt als YAML."""
    autorin = benutzer("redaktion", "erste")
    e = entwurf_doppelt(autorin)
    antwort = anmelden("redaktion").post(f"/redaktion/entwuerfe/{e.pk}/anfuegen/", {
        "neu-schritt_id": "frist", "neu-art": "hinweis", "neu-text": "Frist: zwei Monate.", "neu-weiter": "",
        "neu-hinter": f"papier|{len(schritt_ids(e.text)) - 1}|2", "neu-version": e.version,
        "quelltext": struktur.schritt_entfernen(e.text, "papier")}, **HTMX)
    seite = html.unescape(antwort.content.decode())
    assert antwort.status_code == 409
    assert "Der Quelltext hat sich geändert, seit der Schritt angezeigt wurde" in seite
    assert "Schritt papier (2. Schritt mit dieser Kennung), hinter dem der neue Schritt stehen sollte" in seite
    assert "Ihr neuer Schritt frist (YAML, für den Quelltext)" in seite and "Frist: zwei Monate." in seite
    assert Entwurf.objects.get(pk=e.pk).version == e.version


# --- 2. Geplante Fassungen in der Reihenfolge ihrer Wirkung -----------------------------------------------------------

@pytest.fixture
def zwei_am_selben_tag(db: Any, tmp_path: Path) -> Iterator[None]:
    """Zwei Standortvarianten, die am 01.06.2020 wirksam werden: EZ 1.307 mit Stand 28.03.2020 (früher eingelesen,
    leitfaeden/ez/ vor leitfaeden/sc/) und SC 3.307 mit dem älteren Stand 25.03.2020; dazu SC 3.307 in Fürth ab 15.05.2020."""
    wurzel = tmp_path / "content"
    shutil.copytree(CONTENT, wurzel)
    for ordner, stand, ab, ort in (("ez/1.307", "2020-03-28", "2020-06-01", "Brühl"),
                                   ("sc/3.307", "2020-03-25", "2020-06-01", "Brühl"),
                                   ("sc/3.307", "2020-03-26", "2020-05-15", "Fürth")):
        quelle = wurzel / "leitfaeden" / ordner / "2020-03-20.yaml"
        text = quelle.read_text(encoding="utf-8").replace(
            "stand: 2020-03-20\ngueltig_ab: 2020-03-20", f'stand: {stand}\ngueltig_ab: {ab}\n'
                                                         f'geltungsbereich: {{agenturen: ["{ort}"]}}')
        (quelle.parent / f"{stand}.yaml").write_text(text, encoding="utf-8")
    with katalog_veroeffentlicht(wurzel):
        yield


def test_geplante_fassungen_nach_gueltig_ab_dann_stand(zwei_am_selben_tag: None) -> None:
    bis_juni = [(d.leitfaden_id, d.stand) for d in geplante(dt.date(2020, 4, 20)) if d.gueltig_ab <= dt.date(2020, 6, 1)]
    assert bis_juni == [("SC 3.307", dt.date(2020, 3, 26)), ("SC 3.307", dt.date(2020, 3, 25)),
                        ("EZ 1.307", dt.date(2020, 3, 28))]


def test_die_uebersicht_zeigt_die_geplanten_in_der_reihenfolge_ihrer_wirkung(
        zwei_am_selben_tag: None, anmelden: Anmelden, settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-20"
    seite = html.unescape(anmelden("redaktion").get("/redaktion/").content.decode())
    liste = seite[seite.index('<h2 id="geplant">'):]
    eintraege = re.findall(r"<li>([^<]*): gilt ab ([^<(]*)", liste)
    assert eintraege[:3] == [("SC 3.307, Stand 26.03.2020", "15.05.2020"), ("SC 3.307, Stand 25.03.2020", "01.06.2020"),
                             ("EZ 1.307, Stand 28.03.2020", "01.06.2020")]


# --- 3. Ein Befund zum ganzen Schritt nennt kein Feld ----------------------------------------------------------------

@pytest.mark.django_db
def test_ein_unerreichbarer_schritt_nennt_kein_technisches_feld(db_katalog: None, anmelden: Anmelden,
                                                               benutzer: Any) -> None:
    """Rundgang: „Feld „schritte.hinweis_anliegen““ stand am Befund „nicht erreichbar“ — der Befund betrifft den
    ganzen Schritt, den die Zeile schon nennt."""
    autorin = benutzer("redaktion", "erste")
    e = entwurf_3307(autorin)
    e, _ = entwurf_speichern(autorin, e.pk, katalog_aus_datenbank(), version=e.version,
                             text=struktur.schritt_einfuegen(e.text, struktur.neuer_schritt("frist", "hinweis",
                                                                                            "versandt"), "online"))
    seite = html.unescape(anmelden("redaktion").get(f"/redaktion/entwuerfe/{e.pk}/").content.decode())
    assert "schritte.frist" not in seite
    assert re.search(r"Befund, Zeile \d+: Schritt frist ist vom Start identitaet aus nicht erreichbar", seite)


def test_keine_basis_vorgewaehlt(db_katalog: None, anmelden: Anmelden) -> None:
    """Die Auswahl der Basis beginnt leer — vorher war die erste Fassung der Liste gewählt, eine abgelöste."""
    seite = anmelden("redaktion").get("/redaktion/").content.decode()
    auswahl = seite[seite.index('name="beginnen-basis"'):]
    erste = re.search(r"<option[^>]*>[^<]*</option>", auswahl)
    assert erste is not None and erste.group(0) == '<option value="" selected>– Fassung wählen –</option>'
