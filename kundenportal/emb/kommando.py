"""`kundenportal emb einlesen PFAD...`: .eml-Dateien, Verzeichnisse, Maildir-Ordner und mbox-Dateien
in die Datenbank der Einstellungen einlesen (DATABASE_URL oder SQLite), mit Fortschritt und Bilanz.

Exit 0, auch wenn Mails in die Quarantäne gehen oder einzelne Dateien unlesbar sind (sie werden
genannt); Exit 1 nur, wenn keine der Quellen lesbar ist oder die Datenbank nicht bereit ist."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def befehle_anmelden(bereiche: Any) -> None:
    """Hängt den Bereich `emb` an den Parser von kundenportal/cli.py."""
    emb = bereiche.add_parser("emb", help="E-Mail-Bearbeitung").add_subparsers(dest="befehl", required=True)
    p = emb.add_parser("einlesen", help="Mails aus .eml-Dateien, Maildir-Ordnern und mbox-Dateien einlesen")
    p.add_argument("pfade", nargs="+", type=Path, metavar="PFAD")
    p.set_defaults(f=lambda args: einlesen(args.pfade))


def einlesen(pfade: list[Path], ausgabe: Callable[[str], None] = print,
             fehler: Callable[[str], None] = lambda t: print(t, file=sys.stderr)) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kundenportal.conf.settings")
    import django
    from django.db import DatabaseError

    django.setup()
    from .services import Bilanz, QuelleUnlesbar, dateien_einlesen

    gesamt, lesbar = Bilanz(), 0
    for pfad in pfade:
        ausgabe(f"{pfad}: lese …")

        def fortschritt(b: Bilanz, p: Path = pfad) -> None:
            ausgabe(f"{p}: {b}")

        try:
            bilanz = dateien_einlesen([pfad], fortschritt=fortschritt)
        except QuelleUnlesbar as grund:
            fehler(f"Fehler: {grund}")
            continue
        except DatabaseError as grund:
            fehler(f"Fehler: Datenbank nicht bereit ({type(grund).__name__}: {grund}). "
                   "Erst `python manage.py migrate` ausführen.")
            return 1
        lesbar += 1
        for datei in bilanz.unlesbar:
            fehler(f"Übersprungen: {datei}")
        ausgabe(f"{pfad}: {bilanz}")
        gesamt.gelesen += bilanz.gelesen
        gesamt.neu += bilanz.neu
        gesamt.doppelt += bilanz.doppelt
        gesamt.quarantaene += bilanz.quarantaene
        gesamt.unlesbar += bilanz.unlesbar
    ausgabe(f"Summe: {gesamt}")
    if not lesbar:
        fehler("Keine der Quellen war lesbar: nichts eingelesen.")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - Kurzform ohne kundenportal/cli.py
    parser = argparse.ArgumentParser(prog="kundenportal")
    befehle_anmelden(parser.add_subparsers(dest="bereich", required=True))
    args = parser.parse_args(argv)
    return int(args.f(args))
