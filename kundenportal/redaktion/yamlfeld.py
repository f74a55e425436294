"""Der strukturierte Editor ändert genau ein Feld eines Schritts im YAML-Text — an seiner Zeile, ohne
den Rest der Datei (Kommentare mit Weisungsbezug, Reihenfolge, Formatierung) anzufassen.

Der neue Wert wird als YAML in doppelten Anführungszeichen geschrieben (JSON ist gültiges YAML); danach
wird die Datei neu gelesen und geprüft, dass genau dieser Wert an genau diesem Ort steht."""

from __future__ import annotations

import json
import re
from typing import Any

from kundenportal.leitfaden.fehler import KatalogFehler
from kundenportal.leitfaden.quelle import ZDict, ZListe, lesen_text
from kundenportal.leitfaden.yamlfehler import YamlUngueltig

_SKALAR = r'"(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'|[^,}\]\n]*'


class FeldFehler(ValueError):
    """Das Feld lässt sich nicht im strukturierten Editor setzen (Meldung mit Abhilfe). `feld`: das Feld des
    Formulars, zu dem die Meldung gehört ("" = zum ganzen Schritt)."""

    def __init__(self, meldung: str, feld: str = "") -> None:
        super().__init__(meldung)
        self.feld = feld


def quelltext_lesen(text: str) -> Any:
    """Der Quelltext eines Entwurfs, gelesen wie im Katalog; ist er kein gültiges YAML, ein FeldFehler mit Zeile,
    Spalte und was nicht stimmt (yamlfehler.yaml_fehler) — die strukturierte Änderung wartet, bis er lesbar ist."""
    try:
        return lesen_text(text, "entwurf.yaml")
    except YamlUngueltig as fehler:
        raise FeldFehler(f"Der Quelltext ist kein gültiges YAML ({fehler.fehler}): erst dort korrigieren") from fehler
    except KatalogFehler as fehler:
        raise FeldFehler(f"Der Quelltext ist nicht lesbar ({fehler.befunde[0].meldung}): erst dort korrigieren") \
            from fehler


def _schritt(roh: Any, schritt_id: str) -> ZDict:
    for s in roh.get("schritte") or [] if isinstance(roh, dict) else []:
        if isinstance(s, ZDict) and str(s.get("id")) == schritt_id:
            return s
    raise FeldFehler(f"Schritt {schritt_id} gibt es nicht")


def _ort(schritt: ZDict, pfad: list[str]) -> tuple[Any, str, int]:
    """(Eltern-Knoten, Schlüssel, Zeile) des Felds `pfad` im Schritt."""
    knoten: Any = schritt
    for teil in pfad[:-1]:
        if isinstance(knoten, ZListe) and teil.isdigit() and int(teil) < len(knoten):
            knoten = knoten[int(teil)]
        elif isinstance(knoten, ZDict) and teil in knoten:
            knoten = knoten[teil]
        else:
            raise FeldFehler(f"Feld {'.'.join(pfad)} gibt es in diesem Schritt nicht")
    letzter = pfad[-1]
    if not isinstance(knoten, ZDict) or letzter not in knoten:
        raise FeldFehler(f"Feld {'.'.join(pfad)} gibt es in diesem Schritt nicht: im Quelltext ergänzen")
    if isinstance(knoten[letzter], dict | list):
        raise FeldFehler(f"Feld {'.'.join(pfad)} ist kein einzelner Wert: im Quelltext ändern")
    return knoten, letzter, knoten.zeilen[letzter]


def _einzug(zeile: str) -> int:
    return len(zeile) - len(zeile.lstrip(" -"))


