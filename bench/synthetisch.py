"""Synthetische Kataloge für die Messung: der echte Katalog, aufgefüllt mit Kopien seiner Leitfäden
unter neuen ids (andere Titel und Schlagwörter, gleiche Schritte), und Leitfäden mit 5 bis 60 Fragen
hintereinander für die Kosten eines Schritts über die Weglänge.

Befehl: `python -m bench.synthetisch ZIEL --leitfaeden 1000 [--laengen 5,20,40,60]`."""

from __future__ import annotations

import argparse
import random
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from kundenportal.leitfaden.laden import VEROEFFENTLICHT

CONTENT = Path(__file__).resolve().parent.parent / "content"
ORTE = ["Nord", "Süd", "Ost", "West", "Mitte", "Land", "Stadt", "Küste", "Hafen", "Bergland"]
ZUSAETZE = ["Nachfrage", "Rückruf", "Widerspruch", "Erstattung", "Bescheinigung", "Nachweis", "Fristverlängerung",
            "Auskunft", "Umzug", "Kontoänderung", "Weiterbewilligung", "Nebeneinkommen", "Ortsabwesenheit",
            "Meldeversäumnis", "Sperrzeit", "Vorschuss", "Überzahlung", "Datenschutzauskunft"]
KANAL_PRAEFIX = {"ez": "EZ", "sc3": "SC", "scfk": "FK", "emb": "EMB", "eservice": "ES"}


def _basis_kopieren(ziel: Path, quelle: Path) -> None:
    if ziel.exists():
        shutil.rmtree(ziel)
    ziel.mkdir(parents=True)
    for name in ("fakten.yaml", "standorte.yaml", VEROEFFENTLICHT):
        if (quelle / name).exists():
            shutil.copy2(quelle / name, ziel / name)
    shutil.copytree(quelle / "weisungen", ziel / "weisungen")
    shutil.copytree(quelle / "leitfaeden", ziel / "leitfaeden")


# libyaml, wo vorhanden (die Erzeugung von 1.000 Leitfäden ist sonst der größte Teil des Katalog-Teils)
_LADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCHREIBER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _laden(text: str) -> Any:
    return yaml.load(text, Loader=_LADER)      # sicherer Lader: CSafeLoader oder SafeLoader


def _schreiben(daten: Any, **optionen: Any) -> str:
    return str(yaml.dump(daten, Dumper=_SCHREIBER, allow_unicode=True, sort_keys=False, **optionen))


def _synthetische(ziel: Path, leitfaeden: int, saat: int) -> tuple[int, list[Path]]:
    """Füllt den nach `ziel` kopierten echten Katalog mit Kopien auf `leitfaeden` auf. (echte Leitfäden,
    neue Ordner in der Reihenfolge ihrer Erzeugung). Jede Vorlage wird einmal gelesen, nicht je Kopie."""
    vorlagen = []
    for kopf in sorted((ziel / "leitfaeden").glob("*/*/leitfaden.yaml")):
        daten = _laden(kopf.read_text(encoding="utf-8"))
        if not daten.get("variante_von") and not daten.get("baustein"):
            fassungen = [(f.name, _laden(f.read_text(encoding="utf-8"))) for f in sorted(kopf.parent.glob("*.yaml"))
                         if f.name != "leitfaden.yaml"]
            vorlagen.append((daten, fassungen))
    echt = len(list((ziel / "leitfaeden").glob("*/*/leitfaden.yaml")))
    zufall = random.Random(saat)
    neu_erzeugt = []
    for nr in range(max(0, leitfaeden - echt)):
        daten, fassungen = vorlagen[nr % len(vorlagen)]
        zusatz, ort = zufall.choice(ZUSAETZE), zufall.choice(ORTE)
        praefix = daten["id"].split()[0]
        neu = dict(daten, id=f"{praefix} 9.{nr:04d}", titel=f"{daten['titel']}: {zusatz} ({ort})",
                   schlagwoerter=[*daten.get("schlagwoerter", []), zusatz, ort])
        neuer_ordner = ziel / "leitfaeden" / "synthetisch" / f"{praefix.lower()}-9.{nr:04d}"
        neuer_ordner.mkdir(parents=True)
        (neuer_ordner / "leitfaden.yaml").write_text(_schreiben(neu), encoding="utf-8")
        for name, fassung in fassungen:
            (neuer_ordner / name).write_text(_abwandeln(fassung, zusatz, ort), encoding="utf-8")
        neu_erzeugt.append(neuer_ordner)
    return echt, neu_erzeugt


def katalog_erzeugen(ziel: Path, leitfaeden: int, quelle: Path = CONTENT, saat: int = 15) -> int:
    """Schreibt nach `ziel` einen Katalog mit `leitfaeden` Leitfäden (mindestens die echten). Gibt die
    Zahl der Leitfäden zurück. Kopiert werden reguläre Leitfäden (keine Pilotvarianten, keine Bausteine)
    mit allen Fassungen; neu sind Kopf (id, Titel, Schlagwörter) und die Schritttexte."""
    _basis_kopieren(ziel, quelle)
    echt, _ = _synthetische(ziel, leitfaeden, saat)
    return max(echt, leitfaeden)


