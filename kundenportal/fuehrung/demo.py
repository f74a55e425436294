"""Demodaten der Führungsprozesse für `make run` (einrichten --demo): abgeschlossene Kontakte vom
01.02. bis 30.04.2020 an Pilot- (Fürth, Berlin Mitte, Bonn) und anderen Standorten (Nürnberg, Köln,
Berlin Nord), auf der Leitfaden-Fassung, die am Tag dort galt — vor und ab dem 20.03.2020 (Weisung
202003006). Nach der Weisung werden Termine öfter „abgesagt“ und Insolvenzgeld öfter auf Papier beantragt.

Synthetisch (kein Lauf, kein Kunde: die QS zeigt für sie keinen Weg), deterministisch (Seed 2020) und
idempotent (Kennung im Vermerk). Angelegt in einem Schwung (bulk_create) — Demodaten, kein Gespräch."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.db.models import F

from kundenportal.gespraech.models import Kontakt
from kundenportal.konten.services import benutzer_anlegen
from kundenportal.leitfaden.gueltigkeit import aufloesen
from kundenportal.verdrahtung import katalog

from .kennzahlen_zeit import BERLIN, WEISUNG_TAG

KENNUNG = "Demodaten Führungsprozesse"
STANDORTE = ["Nürnberg", "Fürth", "Köln", "Bonn", "Berlin Mitte", "Berlin Nord"]
# (Leitfaden, Kanal, Ergebnisse vor, Ergebnisse ab Weisungstag) — Gewichte als Wiederholung
ANLIEGEN: list[tuple[str, str, list[str], list[str]]] = [
    ("SC 3.003", "sc3", ["termin_verschoben"] * 3 + ["termin_bleibt"] * 3 + ["termin_abgesagt", "termin_gebucht",
                                                                              "abbruch_identitaet"],
     ["termin_abgesagt"] * 4 + ["termin_bleibt"] * 2 + ["termin_verschoben", "termin_gebucht", "abbruch_identitaet"]),
    ("EZ 1.003", "ez", ["termin_verschoben"] * 2 + ["termin_bleibt", "termin_abgesagt", "termin_gebucht"],
     ["termin_abgesagt"] * 3 + ["termin_bleibt", "termin_gebucht"]),
    ("SC 3.004a", "sc3", ["abmeldung_erfasst"] * 3 + ["au_erfasst"] * 2 + ["keine_abmeldung"],
     ["abmeldung_erfasst"] * 2 + ["an_os_algplus_abgegeben"] * 2 + ["au_erfasst", "keine_abmeldung"]),
    ("SC 3.307", "sc3", ["online_antrag_moeglich"] * 4 + ["papierantrag_versandt"],
     ["online_antrag_moeglich", "hinweis_sicherheitsstufe"] + ["papierantrag_versandt"] * 2),
    ("SC 3.017", "sc3", ["auskunft_erteilt"] * 2 + ["an_bns_weitergeleitet"],
     ["an_bns_weitergeleitet"] * 2 + ["auskunft_erteilt"]),
    ("EMB Terminabsage", "emb", ["termin_verschoben", "termin_bleibt", "termin_abgesagt"],
     ["termin_abgesagt"] * 2 + ["termin_verschoben"]),
]
ROLLE = {"sc3": "agent_sc3", "ez": "agent_ez", "emb": "agent_emb"}


def _agenten() -> dict[tuple[str, str], Any]:
    """Je Standort eine Demo-Beschäftigte mit den Rollen SC SGB III, Eingangszone und E-Mail."""
    agenten: dict[tuple[str, str], Any] = {}
    for standort in STANDORTE:
        name = f"demo-agent-{standort.lower().replace(' ', '-').replace('ü', 'ue')}"
        user = benutzer_anlegen(name, name, list(ROLLE.values()), standort=standort, vorname="Demo",
                                nachname=f"Beschäftigte {standort}", passwort_setzen=False)
        agenten |= {(standort, kanal): user for kanal in ROLLE}
    return agenten


@transaction.atomic
def demo_kontakte_anlegen(anzahl_je_tag: int = 24) -> int:
    """Legt die Demo-Kontakte an (idempotent); gibt die Zahl der neuen zurück."""
    if Kontakt.objects.filter(vermerk=KENNUNG).exists():
        return 0
    k = katalog()
    agenten = _agenten()
    zufall = random.Random(2020)
    neu: list[Kontakt] = []
    dauer: dict[Any, int] = {}
    tag = dt.date(2020, 2, 1)
    while tag <= dt.date(2020, 4, 30):
        for _ in range(anzahl_je_tag if tag.weekday() < 5 else 0):
            standort = zufall.choice(STANDORTE)
            leitfaden, kanal, vor, nach = zufall.choice(ANLIEGEN)
            fassung = aufloesen(k, leitfaden, tag, standort)
            if fassung is None:
                continue
            zeit = dt.datetime.combine(tag, dt.time(zufall.randint(8, 15), zufall.randint(0, 59)), BERLIN)
            kontakt = Kontakt(user=agenten[(standort, kanal)], kanal=kanal, standort=standort,
                              leitfaden=fassung.leitfaden_id, stand=fassung.stand, weisung=fassung.weisung,
                              lauf={}, status=Kontakt.ABGESCHLOSSEN, vermerk=KENNUNG, abgeschlossen=zeit,
                              ergebnis=zufall.choice(nach if tag >= WEISUNG_TAG else vor))
            neu.append(kontakt)
            dauer[kontakt.pk] = zufall.choice((5, 10, 20, 45)) if kanal == "emb" else zufall.choice((4, 6, 8))
        tag += dt.timedelta(days=1)
    Kontakt.objects.bulk_create(neu, batch_size=1000)
    for minuten in sorted(set(dauer.values())):   # begonnen = abgeschlossen − Bearbeitungszeit
        Kontakt.objects.filter(pk__in=[pk for pk, m in dauer.items() if m == minuten]).update(
            begonnen=F("abgeschlossen") - dt.timedelta(minutes=minuten))
    return len(neu)
