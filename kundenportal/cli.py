"""Kommandozeile: `kundenportal katalog ...` und `kundenportal szenario pruefen ...`.

Fehler in Eingaben (Leitfaden, Szenario) erscheinen als eine Zeile mit Datei:Zeile, nie als Traceback."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from kundenportal.leitfaden.fehler import KatalogFehler
from kundenportal.leitfaden.katalog import Katalog

# Befehlsbereiche der Django-Apps: Modul mit `befehle_anmelden(bereiche)` (wie bench.py über Namen geladen,
# damit die Kommandozeile nicht nach oben importiert)
BEREICHE_DER_APPS = ("kundenportal.emb.kommando",)
KATALOG_BEFEHLE_DER_REDAKTION = "kundenportal.redaktion.kommandos"
CONTENT = Path(os.environ.get("KUNDENPORTAL_CONTENT", Path(__file__).resolve().parent.parent / "content"))


def _katalog(pfad: Path | None = None) -> Katalog:
    from kundenportal.leitfaden.laden import katalog_laden

    return katalog_laden(pfad or CONTENT)


def _datum(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"kein Datum (JJJJ-MM-TT): {text}") from None


def django_wegwerf() -> None:
    """Django mit einer Wegwerf-Datenbank (SQLite im Speicher) für den Szenario-Runner."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kundenportal.conf.settings")
    os.environ["KUNDENPORTAL_SQLITE"] = ":memory:"
    os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def cmd_pruefen(args: argparse.Namespace) -> int:
    from kundenportal.leitfaden.pruefen import katalog_pruefen

    try:
        katalog = _katalog(Path(args.pfad) if args.pfad else None)
    except KatalogFehler as fehler:
        for befund in fehler.befunde:
            print(befund, file=sys.stderr)
        return 1
    befunde = katalog_pruefen(katalog) + _arbeitsmittel_befunde(katalog, Path(args.pfad) if args.pfad else CONTENT)
    for befund in befunde:
        print(befund, file=sys.stderr)
    if befunde:
        print(f"{len(befunde)} Fehler im Katalog.", file=sys.stderr)
        return 1
    print(f"Katalog in Ordnung: {len(katalog.leitfaeden)} Leitfäden, {len(katalog.fassungen())} Fassungen, "
          f"{len(katalog.weisungen)} Weisungen.")
    return 0


def cmd_veroeffentlichen(args: argparse.Namespace) -> int:
    """Siegelt jede noch nicht gesiegelte Fassung (nur bei fehlerfreiem Katalog)."""
    from kundenportal.leitfaden.laden import VEROEFFENTLICHT
    from kundenportal.leitfaden.pruefen import katalog_pruefen

    katalog = _katalog()
    befunde = katalog_pruefen(katalog)
    if befunde:
        for befund in befunde:
            print(befund, file=sys.stderr)
        print("Nicht veröffentlicht: der Katalog hat Fehler.", file=sys.stderr)
        return 1
    neu = {f.schluessel: f.inhalt_hash for f in sorted(katalog.fassungen(), key=lambda f: f.schluessel)
           if f.schluessel not in katalog.veroeffentlicht}
    siegel = {**katalog.veroeffentlicht, **neu}
    zeilen = ["# Inhalts-Hash (SHA-256) jeder veröffentlichten Fassung. Geschrieben von",
              "# `kundenportal katalog veroeffentlichen`; nie von Hand ändern.",
              *(f'"{k}": {v}' for k, v in sorted(siegel.items()))]
    (CONTENT / VEROEFFENTLICHT).write_text("\n".join(zeilen) + "\n", encoding="utf-8")
    for k in neu:
        print(f"veröffentlicht: {k}")
    print(f"{len(neu)} Fassungen neu gesiegelt, {len(siegel)} insgesamt.")
    return 0


