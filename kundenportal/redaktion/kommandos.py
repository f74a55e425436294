"""`kundenportal katalog importieren DIR [--veroeffentlicht]` und `kundenportal katalog exportieren DIR`:
der Katalog zwischen content/-Dateien und der Datenbank (settings.DATABASES, wie die Web-Anwendung)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kundenportal.conf.settings")
    import django

    django.setup()


def cmd_importieren(args: argparse.Namespace) -> int:
    ordner = Path(args.ordner)
    if not ordner.is_dir():
        print(f"{ordner}: Ordner nicht gefunden", file=sys.stderr)
        return 1
    _django()
    from kundenportal.leitfaden.fehler import KatalogFehler
    from kundenportal.redaktion.services.katalog import katalog_importieren

    try:
        zaehler = katalog_importieren(ordner, veroeffentlicht=args.veroeffentlicht)
    except KatalogFehler as fehler:
        for befund in fehler.befunde:
            print(befund, file=sys.stderr)
        print(f"Nichts importiert: {len(fehler.befunde)} Fehler.", file=sys.stderr)
        return 1
    if args.veroeffentlicht:
        print(f"{zaehler['neu']} Dateien veröffentlicht, {zaehler['abgeloest']} abgelöst (gueltig_bis), "
              f"{zaehler['unveraendert']} unverändert.")
    else:
        print(f"{zaehler['entwuerfe']} Entwürfe angelegt.")
    return 0


def cmd_exportieren(args: argparse.Namespace) -> int:
    _django()
    from kundenportal.redaktion.services.katalog import katalog_exportieren

    anzahl = katalog_exportieren(Path(args.ordner))
    print(f"{anzahl} Dateien nach {args.ordner} geschrieben.")
    return 0


def registrieren(katalog: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = katalog.add_parser("importieren", help="content/-Ordner in die Datenbank (alles oder nichts)")
    p.add_argument("ordner")
    p.add_argument("--veroeffentlicht", action="store_true", help="als veröffentlichte, gesiegelte Fassungen")
    p.set_defaults(f=cmd_importieren)
    p = katalog.add_parser("exportieren", help="den Katalog der Datenbank als content/-Dateien schreiben")
    p.add_argument("ordner")
    p.set_defaults(f=cmd_exportieren)