def kataloge_erzeugen(wurzel: Path, groessen: Iterable[int], quelle: Path = CONTENT,
                      saat: int = 15) -> dict[int, Path]:
    """Je Größe n einen Katalog unter `wurzel/k<n>` — gleich dem von `katalog_erzeugen(…, n)`, aber nur der
    größte wird erzeugt; die kleineren sind seine ersten Kopien (dieselbe Saat ergibt dieselbe Folge).
    Gibt Größe → Ordner zurück."""
    groessen = sorted(set(groessen))
    gross = wurzel / f"k{groessen[-1]}"
    _basis_kopieren(gross, quelle)
    echt, neu = _synthetische(gross, groessen[-1], saat)
    ordner = {groessen[-1]: gross}
    for n in groessen[:-1]:
        ziel = wurzel / f"k{n}"
        _basis_kopieren(ziel, quelle)
        for kopie in neu[: max(0, n - echt)]:
            shutil.copytree(kopie, ziel / "leitfaeden" / "synthetisch" / kopie.name)
        ordner[n] = ziel
    return ordner


def _abwandeln(daten: Any, zusatz: str, ort: str) -> str:
    """Jede Kopie hat eigene Texte (kein Cache soll von gleichen Dateien profitieren): an jeden
    Schritttext wird Anliegen und Ort gehängt; Schritte, Bedingungen und Aufträge bleiben gleich.
    `daten` (die gelesene Vorlage) bleibt unverändert."""
    schritte = []
    for schritt in daten.get("schritte") or []:
        if isinstance(schritt, dict) and schritt.get("text"):
            schritt = {**schritt, "text": f"{schritt['text']} ({zusatz}, {ort})"}
        schritte.append(schritt)
    return _schreiben({**daten, "schritte": schritte} if "schritte" in daten else daten, width=110)


def frage_fakt(i: int) -> str:
    return f"bench_frage_{i:02d}"


def laengen_erzeugen(ziel: Path, laengen: list[int], quelle: Path = CONTENT) -> dict[int, str]:
    """Schreibt nach `ziel` den echten Katalog und je Länge n einen Leitfaden "SC 8.<n>" mit n Ja/Nein-
    Fragen hintereinander; jede zweite geht über eine CEL-Bedingung weiter (`weiter: wenn`), die übrigen
    über `je_antwort`. Gibt Länge → Leitfaden-id zurück."""
    _basis_kopieren(ziel, quelle)
    meiste = max(laengen)
    fakten = "".join(f'  {frage_fakt(i)}: {{typ: bool, label: "Messfrage {i}"}}\n' for i in range(1, meiste + 1))
    text = (ziel / "fakten.yaml").read_text(encoding="utf-8")
    kopfzeile = next(z for z in text.splitlines(keepends=True) if z.startswith("fakten:"))
    (ziel / "fakten.yaml").write_text(text.replace(kopfzeile, kopfzeile + fakten, 1), encoding="utf-8")
    ids = {}
    for n in laengen:
        lid = f"SC 8.{n}"
        ordner = ziel / "leitfaeden" / "synthetisch" / f"laenge-{n}"
        ordner.mkdir(parents=True)
        kopf = {"id": lid, "titel": f"Messleitfaden mit {n} Fragen", "kanaele": ["sc3"]}
        (ordner / "leitfaden.yaml").write_text(yaml.safe_dump(kopf, allow_unicode=True), encoding="utf-8")
        schritte: list[dict[str, object]] = []
        for i in range(1, n + 1):
            weiter = f"f{i + 1}" if i < n else "ende"
            schritt: dict[str, object] = {"id": f"f{i}", "art": "frage", "fakt": frage_fakt(i),
                                          "text": f"Messfrage {i} von {n}"}
            if i % 2:
                schritt["je_antwort"] = {"ja": weiter, "nein": weiter}
            else:
                schritt["weiter"] = [{"wenn": f"{frage_fakt(i)} && {frage_fakt(i - 1)}", "nach": weiter},
                                     {"sonst": weiter}]
            schritte.append(schritt)
        schritte.append({"id": "ende", "art": "ende", "ergebnis": "auskunft_erteilt"})
        fassung = {"stand": "2020-03-20", "gueltig_ab": "2020-03-20", "weisung": "202003006", "start": "f1",
                   "schritte": schritte}
        (ordner / "2020-03-20.yaml").write_text(yaml.safe_dump(fassung, allow_unicode=True, sort_keys=False),
                                                encoding="utf-8")
        ids[n] = lid
    return ids


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Synthetischen Katalog für die Messung erzeugen")
    parser.add_argument("ziel", type=Path)
    parser.add_argument("--leitfaeden", type=int, default=1000)
    parser.add_argument("--laengen", default="", help="z. B. 5,20,40,60: statt Kopien Leitfäden mit n Fragen")
    args = parser.parse_args(argv)
    if args.laengen:
        ids = laengen_erzeugen(args.ziel, [int(x) for x in args.laengen.split(",")])
        print(f"{args.ziel}: {', '.join(ids.values())}")
    else:
        print(f"{args.ziel}: {katalog_erzeugen(args.ziel, args.leitfaeden)} Leitfäden")


if __name__ == "__main__":
    main()
