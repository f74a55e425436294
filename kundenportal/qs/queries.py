"""Lesefragen der Qualitätssicherung: Stichproben eines Standorts, die QS-Quote je Anlage und Kriterium
(Anteil „erfüllt“ an den erfüllt/nicht erfüllt bewerteten Kontakten), die Kalibrierung eines Kontakts (nur
für Teamleitungen, die ihn schon bewertet haben: blind, kalibrierung.py) und die freigegebenen Ergebnisse
einer Beschäftigten. Bewertet werden Stichproben (wenige Dutzend Kontakte je Monat und Standort): die Quoten
zählt Python über die Urteile, nicht die Kontakte.

`kanaele` sind die Kanäle der Rechtskreise des Benutzers (konten.zugriff.qs_kanaele): Kontakte eines
anderen Rechtskreises zählen und erscheinen nicht, auch nicht in einer schon gezogenen Stichprobe."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, When

from kundenportal.konten import zugriff

from .formulare import formular_lesen
from .kalibrierung import Kalibrierungsstand, sieht_urteile
from .kalibrierung import stand as kalibrierung_stand
from .kriterien import ERFUELLT, NICHT_ERFUELLT, regel_anzeige
from .models import Bewertung, Kalibrierung, Stichprobe


def stichproben(standort: str | None, kanaele: Collection[str]) -> QuerySet[Stichprobe]:
    im_kreis = Q(bewertungen__kontakt__kanal__in=list(kanaele))
    return Stichprobe.objects.filter(standort=standort or "").annotate(
        anzahl=Count("bewertungen", filter=im_kreis),
        bewertet=Count("bewertungen", filter=im_kreis & Q(bewertungen__bewertet__isnull=False))).filter(anzahl__gt=0)


def stichprobe(stichprobe_id: Any) -> Stichprobe | None:
    return Stichprobe.objects.filter(pk=stichprobe_id).first()


def bewertungen(stichprobe: Stichprobe, kanaele: Collection[str]) -> QuerySet[Bewertung]:
    """Die Bewertungen der Kontakte aus `kanaele`; `teamleitungen`: wie viele ihn bewertet haben (Erstbewertung und
    Kalibrierungen, 0: unbewertet) — eine Zahl, keine Urteile, also auch für blind Kalibrierende."""
    return stichprobe.bewertungen.filter(kontakt__kanal__in=list(kanaele)).select_related("kontakt").annotate(
        teamleitungen=Count("kalibrierungen") + Case(When(bewertet__isnull=False, then=1), default=0)
    ).order_by("nummer")


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


def _bewertet(standort: str | None, von: dt.date, bis: dt.date,
              kanaele: Collection[str] | None) -> QuerySet[Bewertung]:
    bewertet = Bewertung.objects.filter(bewertet__isnull=False, kontakt__abgeschlossen__date__gte=von,
                                        kontakt__abgeschlossen__date__lte=bis)
    if standort is not None:
        bewertet = bewertet.filter(stichprobe__standort=standort)
    if kanaele is not None:
        bewertet = bewertet.filter(kontakt__kanal__in=list(kanaele))
    return bewertet


def _in_kalibrierung_blind(bewertet: QuerySet[Bewertung], user: Any) -> QuerySet[Bewertung]:
    """Die Bewertungen aus `bewertet`, deren Kalibrierung läuft (mindestens eine Kalibrierung gespeichert), die
    `user` aber weder erstbewertet noch kalibriert hat: für ihn blind (kalibrierung.sieht_urteile)."""
    pk = getattr(user, "pk", None)
    return bewertet.filter(Exists(Kalibrierung.objects.filter(bewertung=OuterRef("pk")))).exclude(
        pruefer_id=pk).exclude(Exists(Kalibrierung.objects.filter(bewertung=OuterRef("pk"), pruefer_id=pk)))


def blind_zurueckgehalten(user: Any, *, standort: str | None, von: dt.date, bis: dt.date,
                          kanaele: Collection[str] | None = None) -> int:
    """Wie viele bewertete Kontakte des Zeitraums `quoten(blind_fuer=user)` auslässt (laufende Kalibrierung)."""
    return _in_kalibrierung_blind(_bewertet(standort, von, bis, kanaele), user).count()


def quoten(*, standort: str | None, von: dt.date, bis: dt.date,
           kanaele: Collection[str] | None = None, blind_fuer: Any = None) -> list[Quotenzeile]:
    """Je Anlage und Kriterium die QS-Quote der bewerteten Kontakte, die von `von` bis `bis` abgeschlossen
    wurden (`standort` None: alle Standorte; `kanaele` None: alle Kanäle).

    `blind_fuer` (die Teamleitung, die die Seite sieht): Kontakte in laufender Kalibrierung, die sie noch nicht
    bewertet hat, zählen nicht mit — sonst verriete die Quote eines Tages mit nur diesem Kontakt die Urteile
    der Erstbewertung vor der eigenen Kalibrierung (blind, Anlage 2.2.6)."""
    bewertet = _bewertet(standort, von, bis, kanaele)
    if blind_fuer is not None:
        bewertet = bewertet.exclude(pk__in=_in_kalibrierung_blind(bewertet, blind_fuer).values("pk"))
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


def kalibrierung(user: Any, bewertung: Bewertung) -> Kalibrierungsstand | None:
    """Die Kalibrierung eines Kontakts (Teamleitungen gegen die Mindestzahl, Streuung je Kriterium, Hinweise nach
    Anlage 2.2.6), wie `user` sie sehen darf — None, solange nicht: ohne Recht auf den Kontakt
    (zugriff.darf_qs_bewertung_sehen) oder blind, weil `user` ihn noch kalibrieren soll
    (kalibrierung.sieht_urteile). Die Seite bekommt die Urteile anderer also gar nicht erst. Entschieden wird
    über den gespeicherten Stand, nicht über eine vielleicht ältere Kopie in `bewertung`."""
    aktuell = Bewertung.objects.select_related("stichprobe", "kontakt", "pruefer").get(pk=bewertung.pk)
    if not zugriff.darf_qs_bewertung_sehen(user, aktuell) or not sieht_urteile(user, aktuell):
        return None
    return kalibrierung_stand(aktuell)


def eigene_kalibrierung(user: Any, bewertung: Bewertung) -> Kalibrierung | None:
    return bewertung.kalibrierungen.filter(pruefer_id=getattr(user, "pk", None)).first()


def freigegeben_fuer(user: Any) -> QuerySet[Bewertung]:
    """Die freigegebenen Bewertungen der Kontakte, die `user` geführt hat (Freigabe an die Beschäftigten)."""
    return Bewertung.objects.filter(kontakt__user=user, freigegeben__isnull=False).select_related(
        "kontakt").order_by("-freigegeben")
