"""Die Eingabe eines Schritts im strukturierten Editor prüfen, bevor sie den Quelltext ändert: Pflichtfelder
dürfen nicht leer sein, die Aktion steht als `system/vorgang` (auch `system: vorgang`, wie die Vorschläge sie
nennen, wird verstanden) und muss in der Aktions-Registry stehen — mit „meinten Sie …“, wenn es eine ähnliche
gibt. Die Meldungen gehören je zu einem Feld des Formulars; gespeichert wird erst ohne Meldung, und die
Eingabe bleibt stehen (views/struktur.py)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from typing import Any

from kundenportal.leitfaden.auftraege import SYSTEM_NAMEN
from kundenportal.leitfaden.modell import FRAGE_LAENGE, wortlaut_fehler

from .grenzen import BEDINGUNG, KOPF, KURZ, NAME, QUELLTEXT, TEXT, zu_lang

BEISPIEL_AKTION = "atv/termin_verschieben"
FRAGE_BESCHRIFTUNG = "Frage (Wortlaut in dieser Fassung)"
_TRENNER = re.compile(r"\s*[/:.]\s*")
KENNUNG = re.compile(r"[a-z][a-z0-9_]*")        # Kennung eines Schritts (auch struktur.py)

# Art → (Formularfeld, Schlüssel im Schritt, Beschriftung): was nicht leer sein darf (neben der Kennung).
PFLICHT: dict[str, list[tuple[str, str, str]]] = {
    "frage": [("fakt", "fakt", "Fakt"), ("text", "text", "Text für die Beschäftigten")],
    "hinweis": [("text", "text", "Text für die Beschäftigten")],
    "pruefung": [("abfrage", "abfrage", "Abfrage")],
    "einbinden": [("leitfaden", "leitfaden", "Eingebundener Leitfaden")],
    "ende": [("ergebnis", "ergebnis", "Ergebnis")],
    "rueckkehr": [("ergebnis", "ergebnis", "Ergebnis")],
}
ABHILFE = {"fakt": "einen Fakt aus der Liste wählen", "text": "den Text eintragen, den die Beschäftigten sehen",
           "abfrage": "eine Abfrage aus der Liste wählen", "leitfaden": "einen Leitfaden aus der Liste wählen",
           "ergebnis": "ein Ergebnis aus der Liste wählen"}


def _system(name: str) -> str:
    """`atv`, `ATV` oder `ATV (Terminverwaltung)` → `atv`."""
    kurz = name.strip().lower()
    for schluessel, anzeige in SYSTEM_NAMEN.items():
        if kurz in (schluessel, anzeige.lower(), anzeige.split("(")[0].strip().lower()):
            return schluessel
    return kurz


def aktion_lesen(eingabe: str) -> tuple[str, str]:
    """(System, Vorgang) aus `atv/termin_verschieben`, `atv:termin_verschieben`, `ATV: termin verschieben`
    oder `atv.termin_verschieben` (so nennt die Prüfung sie); ohne Trenner ist der Vorgang leer."""
    teile = _TRENNER.split(eingabe.strip(), maxsplit=1)
    if len(teile) < 2:
        return eingabe.strip(), ""
    return _system(teile[0]), re.sub(r"[\s-]+", "_", teile[1].strip()).lower()


def _aktion_fehler(system: str, vorgang: str, roh: str, aktionen: Collection[tuple[str, str]] | None) -> str:
    if not system and not vorgang:
        return f"Aktion darf nicht leer sein: System/Vorgang eintragen, z. B. {BEISPIEL_AKTION}."
    if not vorgang or not system:
        vorschlag = _aehnlich(roh, aktionen)
        return (f"Aktion „{roh.strip()}“: System und Vorgang mit / trennen, z. B. {BEISPIEL_AKTION}."
                + (f" Meinten Sie {vorschlag}?" if vorschlag else ""))
    if aktionen is not None and (system, vorgang) not in aktionen:
        vorschlag = _aehnlich(f"{system}/{vorgang}", aktionen)
        return (f"Aktion {system}/{vorgang} gibt es nicht in der Aktions-Registry."
                + (f" Meinten Sie {vorschlag}?" if vorschlag else " Eine Aktion aus der Liste wählen."))
    return ""


def _aehnlich(eingabe: str, aktionen: Collection[tuple[str, str]] | None) -> str:
    namen = [f"{s}/{v}" for s, v in aktionen or ()]
    treffer = difflib.get_close_matches(eingabe.strip().lower().replace(" ", "_"), namen, n=1, cutoff=0.6)
    return treffer[0] if treffer else ""


# Formularfeld → (Schlüssel im Schritt, Beschriftung, höchstens Zeichen): die Texte und Namen eines Schritts.
LAENGEN: list[tuple[str, str, str, int]] = [
    ("id", "id", "Kennung", NAME), ("fakt", "fakt", "Fakt", NAME),
    ("frage", "frage", FRAGE_BESCHRIFTUNG, FRAGE_LAENGE), ("abfrage", "abfrage", "Abfrage", NAME),
    ("leitfaden", "leitfaden", "Eingebundener Leitfaden", NAME), ("ergebnis", "ergebnis", "Ergebnis", NAME),
    ("text", "text", "Text für die Beschäftigten", TEXT), ("regel", "regel", "Regelverweis", KURZ),
    ("vermerk", "vermerk", "Vermerk", TEXT), ("annahme", "annahme", "Hinweis an die Redaktion (Annahme)", TEXT),
    ("gueltig_wenn", "gueltig_wenn", "Gültig, wenn (Bedingung)", BEDINGUNG),
    ("ablehnung", "ablehnung", "Meldung bei ungültiger Antwort", TEXT), ("nach", "nach", "Nächster Schritt", NAME),
]


# Formularfeld → (Beschriftung, höchstens Zeichen) für die Prüfung im Browser vor dem Absenden (redaktion/laenge.js,
# `{% hoechstens feld %}`): die Felder eines Schritts wie oben, die Zeilen seiner Listen (Präfix-Spalte wie in
# _reihen.html), der Quelltext und der Kopf (forms.EntwurfBearbeiten), der Text eines neuen Schritts.
IM_BROWSER: dict[str, tuple[str, int]] = {
    **{feld: (beschriftung, grenze) for feld, _, beschriftung, grenze in LAENGEN},
    "aktion": ("Aktion", KURZ), "optionen_quelle": ("Optionen aus (Quelle)", NAME),
    "param-name": ("Parametername", NAME), "param-wert": ("Parameterwert", KURZ),
    "opar-name": ("Parametername", NAME), "opar-wert": ("Parameterwert", KURZ),
    "zweig-wenn": ("Bedingung der Verzweigung", BEDINGUNG), "zweig-nach": ("Ziel der Verzweigung", NAME),
    "antwort-wert": ("Antwort (Option)", NAME), "antwort-nach": ("Ziel der Antwort", NAME),
    "quelltext": ("Quelltext", QUELLTEXT), "kopf_text": ("Leitfadenkopf", KOPF), "neu-text": ("Text", TEXT),
}


def _zeilen_laenge(daten: dict[str, Any]) -> dict[str, str]:
    """Die Zeilen der Listen (Parameter, Verzweigung, je Antwort, Parameter der Optionen-Quelle): je Liste die erste
    Meldung."""
    fehler: dict[str, str] = {}

    def pruefen(feld: str, paare: list[tuple[str, Any, int]]) -> None:
        for beschriftung, wert, grenze in paare:
            if feld not in fehler and (m := zu_lang(beschriftung, len(str(wert or "")), grenze)):
                fehler[feld] = m

    parameter = daten.get("parameter") if isinstance(daten.get("parameter"), dict) else {}
    pruefen("param", [x for k, v in (parameter or {}).items()
                      for x in (("Parametername", k, NAME), (f"Parameter {str(k)[:30]}", v, KURZ))])
    zweige = daten.get("weiter") if isinstance(daten.get("weiter"), list) else []
    pruefen("zweig", [x for z in zweige or [] if isinstance(z, dict)
                      for x in (("Bedingung der Verzweigung", z.get("wenn"), BEDINGUNG),
                                ("Ziel der Verzweigung", z.get("nach", z.get("sonst")), NAME))])
    antworten = daten.get("je_antwort") if isinstance(daten.get("je_antwort"), dict) else {}
    pruefen("antwort", [x for k, v in (antworten or {}).items()
                        for x in (("Antwort (Option)", k, NAME), ("Ziel der Antwort", v, NAME))])
    oq = daten.get("optionen_aus") if isinstance(daten.get("optionen_aus"), dict) else {}
    pruefen("optionen_quelle", [("Optionen aus (Quelle)", (oq or {}).get("quelle"), NAME)])
    opar = (oq or {}).get("parameter") if isinstance((oq or {}).get("parameter"), dict) else {}
    pruefen("opar", [x for k, v in (opar or {}).items()
                     for x in (("Parametername", k, NAME), (f"Parameter {str(k)[:30]}", v, KURZ))])
    return fehler


def laengen_pruefen(daten: dict[str, Any], aktion_roh: str = "") -> dict[str, str]:
    """Formularfeld → „… höchstens 2.000 Zeichen, eingegeben sind 60.000 — bitte kürzen.“ für jeden zu langen Text
    oder Namen des Schritts (grenzen.py); leer: alles passt."""
    fehler = {feld: m for feld, schluessel, beschriftung, grenze in LAENGEN
              if isinstance(daten.get(schluessel), str) and (m := zu_lang(beschriftung, len(daten[schluessel]), grenze))}
    if m := zu_lang("Aktion", len(aktion_roh or ""), KURZ):
        fehler["aktion"] = m
    return {**_zeilen_laenge(daten), **fehler}


def eingabe_pruefen(daten: dict[str, Any], aktion_roh: str = "",
                    aktionen: Collection[tuple[str, str]] | None = None) -> dict[str, str]:
    """Formularfeld → Meldung für den Schritt `daten` (wie aus_formular ihn liest); leer: alles in Ordnung.
    `aktion_roh`: das Feld „Aktion“ wie eingegeben; `aktionen`: die bekannten (System, Vorgang). Zu lange Texte
    und Namen haben Vorrang (grenzen.py): ein Text über der Grenze wird nicht weiter geprüft."""
    if laengen := laengen_pruefen(daten, aktion_roh):
        return laengen
    fehler: dict[str, str] = {}
    kennung = str(daten.get("id", "")).strip()
    if not kennung:
        fehler["id"] = "Kennung darf nicht leer sein: Kleinbuchstaben, Ziffern und _ (z. B. hinweis_neu)."
    elif not KENNUNG.fullmatch(kennung):
        fehler["id"] = f"Kennung „{kennung}“: nur Kleinbuchstaben, Ziffern und _, vorn ein Buchstabe (z. B. hinweis_neu)."
    art = str(daten.get("art", ""))
    for feld, schluessel, beschriftung in PFLICHT.get(art, []):
        if not str(daten.get(schluessel) or "").strip():
            fehler[feld] = f"{beschriftung} darf nicht leer sein: {ABHILFE[feld]}."
    wortlaut = daten.get("frage")
    if art == "frage" and isinstance(wortlaut, str) and (meldung := wortlaut_fehler(wortlaut)):
        fehler["frage"] = f"{FRAGE_BESCHRIFTUNG}: {meldung}."
    if art in ("aktion", "abgabe"):
        meldung = _aktion_fehler(str(daten.get("system") or ""), str(daten.get("vorgang") or ""),
                                 aktion_roh, aktionen)
        if meldung:
            fehler["aktion"] = meldung
    return fehler
