"""Der Unterschied zweier Fassungen in Worten (leitfaden.diff_lesbar, portal/_fassungsdiff.html): Katalog und
Redaktion nennen jedes Feld mit seinem Namen und jeden Wert so, wie Menschen ihn lesen — Antworten, Fakten und
Ergebnisse mit ihren Beschriftungen aus dem Vokabular, Systeme, Vorgänge und Abfragen mit ihren Namen aus den
Registries, keine rohen Codes. Am echten Katalog (FK 4.404 und FK 4.406 vom 08.12.2026 gegen ihre Vorgängerin) und
an gebauten Fassungen; ein Pfad ohne Namen steht als Pfad da."""

from __future__ import annotations

import datetime as dt
import html
import re

from django.template.loader import render_to_string

from kundenportal.leitfaden.auftraege import AKTIONEN, SYSTEM_NAMEN
from kundenportal.leitfaden.diff import Diff, diff
from kundenportal.leitfaden.fehler import Befund
from kundenportal.leitfaden.katalog import Fassung, Katalog
from kundenportal.leitfaden.laden import fassung_aus_text
from kundenportal.leitfaden.weisung import vorgaenger
from tests.conftest import CONTENT
from tests.fixtures_katalog import Anmelden

KORREKTUR = dt.date(2026, 12, 8)
# Was der Diff nicht mehr zeigen darf (Rundgang: „Antwortliste (quelle)“, „Parameter ab_alter“, „atv“ …).
ROH = ("(quelle)", "Parameter ab_alter", "ab_alter<", "optionen_aus", "je_antwort", ">atv<", "termine_absagen",
       "Weiter bei Antwort „ja“")


def _zeilen(seite: str) -> list[tuple[str, ...]]:
    """Die Zeilen aller Tabellen als Texte ihrer Zellen."""
    zeilen = []
    for zeile in re.findall(r"<tr class=\"kern-table__row\">(.*?)</tr>", seite, re.S):
        zellen = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", zeile, re.S)
        zeilen.append(tuple(html.unescape(re.sub(r"<[^>]+>", "", z)).strip() for z in zellen))
    return zeilen


def _unterschied(anmelden: Anmelden, alt: Fassung, neu: Fassung) -> str:
    seite = anmelden("agent_scfk").get(f"/katalog/{neu.leitfaden_id}/diff/",
                                       {"alt": alt.stand.isoformat(), "neu": neu.stand.isoformat()})
    assert seite.status_code == 200
    return seite.content.decode().split("<h2>Unterschied</h2>")[1]


def _korrektur(katalog: Katalog, leitfaden_id: str) -> tuple[Fassung, Fassung]:
    neu = katalog.leitfaeden[leitfaden_id].fassung(KORREKTUR)
    assert neu is not None
    alt = vorgaenger(katalog, neu)
    assert alt is not None
    return alt, neu


def _gebaut(katalog: Katalog, leitfaden_id: str, ordner: str, ersetzungen: list[tuple[str, str]]) -> Diff:
    """Der Diff der Fassung vom 08.12.2026 zu einer gebauten Fassung mit den `ersetzungen` im Text."""
    alt = katalog.leitfaeden[leitfaden_id].fassung(KORREKTUR)
    assert alt is not None
    text = (CONTENT / "leitfaeden" / ordner / "2026-12-08.yaml").read_text(encoding="utf-8")
    for vorher, nachher in ersetzungen:
        assert vorher in text, vorher
        text = text.replace(vorher, nachher)
    text = text.replace("stand: 2026-12-08", "stand: 2026-12-09")
    befunde: list[Befund] = []
    neu = fassung_aus_text(text, leitfaden_id, f"content/leitfaeden/{ordner}/2026-12-09.yaml", befunde)
    assert neu is not None and not befunde
    return diff(alt, neu)


def test_fk_4404_nennt_antwortliste_parameter_und_abfrage_in_worten(anmelden: Anmelden, katalog: Katalog) -> None:
    alt, neu = _korrektur(katalog, "FK 4.404")
    seite = _unterschied(anmelden, alt, neu)
    zeilen = _zeilen(seite)
    assert ("Antwortliste: Parameter „Mindestalter in Jahren“", "—", "18") in zeilen          # Frage `kind`, geändert
    assert ("Parameter „Mindestalter in Jahren“", "18") in zeilen                              # neue Prüfung
    assert ("Abfrage", "KIWI: Kinder, die am Tag des Kontakts das Mindestalter erreicht haben") in zeilen
    assert ("Verzweigung 2: sonst weiter zu", "kind") in zeilen
    assert ("Ergebnis", katalog.vokabular.ergebnisse["auskunft_erteilt"]) in zeilen
    assert "+ neu: Schritt volljaehrige_kinder (Prüfung)" in seite
    assert not [roh for roh in (*ROH, "auskunft_erteilt", "kinder_ab_alter<") if roh in seite]