def cmd_gueltig(args: argparse.Namespace) -> int:
    from kundenportal.leitfaden.gueltigkeit import aufloesen

    katalog = _katalog()
    fassung = aufloesen(katalog, args.leitfaden, args.datum, args.standort)
    if fassung is None:
        print(f"{args.leitfaden}: keine Fassung gilt am {args.datum:%d.%m.%Y}"
              + (f" in {args.standort}" if args.standort else ""), file=sys.stderr)
        return 1
    bis = f"{fassung.gueltig_bis:%d.%m.%Y}" if fassung.gueltig_bis else "unbefristet"
    print(f"Variante:  {fassung.leitfaden_id}\nStand:     {fassung.stand:%d.%m.%Y}\n"
          f"Gültig:    {fassung.gueltig_ab:%d.%m.%Y} bis {bis}\nWeisung:   {fassung.weisung}\n"
          f"Datei:     {fassung.datei}")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from kundenportal.leitfaden.diff import diff_text

    katalog = _katalog()
    leitfaden = katalog.leitfaeden.get(args.leitfaden)
    if leitfaden is None:
        print(f"unbekannter Leitfaden: {args.leitfaden}", file=sys.stderr)
        return 1
    alt, neu = leitfaden.fassung(args.alt), leitfaden.fassung(args.neu)
    for stand, f in ((args.alt, alt), (args.neu, neu)):
        if f is None:
            staende = ", ".join(x.stand.isoformat() for x in leitfaden.fassungen)
            print(f"{args.leitfaden}: keine Fassung mit Stand {stand} (vorhanden: {staende})", file=sys.stderr)
            return 1
    assert alt and neu
    print(diff_text(katalog, alt, neu))
    return 0


def _arbeitsmittel_befunde(katalog: Katalog, wurzel: Path) -> list[Any]:
    """Die Arbeitsmittel (Aufgabensteckbriefe, QS-Anlagen, Führungsprozess-Anlagen; domain.md A12)."""
    from kundenportal.arbeitsmittel.laden import bestand_laden

    try:
        bestand_laden(wurzel, katalog)
    except KatalogFehler as fehler:
        return list(fehler.befunde)
    return []


def cmd_weisung(args: argparse.Namespace) -> int:
    from kundenportal.leitfaden.weisung import aenderungsuebersicht, regelspur

    katalog = _katalog()
    if args.nummer not in katalog.weisungen:
        print(f"unbekannte Weisung: {args.nummer}", file=sys.stderr)
        return 1
    if args.json:
        from kundenportal.arbeitsmittel.export import weisung_dokument
        from kundenportal.arbeitsmittel.laden import bestand_laden

        try:
            bestand = bestand_laden(CONTENT, katalog)
        except KatalogFehler as fehler:
            for befund in fehler.befunde:
                print(befund, file=sys.stderr)
            return 1
        print(json.dumps(weisung_dokument(katalog, bestand, args.nummer), ensure_ascii=False, indent=2))
        return 0
    print(regelspur(katalog, args.nummer, _szenarien_fuer_spur()) if args.regeln
          else aenderungsuebersicht(katalog, args.nummer))
    return 0


def _szenarien_fuer_spur() -> list[Any]:
    from kundenportal.leitfaden.szenario import SzenarioFehler, dateien, szenario_lesen

    pfade = [CONTENT / "szenarien"]          # darin die öffentlichen unter oeffentlich/
    ergebnis = []
    for datei in dateien([p for p in pfade if p.exists()]):
        try:
            ergebnis.append(szenario_lesen(datei))
        except SzenarioFehler:
            continue
    return ergebnis


def cmd_abdeckung(args: argparse.Namespace) -> int:
    from kundenportal.leitfaden.abdeckung import abdeckung_text

    katalog = _katalog()
    pfade = [Path(p) for p in args.szenarien] or [CONTENT / "szenarien"]
    django_wegwerf()
    text, vollstaendig = abdeckung_text(katalog, pfade, args.leitfaden)
    print(text)
    return 0 if vollstaendig or not args.streng else 1


