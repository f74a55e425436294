"""Die Änderungsübersicht in einfachen Worten für den Änderungshinweis an die Beschäftigten.

Die Beschäftigten kennen keine Schritt-Kennungen: jede Zeile nennt den Schritt so, wie er im Gespräch
erscheint (seine Frage, sein Hinweis, sein Abschluss), und bei geändertem Wortlaut den bisherigen und den
neuen Text. Jede andere Angabe nennt, was sich geändert hat, mit bisher → jetzt, wenn die Werte kurz und in
Worten sind („Ergebnis geändert – bisher: „Auskunft erteilt“ – jetzt: …“); nur der Ablauf (Bedingungen, nächster
Schritt) steht kurz in einer Zeile je Schritt. Namen und Werte der Felder kommen aus leitfaden.diff_lesbar, wie in
der Tabelle des Diffs. Neue und entfallene Schritte stehen mit ihrer Bezeichnung da."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from kundenportal import lesbar
from kundenportal.leitfaden.diff import Diff, SchrittAenderung
from kundenportal.leitfaden.diff_lesbar import (
    ABLAUF,
    FELDER,
    WORTLAUT,
    abfrage_name,
    ergebnis_name,
    feldzeilen,
    leitfaden_name,
    system_name,
    vorgang_name,
)
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.modell import Frage
from kundenportal.leitfaden.wortlaut import frage_text

__all__ = ["ARTEN", "FELDER", "bezeichnung", "klartext"]    # FELDER auch für den strukturierten Editor

ARTEN = {"frage": "Frage", "hinweis": "Hinweis", "pruefung": "Prüfung", "aktion": "Aktion", "abgabe": "Übergabe",
         "einbinden": "Eingebundener Leitfaden", "rueckkehr": "Abschluss", "ende": "Abschluss"}
TITEL_LAENGE, TEXT_LAENGE, WERT_LAENGE = 80, 400, 80
# Was die Beschäftigten im Gespräch nie sehen, steht nicht im Hinweis an sie: die Annahme ist eine Notiz der Redaktion.
NICHT_IM_HINWEIS = frozenset({"annahme"})


def _kurz(wert: Any, laenge: int = TEXT_LAENGE) -> str:
    return lesbar.zitat(wert, laenge)


def bezeichnung(schritt: Any, katalog: Katalog | None = None) -> str:
    """Der Schritt, wie die Beschäftigten ihn im Gespräch sehen: Art und Frage- bzw. Hinweistext; ohne Text
    das, was an seiner Stelle steht (Beschriftung des Fakts, Ergebnis, Aktion, Abfrage, Leitfaden)."""
    art = str(getattr(schritt, "art", ""))
    text = str(getattr(schritt, "text", "") or "")
    vok = katalog.vokabular if katalog is not None else None
    if isinstance(schritt, Frage) and (schritt.frage or (not text.strip() and vok is not None
                                                           and schritt.fakt in vok.fakten)):
        text = frage_text(vok, schritt)         # der Wortlaut der Fassung, sonst die Beschriftung des Fakts
    elif not text.strip():
        if art in ("ende", "rueckkehr"):
            text = ergebnis_name(schritt.ergebnis, katalog, code=lesbar.code)
        elif art in ("aktion", "abgabe"):
            text = f"{system_name(schritt.system, code=lesbar.code)}: {vorgang_name(schritt.system, schritt.vorgang)}"
        elif art == "pruefung":
            text = abfrage_name(schritt.abfrage, code=lesbar.code)
        elif art == "einbinden":
            text = leitfaden_name(schritt.leitfaden, katalog)
    return f"{ARTEN.get(art, art)} „{_kurz(text or schritt.id, TITEL_LAENGE)}“"


def _code(katalog: Katalog | None) -> Callable[[Any], str]:
    """`lesbar.code`, dazu die Beschriftungen neuer Antwortoptionen aus dem Vokabular des Katalogs (ein Paket, das sie
    mitbringt, ist beim Schreiben des Hinweises noch nicht veröffentlicht)."""
    texte = katalog.vokabular.wert_texte if katalog is not None else {}
    return lambda wert: texte[wert] if isinstance(wert, str) and wert in texte else lesbar.code(wert)


def _wert(text: str) -> str:
    """Ein kurzer Wert im Satz: Zahl und Datum wie sie sind, sonst in Anführungszeichen."""
    kurz = _kurz(text, WERT_LAENGE)
    return kurz if re.fullmatch(r"[\d.,:/ –-]+( Uhr)?", kurz) else f"„{kurz}“"


def _satz(wer: str, was: str, alt: str, neu: str) -> str:
    if not neu:
        return f"{wer}: {was} entfällt – bisher: {alt}."
    if not alt:
        return f"{wer}: {was} neu – jetzt: {neu}."
    return f"{wer}: {was} geändert – bisher: {alt} – jetzt: {neu}."


def _geaendert(schritt: Any, katalog: Katalog | None, ae: SchrittAenderung, d: Diff) -> list[str]:
    """Die Zeilen eines geänderten Schritts: Wortlaut mit bisher → jetzt (beim Text des Schritts genügt die Art:
    der bisherige Text nennt ihn), jede kurze Angabe ebenso, eine lange nur mit ihrem Namen; der Ablauf in einer
    Zeile."""
    # benannt, wie die Beschäftigten den Schritt kennen (bisher); ein geänderter Wortlaut nennt bisher und jetzt
    titel, art = bezeichnung(schritt, katalog), ARTEN.get(str(getattr(schritt, "art", "")), "Schritt")
    felder = feldzeilen(ae, d, katalog, code=_code(katalog))
    # Frage und Text darunter beide geändert: zwei Zeilen „Wortlaut …“ wären nicht auseinanderzuhalten
    beide = {"frage", "text"} <= {z.pfad for z in felder}
    wortlaut, zeilen = [], []
    ablauf: list[str] = []
    for z in felder:
        if z.pfad in NICHT_IM_HINWEIS:
            continue
        if z.art == WORTLAUT:
            wer = art if z.pfad in ("text", "frage") and z.alt else titel
            was = "Text unter der Frage" if beide and z.pfad == "text" else z.im_hinweis
            wortlaut.append(_satz(wer, was, z.alt and f"„{_kurz(z.alt)}“", z.neu and f"„{_kurz(z.neu)}“"))
        elif z.art == ABLAUF or not z.in_worten:
            if z.im_hinweis not in ablauf:
                ablauf.append(z.im_hinweis)
        elif len(z.alt) > (grenze := TEXT_LAENGE if z.pfad.endswith("wenn") else WERT_LAENGE) \
                or len(z.neu) > grenze or z.alt == z.neu:       # eine Bedingung in Worten ist länger als ein Wert
            zeilen.append(f"{titel}: {z.im_hinweis} {'neu' if not z.alt else 'entfällt' if not z.neu else 'geändert'}.")
        else:
            zeilen.append(_satz(titel, z.im_hinweis, z.alt and _wert(z.alt), z.neu and _wert(z.neu)))
    if ablauf:
        zeilen.append(f"{titel}: Ablauf geändert ({', '.join(ablauf)}).")
    return wortlaut + zeilen


def klartext(leitfaden_titel: str, d: Diff | None, katalog: Katalog | None = None) -> str:
    """Eine Zeile je Änderung (der Hinweis zeigt jede als Punkt einer Liste). `katalog`: für Beschriftungen von
    Fakten, Antworten und eingebundenen Leitfäden."""
    if d is None:
        return f"Neuer Leitfaden: {leitfaden_titel}."
    zeilen = []
    alt, neu = d.alt.schritte, d.neu.schritte
    for ae in d.schritte:
        if ae.art == "neu":
            zeilen.append(f"Neu: {bezeichnung(neu[ae.schritt_id], katalog)}.")
        elif ae.art == "entfallen":
            zeilen.append(f"Entfällt: {bezeichnung(alt[ae.schritt_id], katalog)}.")
        else:
            zeilen.extend(_geaendert(alt[ae.schritt_id], katalog, ae, d))
    # Drei neue Prüfungen mit demselben Text sind für die Beschäftigten eine Zeile, nicht drei gleiche.
    return "\n".join(dict.fromkeys(zeilen)) or "Im Gespräch ändert sich nichts (nur Stand, Gültigkeit oder Notizen der Redaktion)."
