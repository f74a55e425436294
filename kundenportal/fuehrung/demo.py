"""Demodaten der Führungsprozesse für `make run` (einrichten --demo): rund 380 abgeschlossene Kontakte vom
03.02. bis 30.04.2020 an Pilot- (Fürth, Berlin Mitte, Bonn) und anderen Standorten (Nürnberg, Köln,
Berlin Nord), vor und ab dem 20.03.2020 (Weisung 202003006) — und eine bewertete QS-Stichprobe März 2020
in Nürnberg (Plan 2.2.6, mit Kalibrierung), damit Anlage 5, Anlage 7 und die QS nach dem Start etwas zeigen.

Jeder Kontakt ist ein echtes Gespräch: eine `Sitzung` auf der Fassung, die an Tag und Standort gilt,
durchlaufen mit den Antworten eines Szenarios des Projekts (content/szenarien), dessen Daten auf den
Demo-Tag verschoben sind. Die Fachverfahren sind die Zwillinge im Speicher (je Kontakt frisch, mit der
Ausgangslage des Szenarios): die Demo ändert keine Termine oder Akten der Demokundschaft. Weg, Ergebnis
und Vermerk stammen also aus dem Leitfaden selbst — nach der Weisung wird „abgesagt“, weil der Leitfaden es
verlangt, nicht weil eine Tabelle es sagt. Deterministisch (Seed 2020) und idempotent (Demo-Beschäftigte)."""

from __future__ import annotations

import copy
import datetime as dt
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F

from kundenportal.fachverfahren.speicher import SpeicherSysteme
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten.services import benutzer_anlegen, rollen_setzen
from kundenportal.leitfaden.fehler import SitzungFehler
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.sitzung import Sitzung
from kundenportal.leitfaden.szenario import Szenario, SzenarioFehler, dateien, szenario_lesen
from kundenportal.verdrahtung import katalog

from .kennzahlen_zeit import BERLIN, WEISUNG_TAG

STANDORTE = ["Nürnberg", "Fürth", "Köln", "Bonn", "Berlin Mitte", "Berlin Nord"]
ANFANG, ENDE = dt.date(2020, 2, 3), dt.date(2020, 4, 30)
# Die Anliegen der Anlage 5 (Basis-Leitfäden) und wie oft sie vorkommen (Gewicht).
ANLIEGEN: dict[str, float] = {
    "SC 3.003": 5, "EZ 1.003": 3, "SC 3.004a": 3, "EZ 1.004a": 2, "SC 3.307": 2, "EZ 1.307": 1, "SC 3.017": 2,
    "EMB Terminabsage": 3, "FK 4.101b": 1, "FK 4.404": 0.5, "FK 4.405": 1, "FK 4.406": 0.5, "FK 4.802": 0.5}
ROLLE = {"sc3": "agent_sc3", "ez": "agent_ez", "emb": "agent_emb", "scfk": "agent_scfk"}
AGENTEN_JE_STANDORT = 2
SELTEN = 0.15          # Gewicht der Identitätsabbrüche (in den Szenarien überrepräsentiert)
VERSUCHE = 6
QS_STANDORT, QS_MONAT = "Nürnberg", dt.date(2020, 3, 1)
_DATUM = re.compile(r"\d{4}-\d{2}-\d{2}(T\d\d:\d\d(:\d\d)?)?")


def _schieben(wert: Any, delta: dt.timedelta) -> Any:
    """Alle Daten und Zeitpunkte in `wert` (auch als Text JJJJ-MM-TT[THH:MM]) um `delta` verschoben."""
    if isinstance(wert, dt.date):        # auch datetime
        return wert + delta
    if isinstance(wert, str) and _DATUM.fullmatch(wert):
        if "T" in wert:
            return (dt.datetime.fromisoformat(wert) + delta).isoformat(timespec="minutes")
        return (dt.date.fromisoformat(wert) + delta).isoformat()
    if isinstance(wert, dict):
        return {k: _schieben(v, delta) for k, v in wert.items()}
    if isinstance(wert, list):
        return [_schieben(v, delta) for v in wert]
    return wert


