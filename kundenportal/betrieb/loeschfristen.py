"""Löschfristen (Art. 5 Abs. 1 e DSGVO, § 84 SGB X): was nach Ablauf seiner Frist gelöscht wird —
einstellbar in Tagen (settings.LOESCHFRISTEN, Variablen KUNDENPORTAL_FRIST_*; docs/betrieb.md):

- kontakte       abgeschlossene Kontakte (Lauf, Vermerk) samt ihrer Mail, ab `abgeschlossen`
- mails          Rohmail und Anhänge erledigter Mails ab `erledigt_am`, verworfener ab `verworfen_am` (Kopfdaten und Protokoll bleiben
                 bis zur Kontaktfrist)
- verworfen      in der Quarantäne verworfene Mails ganz (Kopfdaten, Protokoll), mit der Frist der Kontakte ab
                 `verworfen_am`
- protokoll      Einträge des Zugriffsprotokolls, ab `zeit`
- qs             QS-Stichproben mit Bewertungen, ab `gezogen`
- anmeldeversuche Fehlversuche der Anmeldung (axes, eService), ab dem Versuch
- sitzungen      abgelaufene Sitzungen (immer)

Reihenfolge: QS vor Kontakten (eine Bewertung hält ihren Kontakt), Mails vor Kontakten. Vor dem Löschen
der Kontakte hält die Verdichtung sie in ihrem Gelöscht-Zähler fest (Tageszahlen der Anlagen 5/7 bleiben). Einmal täglich
über Celery beat (`betrieb.loeschen`) und von Hand: `manage.py loeschfristen [--dry-run]`."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet

logger = logging.getLogger("kundenportal.betrieb")


@dataclass(frozen=True)
class Posten:
    art: str
    beschreibung: str
    anzahl: int


def _stichtag(art: str, jetzt: dt.datetime) -> dt.datetime:
    return jetzt - dt.timedelta(days=int(settings.LOESCHFRISTEN[art]))


def _qs(jetzt: dt.datetime) -> QuerySet[Any]:
    from kundenportal.qs.models import Stichprobe

    return Stichprobe.objects.filter(gezogen__lt=_stichtag("qs", jetzt))


def _mails(jetzt: dt.datetime) -> QuerySet[Any]:
    from kundenportal.emb.models import Mail

    stichtag = _stichtag("mails", jetzt)      # erledigt ab `erledigt_am`, in der Quarantäne verworfen ab `verworfen_am`
    return (Mail.objects.filter(Q(status=Mail.Status.ERLEDIGT, erledigt_am__lt=stichtag)
                                | Q(status=Mail.Status.VERWORFEN, verworfen_am__lt=stichtag))
            .exclude(roh=b""))


def _kontakte(jetzt: dt.datetime) -> QuerySet[Any]:
    from kundenportal.gespraech.models import Kontakt

    return (Kontakt.objects.filter(status=Kontakt.ABGESCHLOSSEN,
                                   abgeschlossen__lt=_stichtag("kontakte", jetzt))
            .exclude(qs_bewertungen__stichprobe__gezogen__gte=_stichtag("qs", jetzt)))


def _protokoll(jetzt: dt.datetime) -> QuerySet[Any]:
    from kundenportal.konten.models import Zugriff

    return Zugriff.objects.filter(zeit__lt=_stichtag("protokoll", jetzt))


def _anmeldeversuche(jetzt: dt.datetime) -> list[QuerySet[Any]]:
    from axes.models import AccessAttempt, AccessFailureLog

    from kundenportal.eservice.models import AnmeldeVersuch

    grenze = _stichtag("anmeldeversuche", jetzt)
    return [AccessAttempt.objects.filter(attempt_time__lt=grenze), AccessFailureLog.objects.filter(
        attempt_time__lt=grenze), AnmeldeVersuch.objects.filter(zeitpunkt__lt=grenze)]


def _sitzungen(jetzt: dt.datetime) -> QuerySet[Any]:
    from kundenportal.konten.models import Sitzung

    return Sitzung.objects.filter(expire_date__lt=jetzt)


def faellig(jetzt: dt.datetime) -> list[Posten]:
    """Was jetzt zu löschen wäre (Probelauf): je Art die Anzahl — dieselben Arten wie `loeschen`."""
    return [
        Posten("qs", "QS-Stichproben (mit Bewertungen)", _qs(jetzt).count()),
        Posten("mails", "Rohmails und Anhänge erledigter und verworfener Mails", _mails(jetzt).count()),
        Posten("kontakte", "abgeschlossene Kontakte (mit Lauf, Vermerk und Mail)", _kontakte(jetzt).count()),
        Posten("verworfen", "verworfene Mails der Quarantäne (Kopfdaten, Protokoll)", _verworfene(jetzt).count()),
        Posten("protokoll", "Einträge im Zugriffsprotokoll", _protokoll(jetzt).count()),
        Posten("anmeldeversuche", "Anmeldeversuche", sum(q.count() for q in _anmeldeversuche(jetzt))),
        Posten("sitzungen", "abgelaufene Sitzungen", _sitzungen(jetzt).count()),
    ]


def _zaehlen_loeschen(abfrage: QuerySet[Any]) -> int:
    anzahl = abfrage.count()
    abfrage.delete()
    return int(anzahl)


def _mails_leeren(jetzt: dt.datetime) -> int:
    from kundenportal.emb.models import Anhang

    ids = list(_mails(jetzt).values_list("pk", flat=True))
    Anhang.objects.filter(mail_id__in=ids).delete()
    return int(_mails(jetzt).filter(pk__in=ids).update(roh=b""))


def _kontakte_loeschen(jetzt: dt.datetime) -> int:
    from kundenportal.emb.models import Mail
    from kundenportal.fuehrung.verdichtung import vor_dem_loeschen

    ids = list(_kontakte(jetzt).values_list("pk", flat=True))
    vor_dem_loeschen(ids)        # Tageszahlen der Anlagen 5/7 bleiben: Gelöscht-Zähler der Verdichtung
    Mail.objects.filter(kontakt_id__in=ids).delete()          # Mail hält ihren Kontakt (PROTECT)
    # Mails ohne Arbeitshilfe gingen mit ihrem Kontakt (CASCADE) — vorher gelöscht, zählt die Zahl nur Kontakte.
    Mail.objects.filter(kontakt_ohne_arbeitshilfe_id__in=ids).delete()
    return int(_kontakte(jetzt).filter(pk__in=ids).delete()[0])


def _verworfene(jetzt: dt.datetime) -> QuerySet[Any]:
    """In der Quarantäne verworfene Mails haben keinen Kontakt, der sie mitnähme: Kopfdaten und Protokoll gehen mit
    der Frist der Kontakte, ab `verworfen_am`."""
    from kundenportal.emb.models import Mail

    return Mail.objects.filter(status=Mail.Status.VERWORFEN, verworfen_am__lt=_stichtag("kontakte", jetzt))


def _verworfene_loeschen(jetzt: dt.datetime) -> int:
    abfrage = _verworfene(jetzt)
    _, je_modell = abfrage.delete()
    return int(je_modell.get(abfrage.model._meta.label, 0))          # gezählt die Mails, nicht ihre Protokollzeilen


@transaction.atomic
def loeschen(jetzt: dt.datetime) -> list[Posten]:
    """Löscht alles Fällige; gibt je Art die Anzahl zurück und schreibt sie ins Protokoll (nur Zahlen)."""
    schritte: list[tuple[str, str, Callable[[], int]]] = [
        ("qs", "QS-Stichproben (mit Bewertungen)", lambda: _zaehlen_loeschen(_qs(jetzt))),
        ("mails", "Rohmails und Anhänge erledigter und verworfener Mails", lambda: _mails_leeren(jetzt)),
        ("kontakte", "abgeschlossene Kontakte (mit Lauf, Vermerk und Mail)", lambda: _kontakte_loeschen(jetzt)),
        ("verworfen", "verworfene Mails der Quarantäne (Kopfdaten, Protokoll)", lambda: _verworfene_loeschen(jetzt)),
        ("protokoll", "Einträge im Zugriffsprotokoll", lambda: int(_protokoll(jetzt).delete()[0])),
        ("anmeldeversuche", "Anmeldeversuche", lambda: sum(int(q.delete()[0]) for q in _anmeldeversuche(jetzt))),
        ("sitzungen", "abgelaufene Sitzungen", lambda: int(_sitzungen(jetzt).delete()[0])),
    ]
    posten = []
    for art, beschreibung, tun in schritte:
        posten.append(Posten(art, beschreibung, int(tun())))
    logger.info("Löschfristen: %s", ", ".join(f"{p.art}={p.anzahl}" for p in posten))
    return posten
