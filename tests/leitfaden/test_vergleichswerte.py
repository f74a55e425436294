"""Eine Bedingung, die mit einem Wert vergleicht, den es nicht gibt, bekommt einen Befund: `rentenart == 'urlaub'`
übersetzt CEL fehlerfrei, der Zweig greift aber nie (und `!=` ist immer wahr). Geprüft gegen die Optionen der Frage
in dieser Fassung und gegen die Werte, die eine Abfrage nennt; in der Redaktion mit „Meinten Sie …?“."""

from __future__ import annotations

import pytest

from kundenportal.leitfaden.auftraege import ABFRAGEN
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.pruefungen.vergleichswerte import vergleiche
from kundenportal.redaktion.pruefung import entwurf_pruefen
from tests.conftest import CONTENT

SC3004A = (CONTENT / "leitfaeden/sc/3.004a/2026-12-08.yaml").read_text(encoding="utf-8")
SC3307 = (CONTENT / "leitfaeden/sc/3.307/2020-03-20.yaml").read_text(encoding="utf-8").replace(
    "stand: 2020-03-20", "stand: 2020-04-01")


def _befunde(katalog: Katalog, leitfaden: str, ordner: str, basis: str, alt: str, neu: str) -> list[str]:
    assert alt in basis
    text = basis.replace(alt, neu, 1)
    return [b.meldung for b in entwurf_pruefen(katalog, leitfaden, ordner, text).befunde]


def test_die_form_der_vergleiche() -> None:
    assert vergleiche("rentenart == 'regelaltersrente'") == (("rentenart", "==", "regelaltersrente"),)
    assert vergleiche("'offen' != online_asu && alg_bezug") == (("online_asu", "!=", "offen"),)
    assert vergleiche('betreuung in ["av", "reha"]') == (("betreuung", "in", "av"), ("betreuung", "in", "reha"))
    # Felder sind keine Variablen des Katalogs, Funktionen auch nicht; eine Laufvariable zählt als Name (sie ist
    # keiner des Katalogs, hat also keine festen Werte)
    assert vergleiche("sprachkenntnisse.all(s, s.niveau in ['A1', 'B2'])") == ()
    assert vergleiche("fuehrerscheine.all(k, k in ['AM', 'B'])") == (("k", "in", "AM"), ("k", "in", "B"))
    assert vergleiche("x.rentenart == 'urlaub' || size('a') == 1") == ()
    assert vergleiche("tage(au_beginn, au_ende) <= 42") == ()


def test_unbekannte_option_einer_frage(katalog: Katalog) -> None:
    befunde = _befunde(katalog, "SC 3.004a", "leitfaeden/sc/3.004a", SC3004A,
                       "rentenart == 'erwerbsminderungsrente_voll'", "rentenart == 'erwerbsminderungsrente'")
    (befund,) = [b for b in befunde if "gibt es für rentenart nicht" in b]
    assert befund.startswith("Bedingung 'rentenart == 'erwerbsminderungsrente'': Wert 'erwerbsminderungsrente' gibt es "
                             "für rentenart nicht (regelaltersrente, ")
    assert "der Vergleich ist nie wahr. Meinten Sie „erwerbsminderungsrente_voll“" in befund


@pytest.mark.parametrize(("alt", "neu", "teil"), [
    ('"stufe_ausweissicht"', "\"sicherheitsstufe != 'ausweis'\"",
     "Wert 'ausweis' gibt es für sicherheitsstufe nicht (basis, ausweissicht, eid, kein_konto) — der Vergleich ist "
     "immer wahr"),
    ('"stufe_ausweissicht"', "\"stufe_ausweissicht && betreuung in ['av', 'bbie']\"",
     "Wert 'bbie' gibt es für betreuung nicht (av, reha_beratung, "),
])
def test_unbekannter_wert_einer_abfrage(katalog: Katalog, alt: str, neu: str, teil: str) -> None:
    befunde = _befunde(katalog, "SC 3.307", "leitfaeden/sc/3.307", SC3307, alt, neu)
    assert any(teil in b for b in befunde), befunde


def test_bekannte_werte_ohne_befund(katalog: Katalog) -> None:
    neu = "\"sicherheitsstufe == 'kein_konto' || sicherheitsstufe in ['basis', 'eid']\""
    assert _befunde(katalog, "SC 3.307", "leitfaeden/sc/3.307", SC3307, '"stufe_ausweissicht"', neu) == []


def test_die_werte_der_abfragen_stehen_in_fakten_yaml(katalog: Katalog) -> None:
    for a in ABFRAGEN.values():
        for name, werte in a.werte.items():
            assert a.variablen[name] == "text", (a.name, name)
            assert werte.aufzaehlung in katalog.vokabular.aufzaehlungen, (a.name, name, werte.aufzaehlung)