@dataclass(frozen=True)
class Vorlage:
    szenario: Szenario
    gewicht: float


def vorlagen(k: Katalog) -> tuple[list[Vorlage], list[Vorlage]]:
    """Die Szenarien der Anliegen, die bis zum Ende laufen — getrennt nach vor und ab dem Weisungstag. Nur
    Szenarien aus der Demo-Zeit (bis ENDE): spätere gehören zu späteren Fassungen oder Regeln (BBiE im Verbund ab
    Mai 2020, die Korrekturen von 2026); die Demo zeigt das Frühjahr 2020 mit den Wegen, die damals galten."""
    vor: list[Vorlage] = []
    ab: list[Vorlage] = []
    for datei in dateien([Path(settings.CONTENT_DIR) / "szenarien"]):
        try:
            sz = szenario_lesen(datei)
        except SzenarioFehler:
            continue
        basis = k.leitfaeden[sz.leitfaden].basis_id if sz.leitfaden in k.leitfaeden else ""
        if (basis not in ANLIEGEN or sz.datum > ENDE
                or {"nicht_gueltig", "antwort_abgelehnt", "abbruch_bei_frage"} & set(sz.erwartet)):
            continue
        gewicht = ANLIEGEN[basis] * (SELTEN if sz.erwartet.get("ergebnis") == "abbruch_identitaet" else 1.0)
        (ab if sz.datum >= WEISUNG_TAG else vor).append(Vorlage(sz, gewicht))
    return vor, ab


def _agenten() -> dict[str, list[Any]]:
    """Je Standort zwei Demo-Beschäftigte mit den Rollen SC SGB III, Eingangszone, E-Mail und Service Center
    Familienkasse. Sie melden
    sich nie an (kein Passwort: spart je Konto einen argon2-Hash beim Einrichten)."""
    agenten: dict[str, list[Any]] = {}
    for standort in STANDORTE:
        kurz = standort.lower().replace(" ", "-").replace("ü", "ue").replace("ö", "oe")
        agenten[standort] = []
        for i in range(1, AGENTEN_JE_STANDORT + 1):
            user, neu = get_user_model().objects.get_or_create(
                username=f"demo-agent-{kurz}-{i}", defaults={"first_name": "Demo",
                                                             "last_name": f"Beschäftigte {standort} {i}"})
            if neu:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            rollen_setzen(user, list(ROLLE.values()), standort=standort)
            agenten[standort].append(user)
    return agenten


def _gespraech(k: Katalog, sz: Szenario, tag: dt.date, standort: str, jetzt: dt.datetime,
               kennung: str) -> Sitzung | None:
    """Führt das Szenario als Gespräch am `tag` in `standort` bis zum Ende; None, wenn es dort so nicht endet."""
    delta = tag - sz.datum
    systeme = SpeicherSysteme(k.standorte, uhr=lambda: jetzt)
    try:
        kundennummer = systeme.ausgangslage_laden(_schieben(copy.deepcopy(sz.ausgangslage), delta))
        s = Sitzung.starten(k, systeme.systeme(), sz.leitfaden, datum=tag, jetzt=jetzt, kanal=sz.kanal,
                            standort=standort, kundennummer=kundennummer, benutzer="demo", kontakt=kennung)
        lauf = s.durchlaufen(_schieben(dict(sz.antworten), delta))
    except (SitzungFehler, ValueError, LookupError):
        return None
    return s if lauf.halt == "ende" and s.lauf.ergebnis else None


def _waehlen(zufall: random.Random, pool: list[Vorlage]) -> Szenario:
    return zufall.choices(pool, weights=[v.gewicht for v in pool])[0].szenario


