"""Messung der E-Mail-Bearbeitung (Issue 6): Präzision und Trefferquote je Klasse auf dem Korpus
und Durchsatz des Einlesens (Mails/s). `make bench` ruft `bench()`; allein:
`python -m kundenportal.emb.bench`."""

from __future__ import annotations

import csv
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .mime import zerlegen
from .zuordnung import KLASSEN, klassifizieren

KORPUS = Path(__file__).resolve().parents[2] / "content" / "email-korpus"


@dataclass(frozen=True)
class Zeile:
    klasse: str
    anzahl: int
    praezision: float
    trefferquote: float

    @property
    def f1(self) -> float:
        summe = self.praezision + self.trefferquote
        return 2 * self.praezision * self.trefferquote / summe if summe else 0.0


@dataclass(frozen=True)
class Klassifikation:
    zeilen: list[Zeile]
    genauigkeit: float
    kundennummer_richtig: float
    fehler: list[tuple[str, str, str]]          # datei, erwartet, vorgeschlagen

    @property
    def makro_f1(self) -> float:
        return sum(z.f1 for z in self.zeilen) / len(self.zeilen)


def korpus_lesen(korpus: Path = KORPUS) -> list[tuple[str, str, str, bytes]]:
    """(datei, klasse, kundennummer, rohe Bytes) je Mail aus labels.csv."""
    with (korpus / "labels.csv").open(encoding="utf-8", newline="") as datei:
        return [(z["datei"], z["klasse"], z["kundennummer"], (korpus / "mails" / z["datei"]).read_bytes())
                for z in csv.DictReader(datei)]


def klassifikation_messen(korpus: Path = KORPUS) -> Klassifikation:
    paare: list[tuple[str, str]] = []
    fehler: list[tuple[str, str, str]] = []
    nummern_richtig = 0
    mails = korpus_lesen(korpus)
    for datei, soll, nummer, roh in mails:
        z = zerlegen(roh)
        v = klassifizieren(z.betreff, z.text, [a.dateiname for a in z.anhaenge], z.auto_antwort)
        paare.append((soll, v.klasse))
        nummern_richtig += (v.kundennummer or "") == nummer
        if v.klasse != soll:
            fehler.append((datei, soll, v.klasse))
    zeilen = []
    for klasse in KLASSEN:
        richtig = sum(1 for s, i in paare if s == i == klasse)
        vorgeschlagen = sum(1 for _, i in paare if i == klasse)
        tatsaechlich = sum(1 for s, _ in paare if s == klasse)
        zeilen.append(Zeile(klasse, tatsaechlich, richtig / vorgeschlagen if vorgeschlagen else 0.0,
                            richtig / tatsaechlich if tatsaechlich else 0.0))
    return Klassifikation(zeilen=zeilen, genauigkeit=sum(s == i for s, i in paare) / len(paare),
                          kundennummer_richtig=nummern_richtig / len(mails), fehler=fehler)


def klassifikation_tabelle(k: Klassifikation) -> str:
    zeilen = [f"{'Klasse':<14} {'n':>4} {'Präzision':>10} {'Trefferquote':>13} {'F1':>6}"]
    zeilen += [f"{z.klasse:<14} {z.anzahl:>4} {z.praezision:>10.3f} {z.trefferquote:>13.3f} {z.f1:>6.3f}"
               for z in k.zeilen]
    zeilen.append(f"{'Makro-F1':<14} {'':>4} {'':>10} {'':>13} {k.makro_f1:>6.3f}")
    zeilen.append(f"Genauigkeit {k.genauigkeit:.3f} · Kundennummer richtig erkannt {k.kundennummer_richtig:.3f}")
    return "\n".join(zeilen)


def durchsatz_messen(korpus: Path = KORPUS, wiederholungen: int = 1) -> tuple[int, float]:
    """Liest den Korpus über den echten Dienst ein (Zerlegen, Zuordnen, Speichern mit Anhängen) —
    in einer Transaktion, die am Ende zurückgerollt wird. Ergebnis: (Mails, Sekunden)."""
    from django.db import transaction

    from .services import mail_einlesen

    mails = [roh for _, _, _, roh in korpus_lesen(korpus)]
    beginn = time.perf_counter()
    with transaction.atomic():
        for runde in range(wiederholungen):
            for roh in mails:
                mail_einlesen(roh if not runde else roh.replace(b"Message-ID: <", f"Message-ID: <{runde}.".encode(),
                                                                 1), quelle="bench")
        dauer = time.perf_counter() - beginn
        transaction.set_rollback(True)
    return len(mails) * wiederholungen, dauer


def durchsatz_tabelle(anzahl: int, sekunden: float) -> str:
    return "\n".join([f"{'Einlesen':<14} {'Mails':>6} {'Sekunden':>9} {'Mails/s':>9}",
                      f"{'Korpus':<14} {anzahl:>6} {sekunden:>9.2f} {anzahl / sekunden:>9.1f}"])


def bench(ausgabe: Callable[[str], None] = print) -> None:
    """Druckt die Klassifikationstabelle und den Durchsatz des Einlesens (Django muss eingerichtet
    und die Datenbank migriert sein)."""
    k = klassifikation_messen()
    ausgabe("E-Mail-Zuordnung (Korpus content/email-korpus, 320 Mails)")
    ausgabe(klassifikation_tabelle(k))
    ausgabe("")
    ausgabe(durchsatz_tabelle(*durchsatz_messen()))


def main() -> None:  # pragma: no cover - Kommandozeile
    """Eigenständig: eine frische SQLite-Datenbank in einem Temp-Verzeichnis, migriert."""
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kundenportal.conf.settings")
        os.environ.setdefault("KUNDENPORTAL_ENTWICKLUNG", "1")
        os.environ["KUNDENPORTAL_SQLITE"] = str(Path(tmp) / "bench.sqlite3")
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        bench()


if __name__ == "__main__":  # pragma: no cover
    main()
