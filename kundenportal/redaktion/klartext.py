"""Der Änderungshinweis an die Beschäftigten („Neu seit …“): was sich für sie im Gespräch ändert, in wenigen kurzen
Zeilen — nicht die Tabelle des Diffs für die Redaktion (die bleibt ausführlich: portal/_fassungsdiff.html).

Die Beschäftigten kennen keine Schritt-Kennungen, Parameter, Bedingungen oder Fakt-Codes. Jede Zeile sagt in ihren
Worten, was neu ist, was entfällt und was anders lautet:

- Fragen (neu, entfallen, geänderter Wortlaut: nur die neuen Sätze), neue und entfallene Antworten;
- Hinweise und Texte, die sie lesen oder sagen (neu, entfallen, geändert);
- neue Prüfungen, Aktionen und Übergaben in Worten („Neu: Der Fall wird an die Familienkasse Direktion abgegeben.“);
- Angaben einer Aktion nur, wenn sie etwas sagen („übernimmt jetzt Ihre Antwort auf …“), Ergebnisse, Systeme;
- der Ablauf (nächster Schritt, Bedingungen) nur, wenn ihn keine neue oder entfallene Zeile schon erklärt, und dann
  als „geht es jetzt anders weiter“; geänderte Vermerktexte in einer Zeile.

Die Zeilen stehen nach Wichtigkeit geordnet (Fragen zuerst); der Hinweis zeigt die ersten und den Rest aufklappbar
(redaktion/_hinweise.html). Zitate sind am Satz- oder Wortende gekürzt, nie in einem inneren Zitat oder einer
Klammer; Anführungszeichen im Zitat werden zu ‚…‘ (keine verschachtelten „„…““)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from kundenportal import lesbar
from kundenportal.leitfaden.diff import Diff, SchrittAenderung
from kundenportal.leitfaden.diff_lesbar import (
    FELDER,
    Feldzeile,
    abfrage_name,
    antwort_text,
    ergebnis_name,
    feldzeilen,
    leitfaden_name,
    parameter_name,
    system_kurzname,
    system_name,
    vorgang_name,
    wirksame_frage,
)
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.modell import Frage
from kundenportal.leitfaden.wortlaut import frage_text

__all__ = ["ARTEN", "FELDER", "SICHTBAR", "bezeichnung", "klartext"]    # FELDER auch für den strukturierten Editor

ARTEN = {"frage": "Frage", "hinweis": "Hinweis", "pruefung": "Prüfung", "aktion": "Aktion", "abgabe": "Übergabe",
         "einbinden": "Eingebundener Leitfaden", "rueckkehr": "Abschluss", "ende": "Abschluss"}
TITEL_LAENGE, TEXT_LAENGE, WERT_LAENGE = 80, 240, 80
# So viele Zeilen zeigt der Hinweis offen, den Rest aufklappbar (redaktion/_hinweise.html).
SICHTBAR = 4
NICHTS = "Im Gespräch ändert sich nichts (nur Stand, Gültigkeit, Fundstellen oder Notizen der Redaktion)."
# Rang einer Zeile: was die Beschäftigten im Gespräch fragen und sagen zuerst, der Vermerk zuletzt.
FRAGE, ANTWORT, TEXT, SCHRITT, ANGABE, ABLAUF_, VERMERK = range(7)
# Was die Beschäftigten nicht betrifft: Notizen der Redaktion und Fundstellen der Weisung.
NICHT_IM_HINWEIS = frozenset({"annahme", "regel"})
ABLAUF_KOEPFE = frozenset({"nach", "weiter", "je_antwort", "wenn", "sonst"})
_SATZ = re.compile(r"(?<=[.?!])\s+(?=[A-ZÄÖÜ„\d(])")

Zeilen = list[tuple[int, str]]


# ---------------------------------------------------------------- Zitate


def _einfach(text: Any) -> str:
    """Leerraum zusammengezogen, Platzhalter als „…“ (am Satzende ohne zweiten Punkt: „…. Sie“ → „… Sie“), innere
    Anführungszeichen als ‚…‘."""
    t = " ".join(re.sub(r"\{[a-z_][a-z0-9_]*\}\.?", "…", "" if text is None else str(text)).split())
    return t.replace("„", "‚").replace("“", "‘").replace("”", "‘")


def _saetze(text: Any) -> list[str]:
    t = _einfach(text)
    return [s for s in _SATZ.split(t) if s] if t else []


def _kuerzen(text: Any, laenge: int) -> str:
    """Höchstens `laenge` Zeichen: ganze Sätze, sonst am Wortende — nie in einem ‚…‘ oder einer Klammer."""
    t = _einfach(text)
    if len(t) <= laenge:
        return t
    aus = ""
    for satz in _saetze(t):
        if len(aus) + len(satz) + 1 > laenge - 2:
            break
        aus = f"{aus} {satz}".strip()
    if len(aus) >= laenge // 3:              # ein Satz, der fast nur Platzhalter ist, sagt nichts
        return aus + " …"
    schnitt = t[:laenge - 1].rsplit(" ", 1)[0]
    for auf, zu in (("‚", "‘"), ("(", ")")):
        if schnitt.count(auf) > schnitt.count(zu):
            schnitt = schnitt[:schnitt.rfind(auf)]
    return schnitt.rstrip(" ,;:–-—") + " …"


def _z(text: Any, laenge: int = TEXT_LAENGE) -> str:
    """Ein Zitat: „…“ um den gekürzten Text."""
    return f"„{_kuerzen(text, laenge)}“"


def _titel(text: Any) -> str:
    """Woran die Beschäftigten einen Text erkennen: seine (letzte) Frage, sonst sein Anfang."""
    fragen = [s for s in _saetze(text) if s.endswith("?") and len(s) <= 120]
    return fragen[-1] if fragen else _kuerzen(text, TITEL_LAENGE)


# ---------------------------------------------------------------- Schritte in Worten


def _vok(katalog: Katalog | None) -> Any:
    return katalog.vokabular if katalog is not None else None


def _code(katalog: Katalog | None) -> Callable[[Any], str]:
    """`lesbar.code`, dazu die Beschriftungen neuer Antwortoptionen aus dem Vokabular des Katalogs (ein Paket, das sie
    mitbringt, ist beim Schreiben des Hinweises noch nicht veröffentlicht)."""
    texte = katalog.vokabular.wert_texte if katalog is not None else {}
    return lambda wert: texte[wert] if isinstance(wert, str) and wert in texte else lesbar.code(wert)


def _sichtbar(schritt: Any, katalog: Katalog | None) -> str:
    """Der Text, an dem die Beschäftigten den Schritt im Gespräch erkennen: bei einer Frage ihre Überschrift (Wortlaut
    oder Beschriftung des Fakts), sonst der Text; ohne Text, was an seiner Stelle steht."""
    art = str(getattr(schritt, "art", ""))
    text = str(getattr(schritt, "text", "") or "")
    vok = _vok(katalog)
    if isinstance(schritt, Frage) and (schritt.frage or (vok is not None and schritt.fakt in vok.fakten)):
        return frage_text(vok, schritt)
    if text.strip():
        return text
    if art in ("ende", "rueckkehr"):
        return ergebnis_name(schritt.ergebnis, katalog, code=lesbar.code)
    if art in ("aktion", "abgabe"):
        return f"{system_name(schritt.system, code=lesbar.code)}: {vorgang_name(schritt.system, schritt.vorgang)}"
    if art == "pruefung":
        return abfrage_name(schritt.abfrage, code=lesbar.code)
    if art == "einbinden":
        return leitfaden_name(schritt.leitfaden, katalog)
    return str(getattr(schritt, "id", ""))


def bezeichnung(schritt: Any, katalog: Katalog | None = None) -> str:
    """Der Schritt, wie die Beschäftigten ihn im Gespräch sehen: Art und (gekürzter) Text — „Frage „Wie will …?““."""
    art = str(getattr(schritt, "art", ""))
    return f"{ARTEN.get(art, art)} „{_titel(_sichtbar(schritt, katalog))}“"


def _empfaenger(schritt: Any, katalog: Katalog | None) -> str:
    an = (getattr(schritt, "parameter", None) or {}).get("an")
    return _code(katalog)(an) if isinstance(an, str) and not an.startswith("=") else ""


def _neu(schritt: Any, katalog: Katalog | None, antworten: list[str]) -> tuple[int, str]:
    art, text = str(getattr(schritt, "art", "")), str(getattr(schritt, "text", "") or "")
    if art == "frage":
        nach = f" nach der Antwort {', '.join(f'„{a}“' for a in antworten)}" if antworten else ""
        return FRAGE, f"Neue Frage{nach}: {_z(_sichtbar(schritt, katalog), 160)}."
    if art == "hinweis":
        return TEXT, f"Neuer Hinweis: {_z(text, 160)}."
    if art == "pruefung":
        return SCHRITT, f"Neue Prüfung im System: {_z(_sichtbar(schritt, katalog), 120)}."
    if art == "abgabe" and (an := _empfaenger(schritt, katalog)):
        return SCHRITT, f"Neu: Der Fall wird an {an} abgegeben."
    if art in ("aktion", "abgabe"):
        was = vorgang_name(schritt.system, schritt.vorgang)
        wo = system_kurzname(schritt.system, code=lesbar.code)
        return SCHRITT, f"Neu: {was} in {wo}" + (f" – {_z(text, 120)}." if text.strip() else ".")
    if art in ("ende", "rueckkehr"):
        return SCHRITT, f"Neuer Abschluss: {_z(_sichtbar(schritt, katalog), 120)}."
    if art == "einbinden":
        return SCHRITT, f"Neu eingebunden: Leitfaden {_z(leitfaden_name(schritt.leitfaden, katalog), 120)}."
    return SCHRITT, f"Neu: {bezeichnung(schritt, katalog)}."


def _entfallen(schritt: Any, katalog: Katalog | None) -> tuple[int, str]:
    art = str(getattr(schritt, "art", ""))
    rang = FRAGE if art == "frage" else TEXT if art == "hinweis" else SCHRITT
    return rang, f"Entfällt: {bezeichnung(schritt, katalog)}."


# ---------------------------------------------------------------- geänderte Schritte


def _wortlaut(wer: str, was: str, alt: str, neu: str) -> str:
    """Ein geänderter Text: nur, was neu dazukommt oder gestrichen ist, in ganzen Sätzen; `was` "": die Frage selbst
    („… lautet jetzt …“)."""
    if not neu:
        return f"{wer}: {was or 'Wortlaut'} entfällt."
    if not alt:
        return f"{wer}: neuer {was or 'Wortlaut'} {_z(neu)}."
    sa, sn = _saetze(alt), _saetze(neu)
    dazu, weg = [s for s in sn if s not in sa], [s for s in sa if s not in sn]
    if not was:
        return f"{wer} lautet jetzt {_z(neu)}."
    if dazu and not weg:
        return f"{wer}: {was} ergänzt um {_z(' '.join(dazu))}."
    if weg and not dazu:
        return f"{wer}: aus dem {was} gestrichen {_z(' '.join(weg))}."
    return f"{wer}: {was} geändert, neu: {_z(' '.join(dazu) or neu)}."


def _ids(roh: Any) -> set[str]:
    """Alle Texte in einem Wert des Ablaufs (Schritt-Kennungen in `nach`, `weiter`, `je_antwort`)."""
    if isinstance(roh, dict):
        return set().union(*(_ids(v) for v in roh.values())) if roh else set()
    if isinstance(roh, list | tuple):
        return set().union(*(_ids(v) for v in roh)) if roh else set()
    return {roh} if isinstance(roh, str) else set()


def _antworten(fakt: str, katalog: Katalog | None) -> list[str]:
    vok = _vok(katalog)
    f = vok.fakten.get(fakt) if vok is not None else None
    if f is None or f.typ == "bool":
        return []
    return [_code(katalog)(o) for o in f.optionen]


def _angabe(z: Feldzeile, roh_neu: Any, katalog: Katalog | None) -> str:
    """Eine Angabe einer Aktion in Worten, ohne das Wort „Parameter“."""
    name = parameter_name(z.pfad.rsplit(".", 1)[-1], katalog, code=_code(katalog))
    if isinstance(roh_neu, str) and roh_neu.startswith("="):
        vok = _vok(katalog)
        fakt = vok.fakten.get(roh_neu[1:].strip()) if vok is not None else None
        if fakt is not None:
            return f"Ihre Antwort auf „{_kuerzen(fakt.label, TITEL_LAENGE)}“ geht jetzt mit"
    if not z.neu:
        return f"ohne Angabe „{name}“"
    if z.in_worten and len(z.neu) <= WERT_LAENGE:
        return f"{name}: {_z(z.neu, WERT_LAENGE)}"
    if isinstance(roh_neu, str):                # ein Text (der Aufgabe, der Nachricht): sein neuer Wortlaut
        return f"{name} jetzt {_z(roh_neu, 160)}"
    return f"Angabe „{name}“ geändert"


def _geaendert(ae: SchrittAenderung, d: Diff, katalog: Katalog | None, neue: set[str], entfallene: set[str],
               vermerke: list[tuple[str, str]]) -> Zeilen:
    alt, neu = d.alt.schritte[ae.schritt_id], d.neu.schritte[ae.schritt_id]
    ist_aktion = str(getattr(alt, "art", "")) in ("aktion", "abgabe")
    wer = _aktion(neu, katalog) if ist_aktion else bezeichnung(neu, katalog)    # wie sie ihn ab jetzt sehen
    felder = list(zip(ae.felder, feldzeilen(ae, d, katalog, code=_code(katalog)), strict=True))
    pfade = {z.pfad for _, z in felder}
    zeilen: Zeilen = []
    angaben: list[str] = []
    auswahl = ablauf = False
    for (pfad, roh_alt, roh_neu), z in felder:
        kopf = re.sub(r"\[\d+\]$", "", pfad.partition(".")[0])
        if kopf in NICHT_IM_HINWEIS:
            continue
        if pfad == "frage" or (pfad == "fakt" and "frage" not in pfade):
            frage_alt, frage_neu = wirksame_frage(alt, katalog), wirksame_frage(neu, katalog)
            if frage_alt != frage_neu:
                zeilen.append((FRAGE, _wortlaut(bezeichnung(alt, katalog), "", frage_alt, frage_neu)))
            if pfad == "fakt":
                a, n = _antworten(str(roh_alt), katalog), _antworten(str(roh_neu), katalog)
                if dazu := [x for x in n if x not in a]:
                    zeilen.append((ANTWORT, f"{wer}: neue Antwort {', '.join(f'„{x}“' for x in dazu)}."))
                if weg := [x for x in a if x not in n]:
                    zeilen.append((ANTWORT, f"{wer}: Antwort {', '.join(f'„{x}“' for x in weg)} entfällt."))
        elif pfad == "text":
            was = "Text unter der Frage" if isinstance(alt, Frage) else "Text"
            zeilen.append((FRAGE if isinstance(alt, Frage) else TEXT, _wortlaut(wer, was, z.alt, z.neu)))
        elif pfad == "vermerk":
            vermerke.append((wer, f"{wer}: Vermerk " + (f"jetzt {_z(z.neu, 120)}." if z.neu else "entfällt.")))
        elif pfad == "ablehnung":
            zeilen.append((ANTWORT, f"{wer}: Meldung bei ungültiger Antwort " +
                           (f"jetzt {_z(z.neu, 120)}." if z.neu else "entfällt.")))
        elif pfad == "gueltig_wenn":
            wie = "entfällt" if not z.neu else "ist neu" if not z.alt else "ist geändert"
            zeilen.append((ANTWORT, f"{wer}: Die Prüfung der Antwort {wie}."))
        elif kopf == "optionen_aus":
            auswahl = True
            if z.in_worten and z.neu and len(z.neu) <= WERT_LAENGE and pfad.startswith("optionen_aus.parameter."):
                angaben.append(f"{parameter_name(pfad.rsplit('.', 1)[-1], katalog, code=_code(katalog))}: {z.neu}")
        elif pfad == "parameter.an" and z.in_worten and z.neu:
            zeilen.append((ANGABE, f"{_aktion(alt, katalog)} geht jetzt an {_z(z.neu, WERT_LAENGE)}."))
        elif kopf == "parameter":
            zeilen.append((ANGABE, f"{_aktion(alt, katalog)}: {_angabe(z, roh_neu, katalog)}."))
        elif kopf in ("system", "vorgang"):
            system, vorgang = str(getattr(neu, "system", "")), str(getattr(neu, "vorgang", ""))
            zeilen.append((ANGABE, f"{bezeichnung(alt, katalog)}: jetzt {vorgang_name(system, vorgang)} in "
                                   f"{system_kurzname(system, code=lesbar.code)}."))
        elif kopf == "ergebnis":
            zeilen.append((ANGABE, f"{bezeichnung(alt, katalog)}: Ergebnis jetzt {_z(z.neu, WERT_LAENGE)}."))
        elif kopf == "leitfaden":
            zeilen.append((SCHRITT, f"Jetzt eingebunden: Leitfaden {_z(z.neu, 120)}."))
        elif kopf in ABLAUF_KOEPFE:
            if _ids(roh_neu) & neue or _ids(roh_alt) & entfallene:
                continue                                  # die Zeile zum neuen oder entfallenen Schritt sagt es
            if pfad.endswith(".wenn") and z.in_worten and z.alt == z.neu:
                continue                                  # in Worten dieselbe Bedingung
            if kopf == "je_antwort" and (roh_alt is None or roh_neu is None):
                continue                                  # neue oder entfallene Antwort: ihre eigene Zeile
            if kopf == "je_antwort" and pfad.count(".") == 1:
                antwort = antwort_text(alt, pfad.partition(".")[2], katalog, code=_code(katalog))
                zeilen.append((ABLAUF_, f"{wer}: Nach der Antwort „{antwort}“ geht es jetzt anders weiter."))
            else:
                ablauf = True
        else:
            zeilen.append((ANGABE, f"{wer}: geändert."))
    if auswahl:
        zeilen.append((ANTWORT, f"{wer}: Die Auswahl der Antworten ist geändert"
                                + (f" ({', '.join(angaben)})." if angaben else ".")))
    if ablauf:
        zeilen.append((ABLAUF_, f"{wer}: Danach geht es jetzt anders weiter."))
    return _je_schritt(zeilen, wer)


def _je_schritt(zeilen: Zeilen, wer: str) -> Zeilen:
    """Mehrere Zeilen zu demselben Schritt („Übergabe an …: Text geändert …“, „Übergabe an …: Ihre Antwort …“) werden
    eine Zeile, ein Satz je Änderung nach Wichtigkeit, an der Stelle und mit dem Rang der ersten."""
    kopf = f"{wer}: "
    teile = sorted(((rang, text[len(kopf):]) for rang, text in zeilen if text.startswith(kopf)), key=lambda t: t[0])
    if len(teile) < 2:
        return zeilen
    saetze = " ".join(rest[:1].upper() + rest[1:] if i else rest for i, (_, rest) in enumerate(teile))
    erste = next(i for i, (_, text) in enumerate(zeilen) if text.startswith(kopf))
    uebrige = [(i, z) for i, z in enumerate(zeilen) if not z[1].startswith(kopf)]
    zusammen = (erste, (min(rang for rang, _ in teile), kopf + saetze))
    return [z for _, z in sorted([*uebrige, zusammen], key=lambda iz: iz[0])]


def _aktion(schritt: Any, katalog: Katalog | None) -> str:
    """Eine Aktion oder Übergabe beim Namen ihres Vorhabens: „Übergabe an Familienkasse Direktion“."""
    if str(getattr(schritt, "art", "")) == "abgabe" and (an := _empfaenger(schritt, katalog)):
        return f"Übergabe an {an}"
    return f"{ARTEN.get(str(schritt.art), 'Aktion')} „{vorgang_name(schritt.system, schritt.vorgang)}“"


# ---------------------------------------------------------------- der Hinweis


def klartext(leitfaden_titel: str, d: Diff | None, katalog: Katalog | None = None) -> str:
    """Eine Zeile je Änderung, die wichtigsten zuerst (der Hinweis zeigt jede als Punkt einer Liste, die ersten
    `SICHTBAR` offen). `katalog`: für Beschriftungen von Fakten, Antworten und eingebundenen Leitfäden."""
    if d is None:
        return f"Neuer Leitfaden: {leitfaden_titel}."
    alt, neu = d.alt.schritte, d.neu.schritte
    neue = {ae.schritt_id for ae in d.schritte if ae.art == "neu"}
    entfallene = {ae.schritt_id for ae in d.schritte if ae.art == "entfallen"}
    # Neue Frage nach einer Antwort: „Neue Frage nach der Antwort „Änderung mitteilen“: …“
    nach_antwort: dict[str, list[str]] = {}
    for ae in d.schritte:
        for pfad, _, roh_neu in ae.felder if ae.art == "geaendert" else []:
            if pfad.startswith("je_antwort.") and roh_neu in neue:
                nach_antwort.setdefault(str(roh_neu), []).append(
                    antwort_text(alt[ae.schritt_id], pfad.partition(".")[2], katalog, code=_code(katalog)))
    # Ein Schritt, der nur seine Kennung wechselt (entfällt und kommt mit demselben Text wieder), ist keine Änderung.
    def gleich(ae: SchrittAenderung) -> tuple[str, str]:
        schritt = (neu if ae.art == "neu" else alt)[ae.schritt_id]
        return ae.schritt_art, _einfach(_sichtbar(schritt, katalog))
    wieder = ({gleich(ae) for ae in d.schritte if ae.art == "neu"}
              & {gleich(ae) for ae in d.schritte if ae.art == "entfallen"})
    zeilen: Zeilen = []
    vermerke: list[tuple[str, str]] = []
    vermerk_stelle = (0, 0)
    for ae in d.schritte:
        if ae.art in ("neu", "entfallen") and gleich(ae) in wieder:
            continue
        if ae.art == "neu":
            zeilen.append(_neu(neu[ae.schritt_id], katalog, nach_antwort.get(ae.schritt_id, [])))
        elif ae.art == "entfallen":
            zeilen.append(_entfallen(alt[ae.schritt_id], katalog))
        else:
            vorher = len(vermerke)
            eigene = _geaendert(ae, d, katalog, neue, entfallene, vermerke)
            if len(vermerke) > vorher:
                vermerk_stelle = len(zeilen), len(eigene)         # die Zeilen des Schritts mit dem Vermerk
            zeilen.extend(eigene)
    if len(vermerke) == 1:         # der eine Vermerk gehört zur Zeile seines Schritts, nicht zu gleich benannten
        beginn, anzahl = vermerk_stelle
        wer, text = vermerke[0]
        zeilen[beginn:beginn + anzahl] = _je_schritt([*zeilen[beginn:beginn + anzahl], (VERMERK, text)], wer)
    elif vermerke:
        zeilen.append((VERMERK, f"Vermerktexte an {len(vermerke)} Stellen angepasst."))
    # Drei neue Prüfungen mit demselben Text sind für die Beschäftigten eine Zeile, nicht drei gleiche.
    sortiert = [text for _, text in sorted(zeilen, key=lambda z: z[0])]
    return "\n".join(dict.fromkeys(sortiert)) or NICHTS