def cmd_szenario(args: argparse.Namespace) -> int:
    from kundenportal.leitfaden.szenario import SzenarioFehler, ausfuehren, dateien, szenario_lesen

    try:
        katalog = _katalog()
    except KatalogFehler as fehler:
        for befund in fehler.befunde:
            print(befund, file=sys.stderr)
        return 2
    django_wegwerf()
    from kundenportal.fachverfahren.referenz.testsysteme import ReferenzTestsysteme

    test = ReferenzTestsysteme()
    code = 0
    gesamt = bestanden = 0
    pfade = [Path(p) for p in args.pfade]
    for pfad in pfade:
        if not pfad.exists():
            print(f"{pfad}: Datei oder Ordner nicht gefunden", file=sys.stderr)
            return 2
    for datei in dateien(pfade):
        gesamt += 1
        try:
            sz = szenario_lesen(datei)
        except SzenarioFehler as fehler:
            code = 2
            if args.json:
                print(json.dumps({"id": datei.stem, "ok": False, "leitfaden": "", "version": "", "ergebnis": "",
                                  "aktionen": [], "fragen": [], "fehler": [str(fehler)]}, ensure_ascii=False))
            else:
                print(f"UNGÜLTIG {fehler}", file=sys.stderr)
            continue
        erg = ausfuehren(katalog, sz, test)
        bestanden += erg.ok
        if not erg.ok and code == 0:
            code = 1
        if args.json:
            print(json.dumps(erg.als_json(), ensure_ascii=False))
        else:
            print(f"{'ok     ' if erg.ok else 'FEHLER '} {sz.id}  ({erg.version or sz.leitfaden}"
                  f"{', ' + erg.ergebnis if erg.ergebnis else ''})")
            for f in erg.fehler:
                print(f"         {sz.datei}: {f}")
    if not args.json:
        print(f"{bestanden} passed, {gesamt - bestanden} failed")
    return code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kundenportal", description="Kundenportal: Katalog und Szenarien")
    bereiche = parser.add_subparsers(dest="bereich", required=True)
    katalog = bereiche.add_parser("katalog", help="Leitfaden-Katalog").add_subparsers(dest="befehl", required=True)
    p = katalog.add_parser("pruefen", help="Schema- und Logikprüfung, Datei:Zeile je Fehler")
    p.add_argument("pfad", nargs="?")
    p.set_defaults(f=cmd_pruefen)
    p = katalog.add_parser("veroeffentlichen", help="Neue Fassungen siegeln (Inhalts-Hash; danach unveränderlich)")
    p.set_defaults(f=cmd_veroeffentlichen)
    p = katalog.add_parser("gueltig", help="Welche Fassung gilt an Standort X am Datum D?")
    p.add_argument("--leitfaden", required=True)
    p.add_argument("--datum", required=True, type=_datum)
    p.add_argument("--standort")
    p.set_defaults(f=cmd_gueltig)
    p = katalog.add_parser("diff", help="Unterschied zweier Fassungen, Schritt für Schritt")
    p.add_argument("leitfaden")
    p.add_argument("alt", type=_datum)
    p.add_argument("neu", type=_datum)
    p.set_defaults(f=cmd_diff)
    p = katalog.add_parser("weisung", help="Änderungsübersicht einer Weisung")
    p.add_argument("nummer")
    p.add_argument("--regeln", action="store_true", help="Regel → Leitfaden → Schritte → Szenarien")
    p.add_argument("--json", action="store_true", help="die Weisung mit allen Arbeitsmitteln als JSON")
    p.set_defaults(f=cmd_weisung)
    p = katalog.add_parser("abdeckung", help="Pfadabdeckung je Leitfaden durch Szenarien")
    p.add_argument("szenarien", nargs="*")
    p.add_argument("--leitfaden", action="append")
    p.add_argument("--streng", action="store_true", help="Exit 1, wenn ein Pfad ungedeckt ist")
    p.set_defaults(f=cmd_abdeckung)
    importlib.import_module(KATALOG_BEFEHLE_DER_REDAKTION).registrieren(katalog)   # importieren, exportieren
    szenario = bereiche.add_parser("szenario", help="Szenarien").add_subparsers(dest="befehl", required=True)
    p = szenario.add_parser("pruefen", help="Szenarien ausführen (Exit 0/1/2)")
    p.add_argument("pfade", nargs="+")
    p.add_argument("--json", action="store_true")
    p.set_defaults(f=cmd_szenario)
    for modul in BEREICHE_DER_APPS:      # Apps (höhere Schicht) melden ihre Befehle selbst an, nach Namen
        importlib.import_module(modul).befehle_anmelden(bereiche)
    args = parser.parse_args(argv)
    try:
        return int(args.f(args))
    except KatalogFehler as fehler:
        for befund in fehler.befunde:
            print(befund, file=sys.stderr)
        return 2 if args.bereich == "szenario" else 1
    except BrokenPipeError:  # pragma: no cover
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
