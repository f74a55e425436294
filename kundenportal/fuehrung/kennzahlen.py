"""Anlage 5 der Arbeitshilfe operative Führungsprozesse SGB III: die Steuerungsübersicht der Teamleitung
(domain.md A12), gerechnet in der Datenbank (Aggregate über die Tageszahlen, verdichtung.py), nie durch
Laden aller Kontakte. Verglichen werden Pilot- und andere Standorte (standorte.yaml,
`pilot_weiterbildungsberatung`) und die Zeit vor und ab dem 20.03.2020 (Weisung 202003006).

Eine Abgabe an ein Backoffice ist ein Kontakt mit einem ausgeführten Abgabe-Schritt (Aufgabe an OS AlgPlus,
Anruf ins Wartefeld des Betriebsnummern-Service …), gleich mit welchem Ergebnis er endet — die Tageszahlen
tragen sie als Merkmal `abgabe` (abgaben.py); Erstkontaktlösung = abgeschlossen ohne Abgabe, ohne Abbruch.
Prozentwerte tragen Zähler und Nenner mit („42,9 % (3 von 7)“)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import BooleanField, Case, Max, Q, Sum, Value, When
from django.db.models.functions import TruncWeek

from kundenportal import zeit
from kundenportal.arbeitsmittel.modell import Arbeitsmittel
from kundenportal.emb import queries as emb_queries
from kundenportal.konten.rechtskreis import KANAL, SGB_III, kanaele
from kundenportal.konten.rollen import KANAL_NAMEN
from kundenportal.verdrahtung import katalog
from kundenportal.verdrahtung.arbeitsmittel import arbeitsmittel

# ZeitraumFehler und bereich_fehler auch unter diesem Namen (Formulare, API und Tests der Anlagen)
from kundenportal.zeitraum import ZeitraumFehler as ZeitraumFehler
from kundenportal.zeitraum import bereich_fehler as bereich_fehler
from kundenportal.zeitraum import ergaenzen
from kundenportal.zeitraum import pruefen as zeitraum_pruefen

from .abgaben import ERGEBNIS_STELLE, SGB3_STELLEN, stelle_name
from .kennzahlen_zeit import BERLIN, WEISUNG_TAG
from .models import Tageszahl
from .verdichtung import verdichten

SGB3_KANAELE = kanaele(SGB_III)    # Anlage 5 zählt nur sie

# Der Zeitraum, in dem Daten sinnvoll sind (und Datumsrechnung nie überläuft: 30.12.9999 + 1 Tag).
FRUEHESTENS, SPAETESTENS = zeit.FRUEHESTENS, zeit.SPAETESTENS
# Ohne Angabe: das Fenster um den Weisungstag, 01.02.–30.04.2020 (drei Monate).
VON, BIS = WEISUNG_TAG - dt.timedelta(days=48), WEISUNG_TAG + dt.timedelta(days=41)
# Ergebnisse ohne Erstkontaktlösung: die eine Abgabe nennen (ERGEBNIS_STELLE), Abbrüche, offen.
OHNE_LOESUNG = {*ERGEBNIS_STELLE, "abbruch_identitaet", "abgebrochen", ""}
TERMIN_ANDERE = ("termin_bleibt", "termin_verschoben")
INSOLVENZGELD = ("SC 3.307", "EZ 1.307")
INSG_ONLINE = ("online_antrag_moeglich", "hinweis_sicherheitsstufe")
SEGMENTE = [("pilot", False), ("pilot", True), ("andere", False), ("andere", True)]


class FehlerAmFeld(ZeitraumFehler):
    """Ein unmöglicher Zeitraum mit dem Feld des Filters, das zu ändern ist (`feld`: von, bis, standort, gruppe,
    phase, kanal): die Seite zeigt die Meldung dort (views._zeitraum), nicht an „Von“."""

    def __init__(self, meldung: str, feld: str) -> None:
        super().__init__(meldung)
        self.feld = feld


def zeitraum_ergaenzen(von: dt.date | None, bis: dt.date | None) -> tuple[dt.date, dt.date]:
    """kundenportal.zeitraum.ergaenzen; fehlt beides, das Fenster um den Weisungstag (01.02.–30.04.2020)."""
    return ergaenzen(von, bis, (VON, BIS))


GRUPPEN = {"": "Pilot- und andere Standorte", "pilot": "nur Pilotstandorte", "andere": "nur andere Standorte"}
PHASEN = {"": f"vor und ab dem {WEISUNG_TAG:%d.%m.%Y}", "vor": f"nur vor dem {WEISUNG_TAG:%d.%m.%Y}",
          "ab": f"nur ab dem {WEISUNG_TAG:%d.%m.%Y}"}


@dataclass(frozen=True)
class Zeitraum:
    """Zeitraum, Standort, Standortgruppe (`gruppe`: "" | pilot | andere), Zeit zur Weisung (`phase`:
    "" | vor | ab) und Kanal (`kanal`: "" alle, sonst einer aus konten.rechtskreis.KANAL, etwa `emb` für die
    Teamleitung E-Mail). Alle schränken die Daten selbst ein (in der Datenbank), nicht nur die Anzeige."""

    von: dt.date
    bis: dt.date
    standort: str | None = None
    gruppe: str = ""
    phase: str = ""
    kanal: str = ""

    def pruefen(self) -> Zeitraum:
        zeitraum_pruefen(self.von, self.bis)
        agenturen = katalog().standorte.agenturen
        if self.standort and self.standort not in agenturen:
            raise FehlerAmFeld(f"Unbekannter Standort „{self.standort}“.", "standort")
        if self.gruppe not in GRUPPEN:
            raise FehlerAmFeld(f"Unbekannte Standortgruppe „{self.gruppe}“ (pilot oder andere).", "gruppe")
        if self.phase not in PHASEN:
            raise FehlerAmFeld(f"Unbekannte Zeit zur Weisung „{self.phase}“ (vor oder ab).", "phase")
        if self.kanal and self.kanal not in KANAL:
            raise FehlerAmFeld(f"Unbekannter Kanal „{self.kanal}“ ({', '.join(sorted(KANAL))}).", "kanal")
        if self.standort and self.gruppe:
            pilot = agenturen[self.standort].pilot_weiterbildungsberatung
            if pilot != (self.gruppe == "pilot"):
                raise FehlerAmFeld(f"{self.standort} ist {'ein' if pilot else 'kein'} Pilotstandort; die Auswahl "
                                   f"„{GRUPPEN[self.gruppe]}“ schließt ihn aus.", "gruppe")
        # Die Meldung nennt das Ende (bzw. den Beginn) des Zeitraums: dort steht sie, dort ist zu ändern.
        if self.phase == "ab" and self.bis < WEISUNG_TAG:
            raise FehlerAmFeld(f"Der Zeitraum endet vor dem {WEISUNG_TAG:%d.%m.%Y}; „ab der Weisung“ liegt nicht darin.",
                               "bis")
        if self.phase == "vor" and self.von >= WEISUNG_TAG:
            raise FehlerAmFeld(f"Der Zeitraum beginnt ab dem {WEISUNG_TAG:%d.%m.%Y}; „vor der Weisung“ liegt nicht "
                               "darin.", "von")
        return self

    @property
    def segmente(self) -> list[tuple[str, bool]]:
        """Die Vergleichsgruppen (Pilot/andere × vor/ab), die Gruppe und Phase übrig lassen."""
        return [(p, n) for p, n in SEGMENTE if self.gruppe in ("", p) and self.phase in ("", "ab" if n else "vor")]

    @property
    def beschreibung(self) -> str:
        ort = f"Standort {self.standort}" if self.standort else "alle Standorte"
        # Ein Standort mit seiner Gruppe (gruppe_des_standorts): „Standort Nürnberg (kein Pilotstandort)“, nicht
        # „Standort Nürnberg, nur andere Standorte“ — gezählt ist nur der Standort.
        gruppe = ((" (Pilotstandort)" if self.gruppe == "pilot" else " (kein Pilotstandort)") if self.standort
                  else f", {GRUPPEN[self.gruppe]}") if self.gruppe else ""
        return (f"Zeitraum {self.von:%d.%m.%Y} bis {self.bis:%d.%m.%Y}, {ort}{gruppe}" + (f", {PHASEN[self.phase]}" if self.phase else "")
                + (f", Kanal {KANAL_NAMEN.get(self.kanal, self.kanal)}" if self.kanal else ""))

    def grenzen(self) -> tuple[dt.datetime, dt.datetime]:
        return (dt.datetime.combine(self.von, dt.time(0), BERLIN),
                dt.datetime.combine(self.bis + dt.timedelta(days=1), dt.time(0), BERLIN))


def segment_name(pilot: str, nach: bool) -> str:
    wer = "Pilotstandorte" if pilot == "pilot" else "Andere Standorte"
    return f"{wer} {'ab' if nach else 'vor dem'} {WEISUNG_TAG:%d.%m.%Y}"


def pilotstandorte() -> list[str]:
    return sorted(a.name for a in katalog().standorte.agenturen.values() if a.pilot_weiterbildungsberatung)


def tageszahlen(z: Zeitraum, *, nur_sgb3: bool = False, kanaele: list[str] | None = None) -> Any:
    """Die (frisch verdichteten) Tageszahlen des Zeitraums am Standort, mit `pilot` und `nach` (ab Weisungstag)
    (ein QuerySet[Tageszahl]). `nur_sgb3`: nur Kanäle des Rechtskreises SGB III — Anlage 5 ist die
    Steuerungsübersicht der Arbeitshilfe operative Führungsprozesse SGB III; die Familienkasse zählt dort nicht mit.
    `kanaele`: nur diese Kanäle (die der Teamleitung, konten.zugriff.kennzahl_kanaele; None: alle)."""
    verdichten()
    qs = Tageszahl.objects.filter(tag__gte=z.von, tag__lte=z.bis)
    if nur_sgb3:
        qs = qs.filter(kanal__in=SGB3_KANAELE)
    if kanaele is not None:
        qs = qs.filter(kanal__in=list(kanaele))
    if z.kanal:
        qs = qs.filter(kanal=z.kanal)
    if z.standort:
        qs = qs.filter(standort=z.standort)
    if z.gruppe:
        qs = qs.filter(standort__in=pilotstandorte()) if z.gruppe == "pilot" else qs.exclude(standort__in=pilotstandorte())
    if z.phase:
        qs = qs.filter(tag__gte=WEISUNG_TAG) if z.phase == "ab" else qs.filter(tag__lt=WEISUNG_TAG)
    return qs.annotate(
        pilot=Case(When(standort__in=pilotstandorte(), then=Value(True)), default=Value(False),
                   output_field=BooleanField()),
        nach=Case(When(tag__gte=WEISUNG_TAG, then=Value(True)), default=Value(False), output_field=BooleanField()))


def letzter_tag_mit_kontakten(bis: dt.date, kanaele: list[str] | None = None) -> dt.date | None:
    """Der letzte Tag bis `bis` mit abgeschlossenen Kontakten der `kanaele` (None: aller Kanäle), an allen
    Standorten — eine Abfrage (Max über die frisch verdichteten Tageszahlen), None ohne Kontakte."""
    verdichten()
    zahlen = Tageszahl.objects.filter(tag__lte=bis, anzahl__gt=0)
    if kanaele is not None:
        zahlen = zahlen.filter(kanal__in=list(kanaele))
    letzter: dt.date | None = zahlen.order_by().aggregate(m=Max("tag"))["m"]
    return letzter


@dataclass
class Segment:
    kontakte: int = 0
    geloest: int = 0
    abgaben: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    identitaet: int = 0
    abgesagt: int = 0
    termin_andere: int = 0
    insg_online: int = 0
    insg_papier: int = 0
    email: int = 0
    email_sekunden: int = 0


Anteil = tuple[int, int]         # (Zähler, Nenner) eines Prozentwerts: „3 von 7“


@dataclass(frozen=True)
class Zeile:
    kennzahl: str            # id aus der Anlage 5 (content/arbeitsmittel/fuehrungsprozess-anlage/anlage-5)
    titel: str
    einheit: str             # Anzahl | Prozent | Minuten
    werte: tuple[float | None, ...]   # je Vergleichsgruppe in der Reihenfolge Bericht.segmente
    anteile: tuple[Anteil, ...] = ()  # bei Prozent: Zähler und Nenner je Vergleichsgruppe
    hinweis: str = ""                 # etwa: erst in einer späteren Fassung der Anlage geführt
    stelle: str = ""                  # bei der Abgabequote: das Backoffice (abgaben.STELLEN)
    # Die Kontakte hinter jedem Wert (Anzahl: sie selbst, Prozent: der Zähler, Minuten: die gemittelten) —
    # so viele listet kontaktliste.py zu der Zelle.
    kontakte: tuple[int, ...] = ()

    @property
    def zellen(self) -> list[tuple[float | None, Anteil | None]]:
        """Wert und (bei Prozent) Zähler/Nenner je Vergleichsgruppe, für die Tabelle."""
        return list(zip(self.werte, self.anteile or (None,) * len(self.werte), strict=True))


def _prozent(kennzahl: str, titel: str, anteile: list[Anteil], stelle: str = "") -> Zeile:
    return Zeile(kennzahl, titel, "Prozent", tuple(_anteil(t, g) for t, g in anteile), tuple(anteile), stelle=stelle,
                 kontakte=tuple(t for t, _ in anteile))


@dataclass(frozen=True)
class Woche:
    """Eine Woche des Verlaufs: Kontakte und Anteil „abgesagt“ an den Terminkontakten, Pilot- und andere Standorte."""

    beginn: dt.date
    kontakte_pilot: int
    kontakte_andere: int
    abgesagt_pilot: Anteil
    abgesagt_andere: Anteil
    # Die Woche mit dem Weisungstag (beginnt vor ihm, endet ab ihm): ihre Tage zählen in der Tabelle der Kennzahlen
    # teils vor, teils ab dem Tag (`nach` je Tag) — in Worten, welche (`stichtag_hinweis`); "" für jede andere Woche.
    hinweis: str = ""

    @property
    def quote_pilot(self) -> float | None:
        return _anteil(*self.abgesagt_pilot)

    @property
    def quote_andere(self) -> float | None:
        return _anteil(*self.abgesagt_andere)


@dataclass
class Bericht:
    zeitraum: Zeitraum
    zeilen: list[Zeile]
    je_anliegen: list[tuple[str, str, dt.date, int, int]]     # Leitfaden, Titel, Stand, Pilot, andere
    trend: list[Woche]
    # Mails in der Warteschlange am Ende des Zeitraums (ganzes Kundenpostfach, `_rueckstand`); None, wenn der
    # Kanalfilter die E-Mail-Bearbeitung ausschließt.
    rueckstand_mails: int | None
    leer: bool
    segmente: list[tuple[str, bool]] = field(default_factory=lambda: list(SEGMENTE))

    @property
    def segment_namen(self) -> list[str]:
        return [segment_name(p, n) for p, n in self.segmente]

    @property
    def spalten_namen(self) -> list[str]:
        """Die Überschriften der Spalten, wie Seite, Diagramm und CSV sie zeigen: ist ein Standort gewählt, heißen sie
        nach ihm („Nürnberg vor dem 20.03.2020“) — die Zahlen sind seine, nicht die aller anderen Standorte.
        (`segment_namen` bleibt der Name der Vergleichsgruppe, etwa für die API.)"""
        if not self.zeitraum.standort:
            return self.segment_namen
        return [f"{self.zeitraum.standort} {'ab' if n else 'vor dem'} {WEISUNG_TAG:%d.%m.%Y}" for _, n in self.segmente]

    @property
    def je_anliegen_summe(self) -> tuple[int, int]:
        """Die Summenzeile der Kontakte je Anliegen und Fassung: Pilot- und andere Standorte."""
        return sum(z[3] for z in self.je_anliegen), sum(z[4] for z in self.je_anliegen)


def _anteil(teil: int, ganz: int) -> float | None:
    return round(100 * teil / ganz, 1) if ganz else None


def _segmente(z: Zeitraum, kanaele: list[str] | None
              ) -> tuple[dict[tuple[str, bool], Segment], dict[tuple[str, dt.date, bool], int]]:
    zeilen = tageszahlen(z, nur_sgb3=True, kanaele=kanaele).values("pilot", "nach", "kanal", "leitfaden", "stand", "ergebnis",
                                                  "abgabe").annotate(n=Sum("anzahl"), dauer=Sum("dauer_sekunden")).order_by()
    segmente: dict[tuple[str, bool], Segment] = {s: Segment() for s in SEGMENTE}
    anliegen: dict[tuple[str, dt.date, bool], int] = defaultdict(int)
    for r in zeilen:
        s = segmente[("pilot" if r["pilot"] else "andere", bool(r["nach"]))]
        n, ergebnis, abgabe = r["n"], r["ergebnis"], r["abgabe"]
        s.kontakte += n
        s.geloest += n if ergebnis not in OHNE_LOESUNG and not abgabe else 0
        if abgabe:
            s.abgaben[abgabe] += n
        s.identitaet += n if ergebnis == "abbruch_identitaet" else 0
        s.abgesagt += n if ergebnis == "termin_abgesagt" else 0
        s.termin_andere += n if ergebnis in TERMIN_ANDERE else 0
        if r["leitfaden"] in INSOLVENZGELD:
            s.insg_online += n if ergebnis in INSG_ONLINE else 0
            s.insg_papier += n if ergebnis == "papierantrag_versandt" else 0
        if r["kanal"] == "emb":
            s.email += n
            s.email_sekunden += r["dauer"] or 0
        anliegen[(r["leitfaden"], r["stand"], bool(r["pilot"]))] += n
    return segmente, anliegen


def _trend(z: Zeitraum, kanaele: list[str] | None) -> list[Woche]:
    zeilen = tageszahlen(z, nur_sgb3=True, kanaele=kanaele).annotate(woche=TruncWeek("tag")).values("woche", "pilot").annotate(
        n=Sum("anzahl"), abgesagt=Sum("anzahl", filter=Q(ergebnis="termin_abgesagt")),
        termin=Sum("anzahl", filter=Q(ergebnis__in=("termin_abgesagt", *TERMIN_ANDERE)))).order_by("woche")
    wochen: dict[dt.date, dict[bool, tuple[int, int, int]]] = defaultdict(dict)
    for r in zeilen:
        woche = r["woche"].date() if isinstance(r["woche"], dt.datetime) else r["woche"]
        wochen[woche][bool(r["pilot"])] = (r["n"] or 0, r["abgesagt"] or 0, r["termin"] or 0)
    ergebnis = []
    for w, g in sorted(wochen.items()):
        p, a = g.get(True, (0, 0, 0)), g.get(False, (0, 0, 0))
        ergebnis.append(Woche(w, p[0], a[0], (p[1], p[2]), (a[1], a[2]), stichtag_hinweis(z, w)))
    return ergebnis


def stichtag_hinweis(z: Zeitraum, beginn: dt.date) -> str:
    """Der Hinweis an der Woche ab `beginn` (Montag), wenn sie den Weisungstag enthält und nicht mit ihm beginnt:
    Die Woche zählt im Verlauf als eine Zeile, in der Tabelle der Kennzahlen zählt jeder Tag auf seiner Seite
    (vor/ab, `tageszahlen`: `nach`). Genannt werden nur die Tage, die der Zeitraum und die Zeit zur Weisung
    übrig lassen; bleibt nur eine Seite, sagt der Hinweis das."""
    ende = beginn + dt.timedelta(days=6)
    if not beginn < WEISUNG_TAG <= ende:
        return ""
    erster, letzter = max(beginn, z.von), min(ende, z.bis)
    vor = (erster, min(letzter, WEISUNG_TAG - dt.timedelta(days=1))) if z.phase != "ab" else None
    ab = (max(erster, WEISUNG_TAG), letzter) if z.phase != "vor" else None
    vor = vor if vor and vor[0] <= vor[1] else None
    ab = ab if ab and ab[0] <= ab[1] else None

    def tage(t: tuple[dt.date, dt.date]) -> str:
        return f"{t[0]:%d.%m.}" if t[0] == t[1] else f"{t[0]:%d.%m.}–{t[1]:%d.%m.}"

    tag = f"{WEISUNG_TAG:%d.%m.%Y}"
    if vor and ab:
        return (f"Woche mit dem Weisungstag: Sie enthält Tage vor und ab dem {tag}. In den Kennzahlen oben zählen die "
                f"Kontakte vom {tage(vor)} „vor“, die vom {tage(ab)} „ab dem {tag}“.")
    if ab:
        return f"Woche mit dem Weisungstag: gezählt sind nur die Tage ab dem {tag} ({tage(ab)})."
    if vor:
        return f"Woche mit dem Weisungstag: gezählt sind nur die Tage vor dem {tag} ({tage(vor)})."
    return ""


def rueckstand_zeitpunkt(z: Zeitraum) -> dt.datetime:
    """Das Ende des Zeitraums (bei „nur vor der Weisung“ spätestens der Beginn des Weisungstags), höchstens das
    Ende von heute: den Rückstand eines Tages, der noch kommt, kennt niemand — ein Zeitraum bis 31.12.2099 zeigt
    den von heute (und sagt „am“ heute), nicht die heutige Warteschlange als die von 2099."""
    _, ende = z.grenzen()
    ende = min(ende, dt.datetime.combine(zeit.heute() + dt.timedelta(days=1), dt.time(0), BERLIN))
    return min(ende, dt.datetime.combine(WEISUNG_TAG, dt.time(0), BERLIN)) if z.phase == "vor" else ende


def _rueckstand(z: Zeitraum, kanaele: list[str] | None = None) -> int | None:
    """Der E-Mail-Rückstand: Mails (nicht Kontakte) in der Warteschlange am Ende des Zeitraums
    (emb.queries.rueckstand). Eine Mail trägt keinen Standort — ein Gespräch zu ihr beginnt erst, wer sie
    bearbeitet —, die Zahl gilt darum für das ganze Kundenpostfach, gleich welcher Standort gefiltert ist. None,
    wenn der Kanalfilter oder die Kanäle der Teamleitung (`kanaele`) die E-Mail-Bearbeitung ausschließen."""
    if (z.kanal and z.kanal != "emb") or (kanaele is not None and "emb" not in kanaele):
        return None
    return emb_queries.rueckstand(rueckstand_zeitpunkt(z))


def anlage5(z: Zeitraum, kennzahlen: list[str] | None = None, kanaele: list[str] | None = None) -> Bericht:
    """Die Zahlen der Anlage 5 für den Zeitraum; `kennzahlen` (ids der Anlage) wählt die Zeilen, `kanaele` die
    Kanäle, deren Kontakte zählen (die der Teamleitung, fuehrung.kontaktliste.kanaele_der_teamleitung — dieselben,
    die die Liste hinter jeder Zahl zeigt; None: alle des SGB III). Die Abgabequote steht je Backoffice: OS AlgPlus
    und Betriebsnummern-Service immer, weitere, wenn es Abgaben gab."""
    z = z.pruefen()
    segmente, anliegen = _segmente(z, kanaele)
    s = [segmente[k] for k in z.segmente]
    stellen = [*SGB3_STELLEN, *sorted({st for x in s for st, n in x.abgaben.items() if n} - set(SGB3_STELLEN))]
    zeilen = [
        Zeile("kontakte_je_anliegen", "Kontakte", "Anzahl", tuple(float(x.kontakte) for x in s),
              kontakte=tuple(x.kontakte for x in s)),
        _prozent("erstkontaktloesung", "Erstkontaktlösung (abgeschlossen ohne Abgabe)",
                 [(x.geloest, x.kontakte) for x in s]),
        *(_prozent("abgabequote", f"Abgabequote an {stelle_name(stelle)}", [(x.abgaben[stelle], x.kontakte) for x in s],
                   stelle) for stelle in stellen),
        _prozent("identitaet_abbrueche", "Abbrüche: Identität nicht bestätigt", [(x.identitaet, x.kontakte) for x in s]),
        _prozent("terminabsagen", "Terminkontakte: Termin „abgesagt“ im ATV",
                 [(x.abgesagt, x.abgesagt + x.termin_andere) for x in s]),
        _prozent("insolvenzgeld_wege", "Insolvenzgeld: online (statt Papierantrag)",
                 [(x.insg_online, x.insg_online + x.insg_papier) for x in s]),
        Zeile("email_bearbeitung", "E-Mail: mittlere Bearbeitungszeit", "Minuten",
              tuple(round(x.email_sekunden / 60 / x.email, 1) if x.email else None for x in s),
              kontakte=tuple(x.email for x in s)),
    ]
    if kennzahlen is not None:
        zeilen = [zl for zl in zeilen if zl.kennzahl in kennzahlen]
    titel = {lf.id: lf.kopf.titel for lf in katalog().leitfaeden.values()}
    je = sorted({(lf, st) for lf, st, _ in anliegen})
    return Bericht(z, zeilen, [(lf, titel.get(lf, lf), st, anliegen.get((lf, st, True), 0),
                                anliegen.get((lf, st, False), 0)) for lf, st in je],
                   _trend(z, kanaele), _rueckstand(z, kanaele), leer=sum(x.kontakte for x in s) == 0, segmente=z.segmente)


def _kennzahlen(fassung: Arbeitsmittel) -> list[str]:
    return [str(k["id"]) for k in fassung.inhalt.get("kennzahlen") or []]


def anlage5_nach_fassung(z: Zeitraum, kanaele: list[str] | None = None) -> tuple[Arbeitsmittel, Bericht]:
    """Die Anlage 5 in der Fassung, die am Ende des Zeitraums gilt (sonst die neueste), mit ihren Kennzahlen.
    Kennzahlen, die erst eine spätere Fassung führt (Terminabsagen und Insolvenzgeld ab dem 20.03.2020,
    Weisung 202003006), fehlen nicht still: sie stehen mit Hinweis dabei — die Werte vor der Weisung sind der
    Vergleich, an dem die Anlage 7 die Umsetzung misst. `kanaele` wie in `anlage5`."""
    alle = arbeitsmittel().von("fuehrungsprozess_anlage", "Anlage 5")
    fassung = arbeitsmittel().gueltig("fuehrungsprozess_anlage", "Anlage 5", z.bis) or alle[-1]
    eigene = _kennzahlen(fassung)
    spaeter: dict[str, Arbeitsmittel] = {}
    for f in alle:
        if f.stand > fassung.stand:
            for kennzahl in _kennzahlen(f):
                spaeter.setdefault(kennzahl, f)
    bericht = anlage5(z, [*eigene, *(k for k in spaeter if k not in eigene)], kanaele)
    bericht.zeilen = [zl if zl.kennzahl in eigene else replace(
        zl, hinweis=f"Erst in der Anlage 5 ab dem {spaeter[zl.kennzahl].gueltig_ab:%d.%m.%Y} (Weisung "
                    f"{spaeter[zl.kennzahl].weisung}); im Zeitraum gilt die Fassung vom {fassung.stand:%d.%m.%Y}. "
                    "Die Werte zeigen den Stand vor der Weisung zum Vergleich.") for zl in bericht.zeilen]
    return fassung, bericht


def kanal_der_rolle(z: Zeitraum, kanaele: list[str]) -> Zeitraum:
    """Hat die Rolle Kennzahlen nur eines Kanals (`kanaele`; Teamleitung E-Mail: emb) und wählt die Anfrage keinen,
    gilt dieser."""
    return replace(z, kanal=kanaele[0]) if len(kanaele) == 1 and not z.kanal else z


def gruppe_des_standorts(z: Zeitraum) -> Zeitraum:
    """Ist ein Standort gewählt, zählt nur seine Standortgruppe (Pilot oder andere): die andere stünde in Tabelle,
    Diagrammen, CSV und API als leere Spalte da."""
    if not z.standort or z.gruppe:
        return z
    return replace(z, gruppe="pilot" if z.standort in pilotstandorte() else "andere")


def anlage5_der_teamleitung(z: Zeitraum, kanaele: list[str]) -> tuple[Arbeitsmittel, Bericht]:
    """Die Anlage 5, wie Seite, CSV und API sie einer Teamleitung zeigen — eine Rechnung für alle drei: der Filter
    `z` mit dem Kanal ihrer Rolle (`kanal_der_rolle`) und der Standortgruppe eines gewählten Standorts
    (`gruppe_des_standorts`; `Bericht.zeitraum` trägt sie), gezählt in ihren Kanälen `kanaele`
    (kontaktliste.kanaele_der_teamleitung), in der Fassung, die am Ende des Zeitraums gilt (`anlage5_nach_fassung`)."""
    return anlage5_nach_fassung(gruppe_des_standorts(kanal_der_rolle(z, kanaele)), kanaele)
