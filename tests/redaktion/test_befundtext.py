"""Befunde der Redaktion auf Deutsch: Schema- (pydantic) und Bedingungsfehler (CEL) nennen den Schritt mit
seiner Kennung, das Feld und die Abhilfe; unbekannte Namen bekommen ein „Meinten Sie …?“ aus dem Vokabular
(content/fakten.yaml) und den Namen, die der Leitfaden kennt. Ohne Datenbank: entwurf_pruefen gegen content/."""

from __future__ import annotations

import pytest

from kundenportal.leitfaden.katalog import Katalog
from kundenportal.redaktion.pruefung import entwurf_pruefen
from tests.conftest import CONTENT

BASIS = (CONTENT / "leitfaeden/sc/3.307/2020-03-20.yaml").read_text(encoding="utf-8").replace(
    "stand: 2020-03-20", "stand: 2020-04-01")
DATEI = "content/leitfaeden/sc/3.307/2020-04-01.yaml"
KOPF = 'id: "{id}"\ntitel: "Neu"\nkanaele: [{kanal}]\nschlagwoerter: []\n'
NEU = """stand: 2020-04-01
gueltig_ab: 2020-04-01
weisung: "202003006"
start: identitaet
schritte:
  - id: identitaet
    art: frage
    fakt: identitaet_geprueft
    gueltig_wenn: "identitaet_geprueft = true"
    text: "Prüfen Sie die Identität."
    je_antwort: {ja: erledigt, nein: erledigt}
  - id: erledigt
    art: ende
    ergebnis: auskunft_erteilt
"""


def _befunde(katalog: Katalog, alt: str, neu: str) -> list[str]:
    assert alt in BASIS
    return [str(b) for b in entwurf_pruefen(katalog, "SC 3.307", "leitfaeden/sc/3.307",
                                            BASIS.replace(alt, neu, 1)).befunde]


@pytest.mark.parametrize(("alt", "neu", "befund"), [
    ('"stufe_ausweissicht"', '"stufe_ausweisicht"',
     f"{DATEI}:23: schritte.stufe.weiter.wenn: Bedingung 'stufe_ausweisicht': unbekannter Name „stufe_ausweisicht“ "
     "(Spalte 1): weder ein Fakt aus content/fakten.yaml noch eine Variable einer Abfrage — richtig schreiben oder "
     "den Fakt anlegen. Meinten Sie „stufe_ausweissicht“?"),
    ('"stufe_ausweissicht"', "\"stufe_ausweissicht == 'ja'\"",
     f"{DATEI}:23: schritte.stufe.weiter.wenn: Bedingung 'stufe_ausweissicht == 'ja'': „==“ passt nicht zu den Werten "
     "(ja/nein, Text) an Spalte 20: beide Seiten brauchen denselben Typ — ein ja/nein-Fakt steht ohne Vergleich (fakt "
     "oder !fakt), Text in Anführungszeichen (fakt == 'wert'), ein Datum mit timestamp('2020-04-01T00:00:00Z')"),
    ('"stufe_ausweissicht"', '"stufe_ausweissicht &&"',
     f"{DATEI}:23: schritte.stufe.weiter.wenn: Bedingung 'stufe_ausweissicht &&': Syntaxfehler an Spalte 22: die "
     "Bedingung endet zu früh — nach dem letzten Operator (&&, ||, ==, !) fehlt der Rest, z. B. a && b"),
    ('"stufe_ausweissicht"', '"stufe_ausweissicht and stufe_eid"',
     f"{DATEI}:23: schritte.stufe.weiter.wenn: Bedingung 'stufe_ausweissicht and stufe_eid': Syntaxfehler an Spalte "
     "20: „and“ gibt es in Bedingungen nicht — && schreiben"),
    ('"stufe_ausweissicht"', '"1 + 1"',
     f"{DATEI}:23: schritte.stufe.weiter.wenn: Bedingung '1 + 1': liefert Zahl, erwartet wird ja/nein: eine "
     "Bedingung muss wahr oder falsch ergeben, z. B. fakt == 'wert' oder tage(von, bis) > 42"),
    ("fakt: identitaet_geprueft", "fakt: identitaet_gepruft",
     f"{DATEI}:9: schritte.identitaet.fakt: unbekannter Fakt identitaet_gepruft: einen Fakt des Vokabulars "
     "eintragen. Einen neuen Fakt legt die Entwicklung im Vokabular an; eine neue Antwort auf eine bestehende Frage "
     "erfassen Sie im Freigabepaket („Neue Antwortoption erfassen“). Meinten Sie „identitaet_geprueft“?"),
    ("\n    fakt: identitaet_geprueft", "",
     f"{DATEI}:9: schritte.identitaet.fakt: Pflichtfeld „fakt“ fehlt: den Fakt der Frage eintragen (ein Name aus "
     "content/fakten.yaml)"),
    ("art: pruefung", "art: pruefnug",
     f"{DATEI}:23: schritte.stufe: Art „pruefnug“ gibt es nicht: erlaubt sind frage, hinweis, pruefung, aktion, "
     "abgabe, einbinden, rueckkehr, ende. Meinten Sie „pruefung“?"),
    ("    abfrage: sicherheitsstufe\n", "    abfrage: sicherheitsstufe\n    txet: Hinweis\n",
     f"{DATEI}:26: schritte.stufe.txet: unbekanntes Feld „txet“: entfernen oder richtig schreiben (erlaubt: id, text, "
     "vermerk, annahme, regel, nach, weiter, art, abfrage, parameter). Meinten Sie „text“?"),
    ("je_antwort: {ja: online, nein: keine_auskunft}", "je_antwort: [online]",
     f"{DATEI}:13: schritte.identitaet.je_antwort: erwartet eine Abbildung (Zeilen „name: wert“ oder {{ja: schritt, "
     "nein: schritt}), nicht eine Liste"),
    ("gueltig_ab: 2020-03-20", "gueltig_ab: morgen",
     f"{DATEI}:5: gueltig_ab: erwartet ein Datum JJJJ-MM-TT (z. B. 2020-04-01), nicht „morgen“"),
    ("- id: identitaet", "- id: Identitaet",
     f"{DATEI}:9: schritte.Identitaet.id: Kennung „Identitaet“: nur Kleinbuchstaben, Ziffern und _ erlaubt (z. B. "
     "identitaet)"),
    ("{sicherheitsstufe}", "{sicherheitstufe}",
     f"{DATEI}:23: schritte.stufe.vermerk: unbekannter Platzhalter {{sicherheitstufe}}. Meinten Sie "
     "„sicherheitsstufe“ oder „vorgehen_sicherheitsstufe“?"),      # der Fakt der Korrekturfassung EZ 1.307
    ("ergebnis: papierantrag_versandt", "ergebnis: papierantrag_versant",
     f"{DATEI}:64: schritte.versandt.ergebnis: unbekanntes Ergebnis papierantrag_versant (fakten.yaml: ergebnisse). "
     "Meinten Sie „papierantrag_versandt“?"),
    ("vorgang: papierantrag", "vorgang: papierantrg",
     f"{DATEI}:56: schritte.papier.vorgang: unbekannte Aktion versand.papierantrg (fakten.yaml: aktionen). Meinten "
     "Sie „papierantrag“?"),
    ("parameter: {leistung: insolvenzgeld}", "parameter: {leistng: insolvenzgeld}",
     f"{DATEI}:56: schritte.papier.parameter.leistng: versand.papierantrag kennt den Parameter leistng nicht "
     "(leistung). Meinten Sie „leistung“?"),
])
def test_befund_auf_deutsch_mit_ort_und_abhilfe(katalog: Katalog, alt: str, neu: str, befund: str) -> None:
    assert befund in _befunde(katalog, alt, neu)


