"""Der Unterschied zweier Fassungen in Worten (leitfaden.diff): je geändertes Feld ein Name und die Werte, wie
Menschen sie lesen — Fakten, Antworten und Ergebnisse mit ihren Beschriftungen aus dem Vokabular, Systeme,
Vorgänge und Abfragen mit ihren Namen aus den Registries (auftraege), kein roher Code (Hausstil: UI auf Deutsch).

Eine Stelle für beide Leser, damit sie nie verschieden reden: die Tabelle in Redaktion und Katalog
(portal/_fassungsdiff.html, Vorlagenfilter `diff_lesbar`) und der Änderungshinweis an die Beschäftigten
(redaktion.klartext). Der Kern kennt Django nicht: wie ein einzelner Code heißt, sagt `code` — die Aufrufer geben
kundenportal.lesbar.code (fakten.yaml `wert_texte`, `ergebnis_texte`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kundenportal.fachverfahren.ports import SYSTEM_KURZNAMEN

from .auftraege import ABFRAGEN, AKTIONEN, QUELLEN_SYSTEM, SYSTEM_NAMEN
from .bedingung_lesbar import KONTEXT_NAMEN, bedingung_lesbar
from .bestaetigung import PARAMETER_NAMEN
from .diff import Diff, SchrittAenderung
from .katalog import Katalog
from .modell import Frage
from .wortlaut import frage_text

Code = Callable[[Any], str]

WORTLAUT, WERT, ABLAUF = "wortlaut", "wert", "ablauf"

# Die Felder eines Schritts, wie die Tabelle sie nennt (auch der strukturierte Editor: redaktion.klartext.FELDER).
FELDER = {"text": "Text", "vermerk": "Vermerk", "ablehnung": "Ablehnungsgrund", "annahme": "Annahme",
          "regel": "Regel", "nach": "Weiter zu", "weiter": "Verzweigung", "wenn": "Bedingung",
          "sonst": "sonst weiter zu", "je_antwort": "Weiter bei Antwort", "gueltig_wenn": "Prüfung der Antwort",
          "fakt": "Fakt", "frage": "Wortlaut der Frage", "optionen_aus": "Antwortliste", "parameter": "Parameter", "system": "System",
          "vorgang": "Vorgang", "abfrage": "Abfrage", "leitfaden": "Eingebundener Leitfaden", "ergebnis": "Ergebnis",
          "art": "Art des Schritts"}
# Im Hinweis an die Beschäftigten: sie lesen den Wortlaut (nicht das Feld `text`) und kennen keine Verzweigungen.
IM_HINWEIS = {"text": "Wortlaut", "nach": "nächster Schritt"}
WORTLAUT_FELDER = frozenset({"frage", "text", "vermerk", "ablehnung"})   # was die Beschäftigten lesen oder sagen
ABLAUF_FELDER = frozenset({"nach"})                                   # dazu Verzweigungen und Antworten
# Bedingungen (CEL): in Worten (bedingung_lesbar) wie jeder andere Wert; lässt sich eine nicht in Worte fassen, nennt
# der Hinweis nur, dass sie sich geändert hat (in_worten falsch), und die Tabelle zeigt den Ausdruck.
BEDINGUNG_FELDER = frozenset({"gueltig_wenn"})
SCHRITTARTEN = {"frage": "Frage", "hinweis": "Hinweis", "pruefung": "Prüfung", "aktion": "Aktion", "abgabe": "Abgabe",
                "einbinden": "Leitfaden einbinden", "rueckkehr": "Rückkehr zum Aufrufer", "ende": "Ende"}
# Parameter der Abfragen und Quellen, die der Bestätigungsschritt (nur Aktionen) nicht nennt.
WEITERE_PARAMETER = {"ab_alter": "Mindestalter in Jahren", "ab_tag": "Ab Tag", "von": "Von", "bis": "Bis"}
_ZWEIG = re.compile(r"weiter\[(\d+)\]\.(wenn|nach)")
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_CODE_IM_TEXT = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")


@dataclass(frozen=True)
class Feldzeile:
    """Ein geändertes Feld eines Schritts in Worten. `alt`/`neu` leer: nicht gesetzt. `in_worten`: beide Werte
    ohne Rest von Code (kein Ausdruck, keine Schritt-Kennung) — nur dann nennt der Hinweis sie."""

    pfad: str            # wie im Diff: "je_antwort.ja", "optionen_aus.parameter.ab_alter"
    name: str            # für die Tabelle; "" ohne Namen (die Vorlage zeigt dann den Pfad)
    im_hinweis: str      # für den Änderungshinweis an die Beschäftigten
    art: str             # WORTLAUT | WERT | ABLAUF
    alt: str
    neu: str
    in_worten: bool


@dataclass(frozen=True)
class Schrittzeilen:
    """Ein Schritt des Diffs mit seiner Art und seinen Feldern in Worten (eine Überschrift, eine Tabelle)."""

    aenderung: SchrittAenderung
    art: str
    felder: list[Feldzeile]


def diff_lesbar(d: Diff, katalog: Katalog | None, *, code: Code) -> list[Schrittzeilen]:
    """Alle Schritte des Diffs in Worten, in seiner Reihenfolge."""
    return [Schrittzeilen(ae, schrittart(ae.schritt_art, code), feldzeilen(ae, d, katalog, code=code))
            for ae in d.schritte]


def feldzeilen(ae: SchrittAenderung, d: Diff, katalog: Katalog | None, *, code: Code) -> list[Feldzeile]:
    """Die Felder eines geänderten oder neuen Schritts in Worten; jeder Wert im Licht seiner Fassung (die
    Antworten der bisherigen Frage mit dem bisherigen Fakt)."""
    alt = d.alt.schritte.get(ae.schritt_id) if ae.art != "neu" else None
    neu = d.neu.schritte.get(ae.schritt_id) if ae.art != "entfallen" else None
    zeilen = []
    for pfad, a, n in ae.felder:
        name, im_hinweis, art = feldname(pfad, neu or alt, katalog, code=code)
        if pfad == "frage":     # bisher → jetzt, wie die Frage dasteht: ohne eigenen Wortlaut die Beschriftung des Fakts
            text_alt, text_neu = wirksame_frage(alt, katalog), wirksame_frage(neu, katalog)
            zeilen.append(Feldzeile(pfad, name, im_hinweis, art, text_alt, text_neu, True))
            continue
        text_alt, worte_alt = wert(pfad, a, alt or neu, katalog, code=code, weisung=d.alt.weisung)
        text_neu, worte_neu = wert(pfad, n, neu or alt, katalog, code=code, weisung=d.neu.weisung)
        zeilen.append(Feldzeile(pfad, name, im_hinweis, art, text_alt, text_neu, worte_alt and worte_neu))
    return zeilen


def feldname(pfad: str, schritt: Any, katalog: Katalog | None, *, code: Code) -> tuple[str, str, str]:
    """(Name für die Tabelle, Name im Hinweis, Art) eines Feldpfads; ein Pfad ohne Namen hat den Namen ""."""
    kopf, _, rest = pfad.partition(".")
    if kopf in FELDER and not rest:
        art = WORTLAUT if kopf in WORTLAUT_FELDER else ABLAUF if kopf in ABLAUF_FELDER else WERT
        return FELDER[kopf], IM_HINWEIS.get(kopf, FELDER[kopf]), art
    if kopf == "je_antwort" and rest:
        antwort = antwort_text(schritt, rest, katalog, code=code)
        return f"Weiter bei Antwort „{antwort}“", f"nächster Schritt bei Antwort „{antwort}“", ABLAUF
    if kopf == "parameter" and _NAME.fullmatch(rest):
        name = f"Parameter „{parameter_name(rest, katalog, code=code)}“"
        return name, name, WERT
    if pfad == "optionen_aus.quelle":
        return "Antwortliste: Quelle", "Antwortliste: Quelle", WERT
    if kopf == "optionen_aus" and rest.startswith("parameter.") and _NAME.fullmatch(rest[10:]):
        name = f"Antwortliste: Parameter „{parameter_name(rest[10:], katalog, code=code)}“"
        return name, name, WERT
    if zweig := _ZWEIG.fullmatch(pfad):
        nummer, feld = int(zweig.group(1)), zweig.group(2)
        if feld == "wenn":
            return f"Verzweigung {nummer}: Bedingung", "Bedingung", WERT
        zweige = getattr(schritt, "weiter", None) or []
        sonst = nummer <= len(zweige) and zweige[nummer - 1].wenn is None
        return f"Verzweigung {nummer}: {'sonst weiter zu' if sonst else 'weiter zu'}", "nächster Schritt", ABLAUF
    return "", code(re.sub(r"\[\d+\]", "", pfad.rsplit(".", 1)[-1])), ABLAUF


def wert(pfad: str, roh: Any, schritt: Any, katalog: Katalog | None, *, code: Code,
         weisung: str = "") -> tuple[str, bool]:
    """(Text, in Worten) eines Feldwerts: Fakt mit seiner Beschriftung, System mit seinem Namen, Vorgang mit
    seinem Vorhaben, Ergebnis mit seinem Text, Bedingung in Worten (bedingung_lesbar), Regel als Punkt der Weisung
    `weisung` (der Fassung des Werts); eine Bedingung ohne Worte und Schritt-Kennungen bleiben, wie sie sind."""
    if roh is None:
        return "", True
    kopf, _, rest = pfad.partition(".")
    kopf = kopf.split("[")[0]
    vok = katalog.vokabular if katalog is not None else None
    if pfad in BEDINGUNG_FELDER or ((zweig := _ZWEIG.fullmatch(pfad)) is not None and zweig.group(2) == "wenn"):
        worte = bedingung_lesbar(str(roh), katalog, code=code)
        return (worte, True) if worte is not None else (str(roh), False)
    if kopf == "regel":
        return regel_text(str(roh), weisung), True
    if kopf in WORTLAUT_FELDER or kopf == "annahme":
        return str(roh), True
    if kopf in ("nach", "weiter", "je_antwort", "wenn", "gueltig_wenn"):
        return str(roh), False
    if kopf == "fakt":
        fakt = vok.fakten.get(str(roh)) if vok is not None else None
        return (fakt.label if fakt is not None else code(roh)), True
    if kopf == "system":
        return system_name(str(roh), code=code), True
    if kopf == "vorgang":
        return vorgang_name(str(getattr(schritt, "system", "")), str(roh)), True
    if kopf == "abfrage":
        return abfrage_name(str(roh), code=code), True
    if kopf == "leitfaden":
        return leitfaden_name(str(roh), katalog), True
    if kopf == "ergebnis":
        return ergebnis_name(str(roh), katalog, code=code), True
    if kopf == "art":
        return schrittart(str(roh), code), True
    if pfad == "optionen_aus.quelle":
        system = QUELLEN_SYSTEM.get(str(roh))
        return code(roh) + (f" ({system_kurzname(system, code=code)})" if system else ""), True
    if kopf == "parameter" or rest.startswith("parameter."):
        return parameter_wert(roh, katalog, code=code)
    if isinstance(roh, list):
        return ", ".join(code(x) for x in roh), all(not isinstance(x, dict | list) for x in roh)
    return code(roh), not isinstance(roh, dict)


def wirksame_frage(schritt: Any, katalog: Katalog | None) -> str:
    """Die Frage, wie sie in einer Fassung dasteht (wortlaut.frage_text, ohne Kanal: die allgemeine Beschriftung);
    "" ohne Schritt (neu oder entfallen) oder wenn er keine Frage ist."""
    if not isinstance(schritt, Frage):
        return ""
    return frage_text(katalog.vokabular if katalog is not None else None, schritt)


def regel_text(regel: str, weisung: str) -> str:
    """Ein Regelverweis eines Schritts als Fundstelle: „Weisung 202612001, Punkt 1“ statt „1“."""
    return f"Weisung {weisung}, Punkt {regel}" if weisung else f"Punkt {regel} der Weisung"


def schrittart(art: str, code: Code) -> str:
    return SCHRITTARTEN.get(art) or code(art)


def system_name(system: str, *, code: Code) -> str:
    """Das Fachverfahren, wie Beschäftigte es nennen (auftraege.SYSTEM_NAMEN, sonst ports.SYSTEM_KURZNAMEN)."""
    return SYSTEM_NAMEN.get(system) or SYSTEM_KURZNAMEN.get(system) or code(system)


def system_kurzname(system: str, *, code: Code) -> str:
    return SYSTEM_KURZNAMEN.get(system) or SYSTEM_NAMEN.get(system) or code(system)


def vorgang_name(system: str, vorgang: str) -> str:
    """Was die Aktion tut, wie der Bestätigungsschritt es sagt (Aktion `vorhaben`, sonst der Vorgang in Worten)."""
    eintrag = AKTIONEN.get((system, vorgang))
    return eintrag.vorhaben if eintrag is not None and eintrag.vorhaben else vorgang.replace("_", " ").capitalize()


def abfrage_name(abfrage: str, *, code: Code) -> str:
    """Die Abfrage, wie ihre Beschreibung sie nennt, ohne die Angaben für die Redaktion (Parameter in Klammern, der
    Zusatz nach „—“) und mit Namen statt Parametern."""
    eintrag = ABFRAGEN.get(abfrage)
    if eintrag is None:
        return code(abfrage)
    text = re.sub(r"\s*\(Parameter [^)]*\)|\s+—.*$", "", eintrag.beschreibung)
    return _CODE_IM_TEXT.sub(lambda m: parameter_name(m.group(0), None, code=code), text)


def ergebnis_name(ergebnis: str, katalog: Katalog | None, *, code: Code) -> str:
    """Das Ergebnis, wie Vermerk und Oberfläche es sagen (fakten.yaml `ergebnis_texte`)."""
    text = katalog.vokabular.ergebnisse.get(ergebnis) if katalog is not None else None
    return text if text and text != ergebnis else code(ergebnis)


def leitfaden_name(leitfaden_id: str, katalog: Katalog | None) -> str:
    lf = katalog.leitfaeden.get(leitfaden_id) if katalog is not None else None
    return f"{leitfaden_id}: {lf.kopf.titel}" if lf is not None else leitfaden_id


def antwort_text(schritt: Any, antwort: str, katalog: Katalog | None, *, code: Code) -> str:
    """Eine Antwort der Frage so, wie die Knöpfe im Gespräch sie zeigen: Ja/Nein bei einem Fakt vom Typ bool,
    sonst die Option mit ihrem Label (`code`)."""
    fakt = katalog.vokabular.fakten.get(str(getattr(schritt, "fakt", ""))) if katalog is not None else None
    if fakt is not None and fakt.typ == "bool" and antwort in ("ja", "nein"):
        return antwort.capitalize()
    return code(antwort)


def parameter_name(name: str, katalog: Katalog | None, *, code: Code) -> str:
    """Ein Parameter wie im Bestätigungsschritt (bestaetigung.PARAMETER_NAMEN), sonst die Beschriftung des
    gleichnamigen Fakts, sonst der Name in Worten."""
    fakt = katalog.vokabular.fakten.get(name) if katalog is not None else None
    return (PARAMETER_NAMEN.get(name) or WEITERE_PARAMETER.get(name)
            or (fakt.label.rstrip("?") if fakt is not None else code(name)))


def parameter_wert(roh: Any, katalog: Katalog | None, *, code: Code) -> tuple[str, bool]:
    """Ein Parameterwert: ein fester Wert in Worten; `=fakt` als die Antwort auf dessen Frage, `=variable` einer
    Abfrage mit ihrer Abfrage; jeder andere Ausdruck bleibt Ausdruck (nicht in Worten)."""
    if not (isinstance(roh, str) and roh.startswith("=")):
        if isinstance(roh, list):
            return ", ".join(code(x) for x in roh), True
        return code(roh), not isinstance(roh, dict)
    name = roh[1:].strip()
    fakt = katalog.vokabular.fakten.get(name) if katalog is not None else None
    if fakt is not None:
        return f"Antwort auf „{fakt.label}“", True
    if name in KONTEXT_NAMEN:
        return KONTEXT_NAMEN[name], True
    abfrage = next((a for a in ABFRAGEN.values() if name in a.variablen), None)
    if abfrage is not None:
        return f"{code(name)} ({abfrage.beschreibung})", True
    return roh, False
