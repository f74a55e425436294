"""Der Änderungshinweis an die Beschäftigten nennt Schritte, wie sie im Gespräch erscheinen (Frage,
Hinweis, Abschluss mit ihrem Text — nie die Schritt-Kennung), geänderten Wortlaut mit bisher → jetzt, jede andere
kurze Angabe ebenso in Worten (mit denselben Namen wie die Tabelle des Diffs, leitfaden.diff_lesbar) und neue und
entfallene Schritte mit ihrer Bezeichnung. Ohne Datenbank."""

from __future__ import annotations

import datetime as dt
import re

from kundenportal import lesbar
from kundenportal.leitfaden.auftraege import AKTIONEN, SYSTEM_NAMEN
from kundenportal.leitfaden.diff import Diff, diff
from kundenportal.leitfaden.diff_lesbar import WERT, feldzeilen
from kundenportal.leitfaden.fehler import Befund
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.laden import fassung_aus_text
from kundenportal.leitfaden.weisung import vorgaenger
from kundenportal.redaktion.klartext import NICHTS, bezeichnung, klartext
from tests.conftest import CONTENT

TEXT = (CONTENT / "leitfaeden/sc/3.307/2020-03-20.yaml").read_text(encoding="utf-8").replace(
    "stand: 2020-03-20", "stand: 2020-04-01")
VORSPRACHE = """  - id: hinweis_vorsprache
    art: ende
    ergebnis: hinweis_sicherheitsstufe
    text: "Der Kunde spricht zeitnah mit gültigem Ausweisdokument in der Agentur vor (Ausweissichtverfahren)."
    vermerk: "Insolvenzgeld: Kunde erhöht die Sicherheitsstufe durch persönliche Vorsprache."
"""
TERMIN = """  - id: termin_anbieten
    art: hinweis
    text: "Bieten Sie einen Termin zur Vorsprache in der Agentur an."
    nach: hinweis_eid
"""


def _hinweis(katalog: Katalog, text: str) -> list[str]:
    befunde: list[Befund] = []
    neu = fassung_aus_text(text, "SC 3.307", "content/leitfaeden/sc/3.307/2020-04-01.yaml", befunde)
    assert neu is not None and not befunde
    alt = katalog.leitfaeden["SC 3.307"].fassung(dt.date(2020, 3, 20))
    assert alt is not None
    return klartext("Insolvenzgeld", diff(alt, neu), katalog).splitlines()


def test_geaenderter_wortlaut_mit_bisher_und_jetzt(katalog: Katalog) -> None:
    text = TEXT.replace("Möchte der Kunde das Insolvenzgeld online beantragen?", "Will der Kunde online beantragen?")
    text = text.replace('vermerk: "Insolvenzgeld: Papierantrag versandt."', 'vermerk: "Papierantrag versandt."')
    frage = katalog.vokabular.fakten["antrag_online_gewuenscht"].label       # die Überschrift im Gespräch
    assert _hinweis(katalog, text) == [           # nur der neue Wortlaut; der Vermerk zuletzt
        f"Frage „{frage}“: Text unter der Frage geändert, neu: „Will der Kunde online beantragen?“.",
        "Aktion „Papierantrag per Post versenden“: Vermerk jetzt „Papierantrag versandt.“."]


def test_neue_und_entfallene_schritte_mit_ihrer_bezeichnung(katalog: Katalog) -> None:
    assert VORSPRACHE in TEXT
    text = TEXT.replace(VORSPRACHE, TERMIN).replace("vorsprache: hinweis_vorsprache", "vorsprache: termin_anbieten")
    assert _hinweis(katalog, text) == [           # der geänderte Ablauf zum neuen Schritt: keine eigene Zeile
        "Neuer Hinweis: „Bieten Sie einen Termin zur Vorsprache in der Agentur an.“.",
        "Entfällt: Abschluss „Der Kunde spricht zeitnah mit gültigem Ausweisdokument in der Agentur vor …“."]
    assert not any("termin_anbieten" in z or "hinweis_vorsprache" in z for z in _hinweis(katalog, text))


def test_gleiche_zeilen_stehen_einmal_da(katalog: Katalog) -> None:
    """Rundgang: der Hinweis zu SC 3.004a nannte dreimal dieselbe neue Prüfung. Zwei neue Hinweise mit demselben
    Text ergeben eine Zeile."""
    zwei = TERMIN + TERMIN.replace("id: termin_anbieten", "id: termin_anbieten_2")
    text = TEXT.replace(VORSPRACHE, zwei).replace("vorsprache: hinweis_vorsprache", "vorsprache: termin_anbieten")
    zeilen = _hinweis(katalog, text)
    assert zeilen.count("Neuer Hinweis: „Bieten Sie einen Termin zur Vorsprache in der Agentur an.“.") == 1
    assert len(zeilen) == len(set(zeilen))


