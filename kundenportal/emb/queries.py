"""Lesen für die Warteschlange: älteste zuerst, mit Filtern."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Antwort, Mail


def warteschlange(*, klasse: str = "", status: str = "", kundennummer: str = "", bearbeiter: str = "",
                  nur_warnungen: bool = False) -> QuerySet[Mail]:
    mails = Mail.objects.defer("roh").order_by("eingegangen", "id")
    mails = mails.filter(status=status) if status else mails.exclude(status=Mail.Status.ERLEDIGT)
    if klasse:
        mails = mails.filter(klasse=klasse) | mails.filter(klasse="", vorschlag=klasse)
    if kundennummer:
        mails = mails.filter(kundennummer=kundennummer.strip().upper())
    if bearbeiter:
        mails = mails.filter(bearbeiter=bearbeiter)
    if nur_warnungen:
        mails = mails.exclude(warnungen=[])
    return mails


def offene_antworten() -> QuerySet[Antwort]:
    """Fehlgeschlagene und unzustellbare Antworten: sichtbar, bis sie gesendet sind."""
    return Antwort.objects.filter(status__in=[Antwort.Status.FEHLGESCHLAGEN, Antwort.Status.UNZUSTELLBAR,
                                              Antwort.Status.WARTEND]).select_related("mail")