def test_fk_4406_nennt_das_neue_ergebnis_mit_seinem_text(anmelden: Anmelden, katalog: Katalog) -> None:
    alt, neu = _korrektur(katalog, "FK 4.406")
    seite = _unterschied(anmelden, alt, neu)
    zeilen = _zeilen(seite)
    assert ("Weiter zu", "auskunft", "abgegeben") in zeilen
    assert ("Ergebnis", katalog.vokabular.ergebnisse["an_fk_direktion_abgegeben"]) in zeilen
    assert "+ neu: Schritt abgegeben (Ende)" in seite
    assert "an_fk_direktion_abgegeben" not in seite and "(abgabe)" not in seite


def test_system_vorgang_fakt_und_parameter_mit_ihren_namen(katalog: Katalog) -> None:
    """Gebaut: die Übergabe an die Familienkasse Direktion wird eine Weiterleitung am Telefon, die Frage fragt
    einen anderen Fakt, das Ende ein anderes Ergebnis; ein verschachtelter Parameter hat keinen Namen."""
    d = _gebaut(katalog, "FK 4.406", "fk/4.406", [
        ("system: aufgaben\n    vorgang: erstellen\n    parameter: {an: fk_direktion_qs, ",
         "system: telefonie\n    vorgang: weiterleiten\n    parameter: {ziel: bns_wartefeld, zusatz: {durchwahl: '0911'}, "),
        ("fakt: oed_aenderung", "fakt: kind_id"),
        ("ergebnis: an_fk_direktion_abgegeben", "ergebnis: auskunft_erteilt"),
        ("aenderung_mitteilen: aenderung_aufnehmen", "aenderung_mitteilen: hinweis_sachstand")])
    seite = render_to_string("portal/_fassungsdiff.html", {"d": d, "neu_titel": "Neu"})
    zeilen, vok = _zeilen(seite), katalog.vokabular
    assert ("System", SYSTEM_NAMEN["aufgaben"], SYSTEM_NAMEN["telefonie"]) in zeilen
    assert ("Vorgang", AKTIONEN[("aufgaben", "erstellen")].vorhaben, AKTIONEN[("telefonie", "weiterleiten")].vorhaben) \
        in zeilen
    assert ("Parameter „An“", vok.wert_texte["fk_direktion_qs"], "—") in zeilen
    assert ("Parameter „Ziel“", "—", vok.wert_texte["bns_wartefeld"]) in zeilen
    assert ("Fakt", vok.fakten["oed_aenderung"].label, vok.fakten["kind_id"].label) in zeilen
    assert ("Ergebnis", vok.ergebnisse["an_fk_direktion_abgegeben"], vok.ergebnisse["auskunft_erteilt"]) in zeilen
    assert (f"Weiter bei Antwort „{vok.wert_texte['aenderung_mitteilen']}“", "aenderung_aufnehmen",
            "hinweis_sachstand") in zeilen
    assert ("parameter.zusatz.durchwahl", "—", "0911") in zeilen
    assert "<code>parameter.zusatz.durchwahl</code>" in seite
    assert not [roh for roh in (">telefonie<", ">weiterleiten<", "bns_wartefeld", "fk_direktion_qs", "kind_id")
                if roh in seite]


def test_antworten_einer_ja_nein_frage_wie_ihre_knoepfe(katalog: Katalog) -> None:
    """Gebaut (SC 3.307 vom 20.03.2020): „Weiter bei Antwort „Ja““ wie der Knopf im Gespräch, eine Option mit ihrer
    Beschriftung aus dem Vokabular."""
    alt = katalog.leitfaeden["SC 3.307"].fassung(dt.date(2020, 3, 20))
    assert alt is not None
    text = (CONTENT / "leitfaeden/sc/3.307/2020-03-20.yaml").read_text(encoding="utf-8")
    text = text.replace("stand: 2020-03-20", "stand: 2020-04-01").replace("je_antwort: {ja: stufe, nein: papier}",
                                                                          "je_antwort: {ja: papier, nein: papier}")
    text = text.replace("vorsprache: hinweis_vorsprache", "vorsprache: hinweis_eid")
    befunde: list[Befund] = []
    neu = fassung_aus_text(text, "SC 3.307", "content/leitfaeden/sc/3.307/2020-04-01.yaml", befunde)
    assert neu is not None and not befunde
    zeilen = _zeilen(render_to_string("portal/_fassungsdiff.html", {"d": diff(alt, neu)}))
    assert ("Weiter bei Antwort „Ja“", "stufe", "papier") in zeilen
    assert (f"Weiter bei Antwort „{katalog.vokabular.wert_texte['vorsprache']}“", "hinweis_vorsprache",
            "hinweis_eid") in zeilen
