"""Lesen der Änderungshinweise: welche eine Beschäftigte sieht und wer einen Hinweis noch nicht bestätigt hat (für
die Teamleitung) — beides nach derselben Regel (`gilt_fuer`).

Ein Hinweis betrifft eine Beschäftigte, wenn ihre Rolle einen Kanal des Leitfadens führt UND die Fassung des
Hinweises heute an ihrem Standort (konten.zugriff.standort_fuer) die geltende ist — die, auf der ihre Gespräche
laufen (gueltigkeit.aufloesen, wie gespraech.services.kontakt_starten). Eine Standortvariante (Geltungsbereich,
Pilotvariante) erreicht so nur die Beschäftigten dort; eine abgelöste Fassung niemanden mehr.

Ohne hinterlegten Standort laufen die Gespräche einer Beschäftigten auf der bundesweiten Fassung (kein Standort
liegt in einem Geltungsbereich, keine Pilotregel greift): sie sieht die Hinweise zu bundesweiten Fassungen, nicht die
zu Standortvarianten — sie sähe sonst eine Änderung, die in ihren Gesprächen nicht vorkommt."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from kundenportal import zeit
from kundenportal.konten.rollen import ROLLEN
from kundenportal.konten.zugriff import kanaele_fuer, standort_fuer
from kundenportal.leitfaden import geltung_lesbar
from kundenportal.leitfaden.gueltigkeit import aufloesen
from kundenportal.leitfaden.katalog import Fassung, Katalog

from .models import Aenderungshinweis, Lesebestaetigung
from .queries import hinweise_bis, katalog_aus_datenbank


def _kanaele(katalog: Katalog, leitfaden_id: str) -> set[str]:
    lf = katalog.leitfaeden.get(leitfaden_id)
    return set(lf.kopf.kanaele) if lf else set()


def _fassung(katalog: Katalog, hinweis: Aenderungshinweis) -> Fassung | None:
    lf = katalog.leitfaeden.get(hinweis.leitfaden_id)
    stand = hinweis.fassung.stand
    return lf.fassung(stand) if lf is not None and stand is not None else None


def gilt_fuer(katalog: Katalog, hinweis: Aenderungshinweis, standort: str | None, heute: dt.date) -> bool:
    """Ist die Fassung des Hinweises am `heute` in `standort` die geltende (die, auf der Gespräche dort laufen)?"""
    fassung = _fassung(katalog, hinweis)
    if fassung is None:
        return False
    lf = katalog.leitfaeden[hinweis.leitfaden_id]
    geltend = aufloesen(katalog, lf.kopf.variante_von or lf.id, heute, standort)
    return geltend is not None and geltend.schluessel == fassung.schluessel


def betrifft(user: Any, hinweis: Aenderungshinweis, heute: dt.date | None = None) -> bool:
    """Kanal der Rolle UND am Standort der Beschäftigten die geltende Fassung. `heute`: ohne Angabe der Tag nach
    der Uhr des Portals (die Aufrufer an der Grenze: Bestätigen im Browser und in der API)."""
    katalog = katalog_aus_datenbank()
    if not _kanaele(katalog, hinweis.leitfaden_id) & set(kanaele_fuer(user)):
        return False
    return gilt_fuer(katalog, hinweis, standort_fuer(user), heute or zeit.heute())


def offene_hinweise(user: Any, heute: dt.date, leitfaden_id: str = "") -> list[Aenderungshinweis]:
    """Gültige, noch nicht bestätigte Hinweise, die die Beschäftigte betreffen (Kanal und Standort, `betrifft`)."""
    kanaele = set(kanaele_fuer(user))
    if not kanaele:
        return []
    qs = hinweise_bis(heute).exclude(bestaetigungen__user=user).select_related("fassung")
    if leitfaden_id:
        qs = qs.filter(leitfaden_id=leitfaden_id)
    katalog = katalog_aus_datenbank()
    standort = standort_fuer(user)
    return [h for h in qs if _kanaele(katalog, h.leitfaden_id) & kanaele and gilt_fuer(katalog, h, standort, heute)]


def neu_seit(leitfaden_id: str, heute: dt.date, tage: int = 30, user: Any = None) -> Aenderungshinweis | None:
    """Der jüngste Hinweis zum Leitfaden der letzten `tage` Tage („neu seit 20.03.2020“), der die Beschäftigte
    `user` betrifft (Standort wie `betrifft`). Ohne `user` nur einer zu einer bundesweit geltenden Fassung: ohne
    Standort lässt sich eine Standortvariante niemandem zuschreiben."""
    katalog = katalog_aus_datenbank()
    standort = standort_fuer(user) if user is not None else None
    kandidaten = hinweise_bis(heute).filter(leitfaden_id=leitfaden_id, gilt_ab__gte=heute - dt.timedelta(days=tage)
                                            ).select_related("fassung").order_by("-gilt_ab")
    return next((h for h in kandidaten if gilt_fuer(katalog, h, standort, heute)), None)


@dataclass(frozen=True)
class Lesestand:
    """Ein Hinweis für die Teamleitung: wer ihn bestätigt hat, wer nicht (nur wen er betrifft, `betrifft`), und wo
    die Fassung gilt („nur in Brühl und Fürth“; "" bei einer bundesweiten)."""

    hinweis: Aenderungshinweis
    gelesen: list[Any]
    offen: list[Any]
    geltung: str


def geltung_text(hinweis: Aenderungshinweis, katalog: Katalog | None = None) -> str:
    """„nur in Brühl und Fürth“ für einen Hinweis zu einer Standortvariante, "" für einen zu einer bundesweiten."""
    katalog = katalog or katalog_aus_datenbank()
    fassung = _fassung(katalog, hinweis)
    lf = katalog.leitfaeden.get(hinweis.leitfaden_id)
    if fassung is None or lf is None or not geltung_lesbar.eingeschraenkt(lf, fassung):
        return ""
    return geltung_lesbar.geltung(katalog, lf, fassung)


def lesestand(hinweis: Aenderungshinweis, standort: str | None, heute: dt.date) -> tuple[list[Any], list[Any]]:
    """(bestätigt, offen): die Beschäftigten, die der Hinweis betrifft (Kanal der Rolle und geltende Fassung an ihrem
    Standort, wie `betrifft`) — mit `standort` nur die dort und die ohne hinterlegten Standort."""
    katalog = katalog_aus_datenbank()
    kanaele = _kanaele(katalog, hinweis.leitfaden_id)
    rollen = [r.schluessel for r in ROLLEN.values() if set(r.kanaele) & kanaele]
    nutzer = get_user_model().objects.filter(groups__name__in=rollen, is_active=True).distinct().order_by("username")
    gelesen = set(Lesebestaetigung.objects.filter(hinweis=hinweis).values_list("user_id", flat=True))
    gilt: dict[str | None, bool] = {}
    betroffene = []
    for u in nutzer:
        ort = standort_fuer(u)
        if standort is not None and ort not in (standort, None):
            continue
        if ort not in gilt:
            gilt[ort] = gilt_fuer(katalog, hinweis, ort, heute)
        if gilt[ort]:
            betroffene.append(u)
    return [u for u in betroffene if u.pk in gelesen], [u for u in betroffene if u.pk not in gelesen]


def lesestaende(standort: str | None, heute: dt.date) -> list[Lesestand]:
    """Die gültigen Hinweise (neueste zuerst, höchstens 50) mit ihrem Lesestand für die Teamleitung am `standort`."""
    katalog = katalog_aus_datenbank()
    return [Lesestand(h, *lesestand(h, standort, heute), geltung=geltung_text(h, katalog))
            for h in hinweise_fuer_teamleitung(heute)]


def hinweise_fuer_teamleitung(heute: dt.date) -> list[Aenderungshinweis]:
    return list(hinweise_bis(heute).select_related("fassung").order_by("-gilt_ab")[:50])