KORREKTUR = dt.date(2026, 12, 8)
CODE = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")       # ein roher Code (Fakt, Ergebnis, Vorgang, Schritt-Kennung)


def _ohne_codes(zeilen: list[str]) -> None:
    assert not [z for z in zeilen if CODE.search(z) or "{" in z], "roher Code oder Platzhalter im Hinweis"
    assert len(zeilen) == len(set(zeilen))


def _korrektur(katalog: Katalog, leitfaden_id: str) -> Diff:
    """Die Korrektur vom 08.12.2026 gegen ihre Vorgängerin, aus content/."""
    neu = katalog.leitfaeden[leitfaden_id].fassung(KORREKTUR)
    assert neu is not None
    alt = vorgaenger(katalog, neu)
    assert alt is not None
    return diff(alt, neu)


def _gebaut(katalog: Katalog, ersetzungen: list[tuple[str, str]]) -> Diff:
    """FK 4.406 vom 08.12.2026 gegen eine gebaute Fassung mit den `ersetzungen` im Text."""
    alt = katalog.leitfaeden["FK 4.406"].fassung(KORREKTUR)
    assert alt is not None
    text = (CONTENT / "leitfaeden/fk/4.406/2026-12-08.yaml").read_text(encoding="utf-8")
    for vorher, nachher in [*ersetzungen, ("stand: 2026-12-08", "stand: 2026-12-09")]:
        assert vorher in text, vorher
        text = text.replace(vorher, nachher)
    befunde: list[Befund] = []
    neu = fassung_aus_text(text, "FK 4.406", "content/leitfaeden/fk/4.406/2026-12-09.yaml", befunde)
    assert neu is not None and not befunde
    return diff(alt, neu)


def test_fk_4404_nennt_den_neuen_parameter_der_antwortliste_mit_wert(katalog: Katalog) -> None:
    d = _korrektur(katalog, "FK 4.404")
    zeilen = klartext("Nachweise für volljährige Kinder", d, katalog).splitlines()
    frage = bezeichnung(d.alt.schritte["kind"], katalog)
    # Wortlaut und Auswahl derselben Frage in einer Zeile, der Wortlaut zuerst
    assert zeilen[0].startswith(f"{frage}: Text unter der Frage geändert, neu: „Für welches volljährige Kind")
    assert zeilen[0].endswith(" Die Auswahl der Antworten ist geändert (Mindestalter in Jahren: 18).")
    assert len([z for z in zeilen if z.startswith(f"{frage}: ")]) == 1
    assert not [z for z in zeilen if "Parameter" in z or "Ablauf" in z or "weiter" in z]
    assert "Neue Prüfung im System: „KIWI: Welche Kinder des Falls sind heute mindestens 18 Jahre alt?“." in zeilen
    assert zeilen[-1].startswith("Neuer Abschluss: „Im KIWI-Fall ist heute kein Kind 18 Jahre oder älter (…).")
    _ohne_codes(zeilen)


def test_fk_4406_nennt_neues_ende_mit_seinem_ergebnis(katalog: Katalog) -> None:
    d = _korrektur(katalog, "FK 4.406")
    zeilen = klartext("Öffentlicher Dienst", d, katalog).splitlines()
    assert zeilen == [f"Neuer Abschluss: „{katalog.vokabular.ergebnisse['an_fk_direktion_abgegeben']}“."]
    _ohne_codes(zeilen)