@transaction.atomic
def demo_kontakte_anlegen(anzahl: int = 380, *, qs: bool = True) -> int:
    """Legt die Demo-Kontakte (und die bewertete QS-Stichprobe) an, idempotent; gibt die Zahl der neuen
    Kontakte zurück."""
    if Kontakt.objects.filter(user__username__startswith="demo-agent-").exists():
        return 0
    k = katalog()
    vor, ab = vorlagen(k)
    agenten = _agenten()
    zufall = random.Random(2020)
    werktage = [ANFANG + dt.timedelta(days=i) for i in range((ENDE - ANFANG).days + 1)
                if (ANFANG + dt.timedelta(days=i)).weekday() < 5]
    neu: list[Kontakt] = []
    dauer: dict[Any, int] = {}
    for nummer in range(anzahl):
        tag = werktage[nummer * len(werktage) // anzahl]
        standort = zufall.choice(STANDORTE)
        jetzt = dt.datetime.combine(tag, dt.time(zufall.randint(8, 15), zufall.randint(0, 59)), BERLIN)
        for versuch in range(VERSUCHE):
            sz = _waehlen(zufall, ab if tag >= WEISUNG_TAG else vor)
            s = _gespraech(k, sz, tag, standort, jetzt, f"demo-{nummer}-{versuch}")
            if s is not None:
                break
        else:
            continue
        minuten = zufall.choice((5, 10, 20, 45)) if sz.kanal == "emb" else zufall.choice((3, 4, 6, 8))
        fassung = s.fassung
        kontakt = Kontakt(user=zufall.choice(agenten[standort]), kanal=sz.kanal, standort=standort,
                          kundennummer="", leitfaden=fassung.leitfaden_id, stand=fassung.stand,
                          weisung=fassung.weisung, lauf=s.lauf.als_json(), status=Kontakt.ABGESCHLOSSEN,
                          ergebnis=s.lauf.ergebnis or "", vermerk=s.vermerk(),
                          abgeschlossen=jetzt + dt.timedelta(minutes=minuten))
        neu.append(kontakt)
        dauer[kontakt.pk] = minuten
    Kontakt.objects.bulk_create(neu, batch_size=500)
    for minuten in sorted(set(dauer.values())):   # begonnen = abgeschlossen − Bearbeitungszeit
        Kontakt.objects.filter(pk__in=[pk for pk, m in dauer.items() if m == minuten]).update(
            begonnen=F("abgeschlossen") - dt.timedelta(minutes=minuten))
    if qs:
        qs_stichprobe_bewerten(zufall.random)
    return len(neu)


# Zwei weitere Teamleitungen in Nürnberg kalibrieren die Stichprobe März 2020 (Anlage 2.2.6: mindestens drei je
# Kontakt). Sie melden sich mit Passwort gleich Benutzername an: die dritte hat den dritten Kontakt noch offen —
# so lässt sich die Kalibrierung (blind bewerten, danach die Streuung) in der Demo selbst durchspielen.
KALIBRIERENDE = [("demo-teamleitung-2", "demo-teamleitung-2", "weitere Teamleitung in Nürnberg (hat kalibriert)"),
                 ("demo-teamleitung-3", "demo-teamleitung-3",
                  "weitere Teamleitung in Nürnberg: Kalibrierung des dritten Kontakts der QS-Stichprobe März 2020 offen")]


def qs_stichprobe_bewerten(zufall: Callable[[], float]) -> int:
    """Zieht die Stichprobe März 2020 in Nürnberg nach Plan 2.2.6 und bewertet sie wie eine Teamleitung:
    die Vorbewertung aus dem Weg übernommen, die übrigen Kriterien meist erfüllt; zwei Kontakte kalibrieren zwei
    weitere Teamleitungen (vollständig: drei nach Anlage 2.2.6), einen nur eine (2 von mindestens 3); die Hälfte ist
    an die Beschäftigten freigegeben. Gibt die Zahl der Bewertungen."""
    from kundenportal.qs import services as qs
    from kundenportal.qs.kriterien import ERFUELLT, NICHT_ERFUELLT

    tl = benutzer_anlegen("demo-teamleitung", "demo-teamleitung", ["teamleitung"], standort=QS_STANDORT,
                          vorname="Demo", nachname="Teamleitung", passwort_setzen=False)
    kalibrierende = []
    for name, _, _ in KALIBRIERENDE:
        andere = benutzer_anlegen(name, name, ["teamleitung"], standort=QS_STANDORT, vorname="Demo",
                                  nachname=f"Teamleitung {name[-1]}", passwort_setzen=False)
        if not andere.has_usable_password():     # angelegt von einer früheren Fassung der Demodaten (ohne Anmeldung)
            andere.set_password(name)
            andere.save(update_fields=["password"])
        kalibrierende.append(andere)
    jetzt = dt.datetime(2020, 4, 3, 10, 0, tzinfo=BERLIN)
    stichprobe = qs.stichprobe_nach_plan(tl, monat=QS_MONAT, jetzt=jetzt, kanal="sc3", seed=2020)
    bewertungen = list(stichprobe.bewertungen.select_related("kontakt").order_by("nummer"))
    for i, b in enumerate(bewertungen):
        urteile = _bewerten(tl, b, zufall, jetzt + dt.timedelta(minutes=10 * i))
        if urteile is None:
            continue
        wer = kalibrierende if i < 2 else kalibrierende[:1] if i == 2 else []
        for j, andere in enumerate(wer):
            anders = {kid: (NICHT_ERFUELLT if u == ERFUELLT and zufall() < 0.3 else u) for kid, u in urteile.items()}
            qs.kalibrierung_speichern(andere, b, anders, jetzt=jetzt + dt.timedelta(days=1 + j, minutes=10 * i))
        if i % 2 == 0:
            qs.bewertung_freigeben(tl, b, jetzt=jetzt + dt.timedelta(days=2))
    return len(bewertungen) + _qs_familienkasse(zufall, jetzt)


def _qs_familienkasse(zufall: Callable[[], float], jetzt: dt.datetime) -> int:
    """Die Teamleitung Familienkasse zieht in Nürnberg die Stichprobe März 2020 ihres Kanals (QS-Anlage 2.2.4) und
    hat die erste Hälfte bewertet; die übrigen bleiben für die Demo offen. Gibt die Zahl der Bewertungen."""
    from kundenportal.qs import services as qs

    tl = benutzer_anlegen("demo-teamleitung-fk", "demo-teamleitung-fk", ["teamleitung_fk"], standort=QS_STANDORT,
                          vorname="Demo", nachname="Teamleitung Familienkasse", passwort_setzen=False)
    try:
        stichprobe = qs.stichprobe_nach_plan(tl, monat=QS_MONAT, jetzt=jetzt, kanal="scfk", seed=2020)
    except qs.QsFehler:           # kleine Demo ohne Kontakte der Familienkasse im März in Nürnberg
        return 0
    bewertungen = list(stichprobe.bewertungen.select_related("kontakt").order_by("nummer"))
    for i, b in enumerate(bewertungen[: len(bewertungen) // 2]):
        _bewerten(tl, b, zufall, jetzt + dt.timedelta(minutes=10 * i))
    return len(bewertungen)


def _bewerten(tl: Any, b: Any, zufall: Callable[[], float], jetzt: dt.datetime) -> dict[str, str] | None:
    """Bewertet `b` wie eine Teamleitung: die Vorbewertung aus dem Weg übernommen, die übrigen Kriterien meist
    erfüllt. Gibt die Urteile (None: kein Bogen für den Kontakt)."""
    from kundenportal.qs import services as qs
    from kundenportal.qs.formulare import formular_fuer
    from kundenportal.qs.kriterien import ERFUELLT, NICHT_ERFUELLT

    formular = formular_fuer(b.kontakt)
    if formular is None:
        return None
    urteile = {kr.id: (b.vorschlag.get(kr.id) or {}).get("urteil")
               or (NICHT_ERFUELLT if zufall() < 0.2 else ERFUELLT) for kr in formular.kriterien}
    kommentar = "Gut geführt." if NICHT_ERFUELLT not in urteile.values() else "Bitte im Teamgespräch aufgreifen."
    qs.bewertung_speichern(tl, b, urteile, kommentar, jetzt=jetzt)
    return urteile