def feld_setzen(text: str, schritt_id: str, feld: str, wert: str) -> str:
    """Setzt `feld` (z. B. `text`, `vermerk`, `weiter.0.wenn`, `je_antwort.ja`) des Schritts auf `wert`."""
    roh = quelltext_lesen(text)
    pfad = feld.split(".")
    _, schluessel, nummer = _ort(_schritt(roh, schritt_id), pfad)
    zeilen = text.split("\n")
    zeile = zeilen[nummer - 1]
    neu = json.dumps(wert, ensure_ascii=False)
    muster = re.compile(rf"(?<![\w-]){re.escape(schluessel)}:\s*({_SKALAR})")
    treffer = muster.search(zeile)
    if treffer is None:
        raise FeldFehler(f"Feld {feld} steht nicht in einer Zeile: im Quelltext ändern")
    alt = treffer.group(1).strip()
    ende = nummer
    if alt[:1] in (">", "|"):                    # Blocktext: die eingerückten Folgezeilen gehören dazu
        tiefe = _einzug(zeile)
        while ende < len(zeilen) and (not zeilen[ende].strip() or _einzug(zeilen[ende]) > tiefe):
            ende += 1
        while ende > nummer and not zeilen[ende - 1].strip():
            ende -= 1
    zeilen[nummer - 1] = zeile[:treffer.start(1)] + neu + zeile[treffer.start(1) + len(treffer.group(1).rstrip()):]
    ergebnis = "\n".join(zeilen[:nummer] + zeilen[ende:])
    try:
        probe = lesen_text(ergebnis, "entwurf.yaml")
        knoten, schluessel2, _ = _ort(_schritt(probe, schritt_id), pfad)
    except (KatalogFehler, FeldFehler) as fehler:
        raise FeldFehler(f"Feld {feld} ließ sich nicht sicher setzen: im Quelltext ändern") from fehler
    if str(knoten[schluessel2]) != wert:
        raise FeldFehler(f"Feld {feld} ließ sich nicht sicher setzen: im Quelltext ändern")
    return ergebnis


def felder(schritt: dict[str, Any], praefix: str = "") -> list[tuple[str, str]]:
    """Die einzeln änderbaren Werte eines Schritts (Feldpfad, Wert) für den strukturierten Editor."""
    ergebnis: list[tuple[str, str]] = []
    for k, v in schritt.items():
        name = f"{praefix}{k}"
        if k in ("id", "art") and not praefix:
            continue
        if isinstance(v, dict):
            ergebnis.extend(felder(v, f"{name}."))
        elif isinstance(v, list) and all(isinstance(x, dict) for x in v):
            for i, x in enumerate(v):
                ergebnis.extend(felder(x, f"{name}.{i}."))
        elif not isinstance(v, list):
            ergebnis.append((name, "" if v is None else str(v)))
    return ergebnis


def schritt_anfuegen(text: str, schritt_id: str, art: str, schritt_text: str, weiter: str) -> str:
    """Hängt einen Schritt an `schritte` an: `hinweis` (Text, weiter mit `nach: weiter`) oder `ende`
    (Text, `ergebnis: weiter`). Erreichbar wird er erst, wenn ein anderer Schritt auf ihn zeigt — bis
    dahin meldet die Prüfung ihn als unerreichbar."""
    if art not in ("hinweis", "ende"):
        raise FeldFehler(f"Art {art!r}: angefügt werden hinweis oder ende; andere Arten im Quelltext")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", schritt_id) or not re.fullmatch(r"[a-z][a-z0-9_]*", weiter):
        raise FeldFehler("Kennung und Ziel/Ergebnis: Kleinbuchstaben, Ziffern und _ (z. B. hinweis_neu)")
    roh = quelltext_lesen(text)
    schritte = roh.get("schritte") if isinstance(roh, ZDict) else None
    if not isinstance(schritte, ZListe) or not schritte:
        raise FeldFehler("Der Entwurf hat keine Liste 'schritte': im Quelltext anlegen")
    if any(isinstance(s, dict) and s.get("id") == schritt_id for s in schritte):
        raise FeldFehler(f"Schritt {schritt_id} gibt es schon")
    erste = text.split("\n")[schritte.zeilen[0] - 1]
    einzug = " " * (len(erste) - len(erste.lstrip(" ")))
    zeilen = [f"{einzug}- id: {schritt_id}", f"{einzug}  art: {art}",
              f"{einzug}  text: {json.dumps(schritt_text, ensure_ascii=False)}",
              f"{einzug}  {'nach' if art == 'hinweis' else 'ergebnis'}: {weiter}"]
    ergebnis = text.rstrip("\n") + "\n" + "\n".join(zeilen) + "\n"
    try:
        probe = lesen_text(ergebnis, "entwurf.yaml")
    except KatalogFehler as fehler:
        raise FeldFehler("Schritt ließ sich nicht anfügen: im Quelltext ergänzen") from fehler
    if not (isinstance(probe, dict) and probe.get("schritte") and probe["schritte"][-1].get("id") == schritt_id):
        raise FeldFehler("Schritt ließ sich nicht anfügen ('schritte' steht nicht am Ende): im Quelltext ergänzen")
    return ergebnis