def test_ohne_aehnlichen_namen_kein_vorschlag(katalog: Katalog) -> None:
    befunde = _befunde(katalog, '"stufe_ausweissicht"', '"stufe_ausweissicht && gibtsnicht"')
    assert befunde == [f"{DATEI}:23: schritte.stufe.weiter.wenn: Bedingung 'stufe_ausweissicht && gibtsnicht': "
                       "unbekannter Name „gibtsnicht“ (Spalte 23): weder ein Fakt aus content/fakten.yaml noch eine "
                       "Variable einer Abfrage — richtig schreiben oder den Fakt anlegen."]


def test_neuer_leitfaden_kopf_und_einzelnes_gleichheitszeichen(katalog: Katalog) -> None:
    ordner, kopf = "content/leitfaeden/sc/3.400", KOPF.format(id="SC 3.400", kanal="scf")
    befunde = [str(b) for b in entwurf_pruefen(katalog, "SC 3.400", "leitfaeden/sc/3.400", NEU, kopf).befunde]
    assert befunde == [f"{ordner}/leitfaden.yaml:3: kanaele.0: „scf“ ist hier nicht erlaubt: erlaubt sind ez, sc3, "
                       "scfk, emb, eservice. Meinten Sie „scfk“?"]
    kopf = KOPF.format(id="SC3.400", kanal="sc3")
    befunde = [str(b) for b in entwurf_pruefen(katalog, "SC 3.400", "leitfaeden/sc/3.400", NEU, kopf).befunde]
    assert befunde == [f"{ordner}/leitfaden.yaml:1: id: Kennung „SC3.400“ hat nicht die Form „Bereich Nummer“: z. B. "
                       "SC 3.400 (Bereich EZ, SC, FK, EMB, ES oder BS)"]
    kopf = KOPF.format(id="SC 3.400", kanal="sc3")
    befunde = [str(b) for b in entwurf_pruefen(katalog, "SC 3.400", "leitfaeden/sc/3.400", NEU, kopf).befunde]
    assert befunde == [f"{ordner}/2020-04-01.yaml:6: schritte.identitaet.gueltig_wenn: Bedingung "
                       "'identitaet_geprueft = true': Syntaxfehler an Spalte 21: ein einzelnes „=“ gibt es nicht — "
                       "vergleichen mit ==, z. B. betreuung == 'av'"]
