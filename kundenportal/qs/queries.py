"""Lesefragen der Qualitätssicherung: Stichproben eines Standorts, die QS-Quote je Anlage und Kriterium
(Anteil „erfüllt“ an den erfüllt/nicht erfüllt bewerteten Kontakten), die Streuung der Kalibrierung und
die freigegebenen Ergebnisse einer Beschäftigten. Bewertet werden Stichproben (wenige Dutzend Kontakte je
Monat und Standort): die Quoten zählt Python über die Urteile, nicht die Kontakte.

`kanaele` sind die Kanäle der Rechtskreise des Benutzers (konten.zugriff.qs_kanaele): Kontakte eines
anderen Rechtskreises zählen und erscheinen nicht, auch nicht in einer schon gezogenen Stichprobe."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from .formulare import formular_lesen
from .kriterien import ERFUELLT, NICHT_ERFUELLT, URTEILE, regel_anzeige
from .models import Bewertung, Stichprobe


def stichproben(standort: str | None, kanaele: Collection[str]) -> QuerySet[Stichprobe]:
    im_kreis = Q(bewertungen__kontakt__kanal__in=list(kanaele))
    return Stichprobe.objects.filter(standort=standort or "").annotate(
        anzahl=Count("bewertungen", filter=im_kreis),
        bewertet=Count("bewertungen", filter=im_kreis & Q(bewertungen__bewertet__isnull=False))).filter(anzahl__gt=0)


def stichprobe(stichprobe_id: Any) -> Stichprobe | None:
    return Stichprobe.objects.filter(pk=stichprobe_id).first()


def bewertungen(stichprobe: Stichprobe, kanaele: Collection[str]) -> QuerySet[Bewertung]:
    return stichprobe.bewertungen.filter(kontakt__kanal__in=list(kanaele)).select_related("kontakt").order_by("nummer")


def bewertung(bewertung_id: Any) -> Bewertung | None:
    return Bewertung.objects.filter(pk=bewertung_id).select_related("stichprobe", "kontakt").first()


@dataclass(frozen=True)
class Quote:
    erfuellt: int
    bewertet: int           # erfüllt + nicht erfüllt („nicht anwendbar“ zählt nicht)

    @property
    def anteil(self) -> float | None:
        return self.erfuellt / self.bewertet if self.bewertet else None


@dataclass(frozen=True)
class Quotenzeile:
    anlage: str            # "2.2.1"
    kriterium: str         # id
    text: str
    regel: str
    quote: Quote

    @property
    def schluessel(self) -> str:
        return f"{self.anlage}:{self.kriterium}"

    @property
    def regel_text(self) -> str:
        """Die Regel, wie die Seite sie zeigt (ohne Verweise auf die interne Projektbeschreibung)."""
        return regel_anzeige(self.regel)


def quoten(*, standort: str | None, von: dt.date, bis: dt.date,
           kanaele: Collection[str] | None = None) -> list[Quotenzeile]:
    """Je Anlage und Kriterium die QS-Quote der bewerteten Kontakte, die von `von` bis `bis` abgeschlossen
    wurden (`standort` None: alle Standorte; `kanaele` None: alle Kanäle)."""
    bewertet = Bewertung.objects.filter(bewertet__isnull=False, kontakt__abgeschlossen__date__gte=von,
                                        kontakt__abgeschlossen__date__lte=bis)
    if standort is not None:
        bewertet = bewertet.filter(stichprobe__standort=standort)
    if kanaele is not None:
        bewertet = bewertet.filter(kontakt__kanal__in=list(kanaele))
    zaehler: dict[tuple[str, str], list[int]] = {}
    texte: dict[tuple[str, str], tuple[str, str]] = {}
    for formular, urteile in bewertet.values_list("formular", "urteile"):
        bogen = formular_lesen(formular)
        if bogen is None:
            continue
        for k in (k for k in bogen.kriterien if k.id in urteile):
            schluessel = (bogen.anlage.nummer, k.id)
            texte.setdefault(schluessel, (k.text, k.regel))
            z = zaehler.setdefault(schluessel, [0, 0])
            z[0] += urteile.get(k.id) == ERFUELLT
            z[1] += urteile.get(k.id) in (ERFUELLT, NICHT_ERFUELLT)
    return [Quotenzeile(a, k, *texte[(a, k)], Quote(*zaehler[(a, k)])) for a, k in sorted(zaehler)]


@dataclass(frozen=True)
class Streuung:
    """Die Kalibrierung eines Kriteriums: Urteile aller Teamleitungen und ob sie auseinandergehen."""

    text: str
    urteile: list[tuple[str, str]]          # (Teamleitung, Urteil als Text)
    anteil_abweichend: float                # Anteil der Urteile, die vom häufigsten abweichen

    @property
    def einig(self) -> bool:
        return self.anteil_abweichend == 0


def streuung(bewertung: Bewertung) -> list[Streuung]:
    """Je Kriterium die Urteile der Bewertung und aller Kalibrierungen (Anlage 2.2.6)."""
    bogen = formular_lesen(bewertung.formular)
    if bogen is None or bewertung.bewertet is None:
        return []
    runden = [(bewertung.pruefer.get_username() if bewertung.pruefer else "", bewertung.urteile)]
    runden += [(k.pruefer.get_username(), k.urteile) for k in bewertung.kalibrierungen.select_related("pruefer")]
    ergebnis = []
    for k in (k for k in bogen.kriterien if k.id in bewertung.urteile):
        urteile = [(wer, u.get(k.id, "")) for wer, u in runden]
        werte = [u for _, u in urteile]
        haeufigstes = max(set(werte), key=werte.count)
        ergebnis.append(Streuung(k.text, [(wer, URTEILE.get(u, "—")) for wer, u in urteile],
                                 sum(1 for w in werte if w != haeufigstes) / len(werte)))
    return ergebnis


def freigegeben_fuer(user: Any) -> QuerySet[Bewertung]:
    """Die freigegebenen Bewertungen der Kontakte, die `user` geführt hat (Freigabe an die Beschäftigten)."""
    return Bewertung.objects.filter(kontakt__user=user, freigegeben__isnull=False).select_related(
        "kontakt").order_by("-freigegeben")
