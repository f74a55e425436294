"""Synthetische Demo-Kundschaft für `make run`: einige hundert Personen mit deutschen Namen, Agenturen
aus content/standorte.yaml, Terminen nach `heute()`, STEP-Stufen, ALG- und Kindergeldfällen.

Deterministisch (fester Seed) und idempotent: vorhandene Kundennummern werden übersprungen. Gefüllt wird
über `ausgangslage_laden`, denselben Weg wie Szenarien."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from typing import Any

from kundenportal.fachverfahren.kalender import BERLIN, kalender_aus
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


def _termin_id(i: int, j: int) -> str:
    """Eine Termin-Kennung des ATV ohne Bezug zur Kundennummer (früher „D00002-1“ für 900D000002: die
    pseudonymisierte QS-Ansicht verriet so die Kundennummer)."""
    return "T-" + hashlib.blake2b(f"demo-termin-{i}-{j}".encode(), digest_size=4).hexdigest().upper()


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
    # Termine nur in Kalendern, die es im ATV gibt, an ihren offenen Tagen: eine Agentur ohne BBiE hat keinen
    # Kalender der Berufsberatung im Erwerbsleben (dort bleibt der Termin bei der Arbeitsvermittlung), und ein
    # Feiertag des Landes (Neujahr, 06.01. in Bayern) oder der 24./31.12. rückt auf den nächsten offenen Tag — sonst
    # fand „Termin verschieben“ keinen einzigen freien Termin im Kalender des Termins. Die Zufallszahlen bleiben
    # dieselben (jede Demo-Person behält ihre übrigen Daten).
    termine = []
    standorte = katalog().standorte
    for j in range(zufall.choice([0, 1, 1, 2])):
        tag = heute + dt.timedelta(days=zufall.randint(3, 40))
        stunde, minute = zufall.choice([8, 9, 10, 11, 13, 14]), zufall.choice(["00", "30"])
        bereich = betreuung if kalender_aus(kalender_fuer(agentur, betreuung), standorte, {}) else "av"
        kalender = kalender_aus(kalender_fuer(agentur, bereich), standorte, {})
        if kalender is None:
            continue
        zeit = dt.datetime.combine(tag, dt.time(stunde, int(minute)), BERLIN)
        for _ in range(60):
            if kalender.offen(zeit):
                break
            zeit += dt.timedelta(days=1)
        else:
            continue
        beginn = f"{zeit:%Y-%m-%dT%H:%M}"
        if (kalender.name, beginn) in belegt:
            continue                                   # ein Kalender, eine Person je Zeitpunkt
        belegt.add((kalender.name, beginn))
        termine.append({"id": _termin_id(i, j), "bereich": bereich, "beginn": beginn, "agentur": agentur,
                        "kalender": kalender.name})
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
