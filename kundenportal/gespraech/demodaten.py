"""Synthetische Demo-Kundschaft für `make run`: einige hundert Personen mit deutschen Namen, Agenturen
aus content/standorte.yaml, Terminen nach `heute()`, STEP-Stufen, ALG- und Kindergeldfällen.

Deterministisch (fester Seed) und idempotent: vorhandene Kundennummern werden übersprungen. Gefüllt wird
über `ausgangslage_laden`, denselben Weg wie Szenarien."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from kundenportal.fachverfahren.ports.atv import kalender_fuer
from kundenportal.fachverfahren.referenz import models as referenz
from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.verdrahtung import katalog

VORNAMEN = ["Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hannah", "Jonas", "Julia", "Karl", "Lena",
            "Leon", "Lukas", "Marie", "Max", "Mia", "Noah", "Paul", "Sophie", "Tim", "Laura", "Elias", "Lea",
            "Finn", "Nina", "Moritz", "Sarah", "Jan", "Katharina", "Ömer", "Zeynep", "Jürgen", "Bärbel", "Özlem"]
NACHNAMEN = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
             "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
             "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Meier", "Lehmann",
             "Yılmaz", "Kaya", "Nowak", "Kowalski", "Groß", "Fuchs", "Jäger", "Günther", "Köhler", "Böhm"]
BETREUUNG = ["av", "av", "av", "reha_beratung", "reha_vermittlung", "bb_vor_erwerbsleben", "bb_im_erwerbsleben"]
STUFEN = ["basis", "basis", "ausweissicht", "eid"]
FAMILIENKASSEN = ["Nürnberg", "München", "Köln", "Hamburg", "Stuttgart"]
ANZAHL = 300


UMSCHRIFT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i", "ğ": "g", "ş": "s"})


def demo_adresse(vorname: str, nachname: str, i: int) -> str:
    """Die in VerBIS hinterlegte E-Mail-Adresse einer Demo-Person (an sie gehen Antworten mit Kundendaten)."""
    ersetzt = f"{vorname}.{nachname}".lower().translate(UMSCHRIFT)
    return f"{ersetzt}.{i}@demo.example"


def _kunde(i: int, zufall: random.Random, agenturen: list[str], heute: dt.date,
           belegt: set[tuple[str, str]]) -> dict[str, Any]:
    nummer = f"900D{i:06d}"
    agentur = zufall.choice(agenturen)
    betreuung = zufall.choice(BETREUUNG)
    vorname, nachname = zufall.choice(VORNAMEN), zufall.choice(NACHNAMEN)
    lage: dict[str, Any] = {"kunde": {
        "kundennummer": nummer, "vorname": vorname, "nachname": nachname,
        "geburtsdatum": dt.date(zufall.randint(1960, 2004), zufall.randint(1, 12), zufall.randint(1, 28)),
        "wohnort_agentur": agentur, "betreuung": betreuung,
        "status": zufall.choice(["arbeitsuchend", "arbeitslos"]), "email": demo_adresse(vorname, nachname, i)}}
    termine = []
    for j in range(zufall.choice([0, 1, 1, 2])):
        tag = heute + dt.timedelta(days=zufall.randint(3, 40))
        while tag.weekday() >= 5:
            tag += dt.timedelta(days=1)
        beginn = f"{tag.isoformat()}T{zufall.choice([8, 9, 10, 11, 13, 14]):02d}:{zufall.choice(['00', '30'])}"
        if (kalender_fuer(agentur, betreuung), beginn) in belegt:
            continue                                   # ein Kalender, eine Person je Zeitpunkt
        belegt.add((kalender_fuer(agentur, betreuung), beginn))
        termine.append({"id": f"D{i:05d}-{j + 1}", "bereich": betreuung, "beginn": beginn, "agentur": agentur,
                        "kalender": kalender_fuer(agentur, betreuung)})
    if termine:
        lage["termine"] = termine
    if zufall.random() < 0.8:
        lage["step"] = {"sicherheitsstufe": zufall.choice(STUFEN)}
    lage["colibri"] = {"alg_bezug": lage["kunde"]["status"] == "arbeitslos" and zufall.random() < 0.8}
    if zufall.random() < 0.3:
        kinder = [{"id": f"K{n + 1}", "vorname": zufall.choice(VORNAMEN),
                   "geburtsdatum": dt.date(zufall.randint(2006, 2022), zufall.randint(1, 12), zufall.randint(1, 28))}
                  for n in range(zufall.randint(1, 3))]
        lage["kiwi"] = {"kindergeldnummer": f"{zufall.randint(100, 999)}FK{zufall.randint(100000, 999999)}",
                        "familienkasse": zufall.choice(FAMILIENKASSEN), "kinder": kinder}
    return lage


def demo_kunden_anlegen(heute: dt.date, anzahl: int = ANZAHL) -> int:
    """Legt fehlende Demo-Kunden an; gibt die Zahl neu angelegter zurück."""
    agenturen = sorted(katalog().standorte.agenturen)
    vorhanden = set(referenz.Kunde.objects.filter(kundennummer__startswith="900D").values_list("kundennummer", flat=True))
    zufall = random.Random(20200320)
    neu = 0
    belegt: set[tuple[str, str]] = set()
    for i in range(1, anzahl + 1):
        lage = _kunde(i, zufall, agenturen, heute, belegt)    # immer erzeugen: der Zufallsstrom bleibt gleich
        if lage["kunde"]["kundennummer"] in vorhanden:
            continue
        ausgangslage_laden(lage)
        neu += 1
    return neu
