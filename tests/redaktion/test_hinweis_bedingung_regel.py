"""Eine geänderte Bedingung und ein neuer Regelverweis stehen im Änderungshinweis und in der Tabelle des Diffs in
Worten (leitfaden.bedingung_lesbar, leitfaden.diff_lesbar): nie „Ablauf geändert (Bedingung)“, nie „Regel neu –
jetzt: 1“, nie ein Variablenname. Ohne Datenbank."""

from __future__ import annotations

import pytest

from kundenportal import lesbar
from kundenportal.leitfaden.bedingung_lesbar import bedingung_lesbar
from kundenportal.leitfaden.diff import diff
from kundenportal.leitfaden.diff_lesbar import diff_lesbar
from kundenportal.leitfaden.fehler import Befund
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.laden import fassung_aus_text
from kundenportal.redaktion.klartext import klartext
from tests.conftest import CONTENT

TEXT = (CONTENT / "leitfaeden/sc/3.307/2020-03-20.yaml").read_text(encoding="utf-8")
STUFE = 'Die Sicherheitsstufe des Kontos wird in STEP geprüft.'
ONLINE = "Möchte der Kunde das Insolvenzgeld online beantragen?"


def _neu(katalog: Katalog, *ersetzungen: tuple[str, str]) -> list[str]:
    text = TEXT.replace("stand: 2020-03-20", "stand: 2027-01-01").replace('weisung: "202003006"',
                                                                          'weisung: "202612001"')
    for vorher, nachher in ersetzungen:
        assert vorher in text, vorher
        text = text.replace(vorher, nachher)
    befunde: list[Befund] = []
    neu = fassung_aus_text(text, "SC 3.307", "content/leitfaeden/sc/3.307/2027-01-01.yaml", befunde)
    assert neu is not None and not befunde
    alt = katalog.leitfaeden["SC 3.307"].fassungen[-1]
    return klartext("Insolvenzgeld beantragen", diff(alt, neu), katalog).splitlines()


def test_geaenderte_bedingung_und_neuer_regelverweis_in_worten(katalog: Katalog) -> None:
    zeilen = _neu(katalog, ('{wenn: "stufe_ausweissicht", nach', '{wenn: "sicherheitsstufe == \'eid\'", nach'),
                  (f'text: "{ONLINE}"', f'text: "{ONLINE}"\n    regel: "1"'))
    # Im Hinweis an die Beschäftigten: die Fundstelle betrifft sie nicht, die Bedingung nur als „geht anders weiter“
    # (keine verschachtelten Zitate); die Tabelle des Diffs nennt beide in Worten (unten).
    assert zeilen == [f"Prüfung „{STUFE}“: Danach geht es jetzt anders weiter."]


def test_die_tabelle_des_diffs_nennt_bedingung_und_regel_in_worten(katalog: Katalog) -> None:
    text = TEXT.replace("stand: 2020-03-20", "stand: 2027-01-01").replace(
        '{wenn: "stufe_ausweissicht", nach', '{wenn: "!stufe_ausweissicht", nach').replace(
        'regel: "2.2 a) 6"\n    text: "Die', 'regel: "3"\n    text: "Die')
    befunde: list[Befund] = []
    neu = fassung_aus_text(text, "SC 3.307", "content/leitfaeden/sc/3.307/2027-01-01.yaml", befunde)
    assert neu is not None and not befunde
    felder = [(z.name, z.alt, z.neu) for s in diff_lesbar(diff(katalog.leitfaeden["SC 3.307"].fassungen[-1], neu),
                                                          katalog, code=lesbar.code) for z in s.felder]
    assert felder == [("Regel", "Weisung 202003006, Punkt 2.2 a) 6", "Weisung 202003006, Punkt 3"),
                      ("Verzweigung 1: Bedingung", "Sicherheitsstufe mindestens Ausweissichtverfahren ist Ja",
                       "Sicherheitsstufe mindestens Ausweissichtverfahren ist Nein")]


@pytest.mark.parametrize(("bedingung", "worte"), [
    ("alg_bezug && !vermittlung_weiter_gewuenscht",
     "Bezug von Arbeitslosengeld ist Ja und Antwort auf „Möchte der Kunde trotz Rente weiter vermittelt werden?“ "
     "ist Nein"),
    ("rentenart == 'regelaltersrente' || (anzahl_termine_geplant >= 2 && standort != 'Köln')",
     "Antwort auf „Welche Rente wurde bewilligt?“ ist „Regelaltersrente“ oder (Zahl der geplanten Termine ist "
     "mindestens 2 und Standort des Kontakts ist nicht „Köln“)"),
    ("tage(au_beginn, au_ende) <= 42",
     "Kalendertage von Antwort auf „Arbeitsunfähig seit“ bis Antwort auf „Voraussichtlich arbeitsunfähig bis“ ist "
     "höchstens 42"),
    ("sicherheitsstufe in ['eid', 'ausweissicht']",
     "Sicherheitsstufe des STEP-Kontos ist eins von „Online-Ausweisfunktion (eID)“ oder „Ausweissichtverfahren“"),
    ("size(fahrzeuge) <= 10 && fahrzeuge.all(f, type(f) == string)", None),      # Makro: nicht in Worten
    ("unbekannter_name", None),                                                   # nie der rohe Name
])
def test_bedingungen_in_worten(katalog: Katalog, bedingung: str, worte: str | None) -> None:
    assert bedingung_lesbar(bedingung, katalog, code=lesbar.code) == worte


def test_bedingung_ohne_worte_bleibt_im_hinweis_ohne_code(katalog: Katalog) -> None:
    zeilen = _neu(katalog, ('{wenn: "stufe_ausweissicht", nach',
                            '{wenn: "stufe_ausweissicht && [1].all(x, x > 0)", nach'))
    assert zeilen == [f"Prüfung „{STUFE}“: Danach geht es jetzt anders weiter."]
