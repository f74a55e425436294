"""Lesbare Sprache: jeder Code, den ein Mensch sieht, mit deutschem Label aus dem Vokabular
(`content/fakten.yaml`: `wert_texte`, `ergebnis_texte`), Datum und Zahl im deutschen Format
(Hausstil: UI auf Deutsch, keine rohen Codes)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from django.conf import settings

from kundenportal.leitfaden.vokabular import codes_im_text
from kundenportal.leitfaden.vokabular_zusatz import mit_zusatz_texten

BERLIN = ZoneInfo("Europe/Berlin")


@lru_cache(maxsize=4)
def _texte(pfad: Path) -> dict[str, str]:
    roh = yaml.safe_load(pfad.read_text(encoding="utf-8")) or {}
    texte = {str(k): str(v) for k, v in (roh.get("wert_texte") or {}).items()}
    texte |= {str(k): str(v) for k, v in (roh.get("ergebnis_texte") or {}).items()}
    return texte


def texte() -> dict[str, str]:
    return mit_zusatz_texten(_texte_aus(str(settings.CONTENT_DIR)))   # + neue Antwortoptionen der Redaktion


@lru_cache(maxsize=4)
def _texte_aus(content: str) -> dict[str, str]:
    # je Verzeichnis einmal der Pfad (ein Schritt zeigt viele Werte: kein pathlib je Wert)
    return _texte(Path(content) / "fakten.yaml")


def datum(wert: Any, mit_zeit: bool | None = None) -> str:
    """02.12.2026 bzw. 02.12.2026, 14:05 Uhr (Berliner Zeit); ISO-Text wird gelesen."""
    if isinstance(wert, str):
        text = wert
        try:
            wert = dt.datetime.fromisoformat(text) if "T" in text or " " in text.strip() else dt.date.fromisoformat(text)
        except ValueError:
            return text
    if isinstance(wert, dt.datetime):
        zeitpunkt = wert.astimezone(BERLIN) if wert.tzinfo is not None else wert
        return zeitpunkt.strftime("%d.%m.%Y, %H:%M Uhr" if mit_zeit is not False else "%d.%m.%Y")
    if isinstance(wert, dt.date):
        return wert.strftime("%d.%m.%Y")
    return "" if wert is None else str(wert)


def zahl(wert: Any, stellen: int = 0) -> str:
    """1.234,5 — Tausenderpunkt, Dezimalkomma."""
    if wert is None or wert == "":
        return "–"
    try:
        d = Decimal(str(wert))
    except ArithmeticError:
        return str(wert)
    text = f"{d:,.{stellen}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def code(wert: Any) -> str:
    """Ein einzelner Wert als Text: Code → Label, ja/nein, Datum deutsch; Unbekanntes ohne Unterstrich."""
    if isinstance(wert, bool):
        return "ja" if wert else "nein"
    if isinstance(wert, dt.date):
        return datum(wert)
    if wert is None:
        return ""
    text = str(wert)
    bekannt = texte().get(text)
    if bekannt is not None:
        return bekannt
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}(T[\d:]+)?", text):
        return datum(text)
    return text.replace("_", " ") if re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", text) else text


def im_text(text: Any) -> str:
    """Codes in einem Satz (z. B. „Aufgabe an os_algplus“, „Kanal sc3“) durch ihre Labels ersetzen:
    Codes mit Unterstrich oder Ziffer und die KURZCODES; gewöhnliche Wörter bleiben (`vokabular.codes_im_text`)."""
    return codes_im_text("" if text is None else str(text), texte())


def zitat(text: Any, laenge: int) -> str:
    """Der Anfang eines Leitfadentexts als Zitat für Hinweise und Übersichten: Platzhalter ({rentenbeginn}, die erst
    das Gespräch füllt) als „…“, Leerraum zusammengezogen, höchstens `laenge` Zeichen, am Wortende gekürzt („… das …“
    statt „… und g…“). Geteilt von den Änderungshinweisen (redaktion.klartext) und der Anlage 7."""
    kurz = " ".join(re.sub(r"\{[a-z_][a-z0-9_]*\}", "…", "" if text is None else str(text)).split())
    if len(kurz) <= laenge:
        return kurz
    schnitt = kurz[:laenge - 1]
    wort = schnitt.rsplit(" ", 1)[0]
    return (wort if len(wort) >= laenge // 2 else schnitt).rstrip(" ,;:(„") + " …"