def test_kurze_angaben_mit_bisher_und_jetzt_der_ablauf_kurz(katalog: Katalog) -> None:
    """Gebaut: anderes Ergebnis, eine Weiterleitung am Telefon statt der Aufgabe, ein anderer Fakt und ein anderer
    nächster Schritt je Antwort — die Werte in Worten, nur der Ablauf in der kurzen Form."""
    d = _gebaut(katalog, [
        ("ergebnis: an_fk_direktion_abgegeben", "ergebnis: auskunft_erteilt"),
        ("system: aufgaben\n    vorgang: erstellen", "system: telefonie\n    vorgang: weiterleiten"),
        ("fakt: oed_aenderung", "fakt: kind_id"),
        ("aenderung_mitteilen: aenderung_aufnehmen", "aenderung_mitteilen: hinweis_sachstand")])
    zeilen = klartext("Öffentlicher Dienst", d, katalog).splitlines()
    vok, alt = katalog.vokabular, d.alt.schritte
    ergebnis = vok.ergebnisse
    abgabe = bezeichnung(alt["aenderung_abgabe"], katalog)
    assert zeilen == [                            # wichtigste zuerst, Ablauf nur bei einer Antwort in Worten
        f"Frage „{vok.fakten['oed_aenderung'].label}“ lautet jetzt „{vok.fakten['kind_id'].label}“.",
        f"{abgabe}: jetzt {AKTIONEN[('telefonie', 'weiterleiten')].vorhaben} in Telefonie.",
        f"Abschluss „{ergebnis['an_fk_direktion_abgegeben']}“: Ergebnis jetzt „{ergebnis['auskunft_erteilt']}“.",
        f"{bezeichnung(alt['anliegen'], katalog)}: Nach der Antwort „{vok.wert_texte['aenderung_mitteilen']}“ geht es "
        "jetzt anders weiter."]
    assert SYSTEM_NAMEN["aufgaben"] not in "\n".join(zeilen)
    _ohne_codes(zeilen)


def test_hinweis_und_tabelle_nennen_dieselben_namen_und_werte(katalog: Katalog) -> None:
    """Eine Stelle beschriftet beide (leitfaden.diff_lesbar): jede kurze Angabe steht im Hinweis mit ihrem Namen
    und den Werten der Tabelle; ein langer Text mit seinem neuen Wortlaut, gekürzt (Rundgang: „Angabe „Text“
    geändert“ sagte nicht, was)."""
    d = _gebaut(katalog, [("an: fk_direktion_qs, betreff: \"Änderung im Fall", "an: os_algplus, betreff: \"Wechsel im Fall"),
                          ("ergebnis: an_fk_direktion_abgegeben", "ergebnis: auskunft_erteilt")])
    text = klartext("Öffentlicher Dienst", d, katalog)
    felder = [z for ae in d.schritte for z in feldzeilen(ae, d, katalog, code=lesbar.code) if z.art == WERT]
    assert {z.pfad for z in felder} == {"parameter.an", "parameter.betreff", "ergebnis"}
    an = next(z for z in felder if z.pfad == "parameter.an")
    assert f"Übergabe an {an.alt} geht jetzt an „{an.neu}“." in text      # die Werte der Tabelle, in Sätzen
    assert "Betreff jetzt „Wechsel im Fall" in text and "Angabe „Betreff“ geändert" not in text
    assert "Parameter" not in text
    _ohne_codes(text.splitlines())


def test_die_annahme_der_redaktion_steht_nicht_im_hinweis(katalog: Katalog) -> None:
    """Die Annahme (Notiz der Redaktion) sehen die Beschäftigten im Gespräch nie: ihr Ändern ist für sie keine Zeile;
    die Tabelle des Diffs nennt es weiter."""
    vorher = ('annahme: "Änderungen in Fällen des öffentlichen Dienstes prüft die Familienkasse Direktion '
              '(Zuständigkeitswechsel)."')
    d = _gebaut(katalog, [(vorher, 'annahme: "Die Familienkasse Direktion prüft Änderungen."')])
    assert [z.pfad for ae in d.schritte for z in feldzeilen(ae, d, katalog, code=lesbar.code)] == ["annahme"]
    assert klartext("FK 4.406", d, katalog) == NICHTS


def test_frage_und_text_darunter_beide_geaendert_sind_zwei_unterscheidbare_zeilen(katalog: Katalog) -> None:
    """Rundgang Redaktion: „Frage: Wortlaut der Frage geändert …“ und „Frage: Wortlaut geändert …“ standen
    untereinander — welche ist die Frage? Ändern sich beide, heißt der Text „Text unter der Frage“."""
    text = TEXT.replace('''    fakt: antrag_online_gewuenscht
    text: "Möchte der Kunde das Insolvenzgeld online beantragen?"''', '''    fakt: antrag_online_gewuenscht
    frage: "Möchte der Kunde das Insolvenzgeld online beantragen (nur mit Online-Ausweisfunktion)?"
    text: "Fragen Sie, ob der Kunde online beantragen möchte."''')
    zeilen = _hinweis(katalog, text)
    neu = "Möchte der Kunde das Insolvenzgeld online beantragen (nur mit Online-Ausweisfunktion)?"
    assert zeilen == [
        f"Frage „{katalog.vokabular.fakten['antrag_online_gewuenscht'].label}“ lautet jetzt „{neu}“.",
        f"Frage „{neu}“: Text unter der Frage geändert, neu: „Fragen Sie, ob der Kunde online beantragen möchte.“."]
