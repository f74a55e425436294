"""Folgen aus dem Rundgang einer Redakteurin durch /redaktion/ (Basis, Paket, Szenarien):

1. „Entwurf beginnen“ bot die abgelöste Fassung zuerst an: jetzt je Leitfaden die heute gültige zuerst, abgelöste
   zuletzt in einer eigenen, benannten Gruppe; ein Entwurf auf einer nicht mehr neuesten Fassung sagt es deutlich.
2. Zwei Entwürfe desselben Leitfadens in einem Paket bleiben erlaubt: eine Weisung kann eine allgemeine Fassung und
   eine Standortvariante oder zwei Fassungen mit verschiedenem „Gültig ab“ bringen (die Zeitachse prüft beide).
3. Die Ausgangslage eines Szenarios erklärt sich mit Beispiel; die Szenarien der Entwicklung heißen ohne Dateipfad."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest

from kundenportal.redaktion.models import Entwurf, Katalogdatei
from kundenportal.redaktion.queries import katalog_aus_datenbank
from kundenportal.redaktion.services.entwurf import entwurf_beginnen
from tests.fixtures_katalog import Anmelden

from .test_uebersicht_ordnung import katalog_mit_varianten  # noqa: F401 (Fixture)

ALT = "leitfaeden/sc/3.307/2019-12-20.yaml"
AKTUELL = "leitfaeden/sc/3.307/2020-03-20.yaml"


@pytest.fixture
def stichtag(settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-20"


def _optgroups(seite: str) -> list[tuple[str, list[str]]]:
    auswahl = seite[seite.index('name="beginnen-basis"'):]
    auswahl = auswahl[:auswahl.index("</select>")]
    return [(html.unescape(label), [html.unescape(o) for o in re.findall(r"<option [^>]*>([^<]*)</option>", inhalt)])
            for label, inhalt in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', auswahl, re.S)]


def _entwurf(redakteur: Any, pfad: str) -> Entwurf:
    return entwurf_beginnen(redakteur, katalog_aus_datenbank(), basis=Katalogdatei.objects.get(pfad=pfad),
                            stand=dt.date(2020, 4, 1))


def _seite(anmelden: Anmelden, e: Entwurf) -> str:
    return html.unescape(anmelden("redaktion").get(f"/redaktion/entwuerfe/{e.pk}/").content.decode())


# --- 1. Basis --------------------------------------------------------------------------------------------------------

def test_die_gueltige_fassung_steht_zuerst_die_abgeloeste_zuletzt_und_benannt(db_katalog: None, stichtag: None,
                                                                              anmelden: Anmelden) -> None:
    gruppen = _optgroups(anmelden("redaktion").get("/redaktion/").content.decode())
    namen = [label for label, _ in gruppen]
    i = namen.index("SC 3.307: Insolvenzgeld beantragen")
    assert gruppen[i][1] == ["SC 3.307, Stand 20.03.2020"]
    assert gruppen[i + 1] == ("SC 3.307 — abgelöst, spätere Änderungen fehlen",
                              ["SC 3.307, Stand 20.12.2019 — abgelöst (galt bis 19.03.2020)"])
    for label, optionen in gruppen:       # in keiner Gruppe steht eine abgelöste vor einer anderen
        if "abgelöst, spätere Änderungen fehlen" not in label:
            assert not any("abgelöst" in o for o in optionen), (label, optionen)


def test_entwurf_auf_abgeloester_fassung_sagt_es_deutlich(db_katalog: None, stichtag: None, benutzer: Any,
                                                          anmelden: Anmelden) -> None:
    e = _entwurf(benutzer("redaktion", "erste"), ALT)
    seite = _seite(anmelden, e)
    hinweis = seite[seite.index('id="basis-hinweis"'):]
    hinweis = hinweis[:hinweis.index("</div>\n</div>")]
    assert ("Basis ist die abgelöste Fassung vom 20.12.2019 — spätere Änderungen fehlen in diesem Entwurf. "
            "Wird er so veröffentlicht, nimmt er sie zurück.") in hinweis
    assert "„Entwurf aus einer veröffentlichten Fassung beginnen“ die Fassung „SC 3.307, Stand 20.03.2020“ wählen" \
        in hinweis
    assert 'href="/redaktion/#beginnen"' in hinweis and 'href="#verwerfen"' in hinweis


def test_entwurf_auf_der_gueltigen_fassung_ohne_hinweis(db_katalog: None, stichtag: None, benutzer: Any,
                                                        anmelden: Anmelden) -> None:
    assert 'id="basis-hinweis"' not in _seite(anmelden, _entwurf(benutzer("redaktion", "erste"), AKTUELL))


def test_eine_neuere_geplante_fassung_wird_genannt_eine_standortvariante_nicht(
        katalog_mit_varianten: None, stichtag: None, benutzer: Any, anmelden: Anmelden) -> None:  # noqa: F811
    """Am 20.04.2020 gilt 20.03.2020; 25.03.2020 ist ab 01.06.2020 geplant, 27.03.2020 gilt nur in Brühl."""
    autorin = benutzer("redaktion", "erste")
    e = entwurf_beginnen(autorin, katalog_aus_datenbank(), basis=Katalogdatei.objects.get(pfad=AKTUELL),
                         stand=dt.date(2020, 4, 2))
    seite = _seite(anmelden, e)
    assert ("Basis ist die Fassung vom 20.03.2020; die Fassung vom 25.03.2020 ist neuer — ihre Änderungen fehlen in "
            "diesem Entwurf.") in seite
    assert "die Fassung „SC 3.307, Stand 25.03.2020 — gilt ab 01.06.2020 (geplant)“ wählen" in seite
    brühl = entwurf_beginnen(autorin, katalog_aus_datenbank(),
                             basis=Katalogdatei.objects.get(pfad="leitfaeden/sc/3.307/2020-03-27.yaml"),
                             stand=dt.date(2020, 4, 2))
    assert 'id="basis-hinweis"' not in _seite(anmelden, brühl)


# --- 2. Zwei Entwürfe eines Leitfadens in einem Paket ---------------------------------------------------------------

# --- 3. Worte der Redaktion ------------------------------------------------------------------------------------------

def test_die_ausgangslage_erklaert_sich_mit_beispiel(db_katalog: None, stichtag: None, benutzer: Any,
                                                      anmelden: Anmelden) -> None:
    e = _entwurf(benutzer("redaktion", "erste"), AKTUELL)
    seite = html.unescape(anmelden("redaktion").get(f"/redaktion/entwuerfe/{e.pk}/szenario/").content.decode())
    assert "YAML" not in seite
    assert re.search(r'<label[^>]*for="id_ausgangslage"[^>]*>\s*Ausgangslage in den Fachverfahren \(optional\)',
                     seite)
    hilfe = re.search(r'id="id_ausgangslage_helptext"[^>]*>([^<]*)<', seite)
    assert hilfe is not None and "„step: {konto: true, sicherheitsstufe: basis}“ (Online-Konto vorhanden" in hilfe[1]
    assert "colibri: {alg_bezug: true}" in hilfe[1] and "kunde (kundennummer" in hilfe[1]
    feld = re.search(r"<textarea[^>]*id=\"id_ausgangslage\"[^>]*>", seite)
    assert feld is not None and 'aria-describedby="id_ausgangslage_helptext"' in feld[0]


def test_die_szenarien_der_entwicklung_ohne_dateipfad(db_katalog: None, stichtag: None, benutzer: Any,
                                                      anmelden: Anmelden) -> None:
    seite = _seite(anmelden, _entwurf(benutzer("redaktion", "erste"), AKTUELL))
    assert re.search(r"Dazu \d+ Szenari(o|en) im Katalog, gepflegt von der Entwicklung: das Szenario-Tor führt sie "
                     r"ebenfalls aus; ändern lassen sie sich nicht hier, sondern nur auf Bitte an die Entwicklung\.",
                     seite)
    assert "content/szenarien" not in seite and "Code-Review" not in seite
