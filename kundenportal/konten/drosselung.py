"""Drosselung der Anmeldung (django-axes) für Beschäftigte und Kunden, gesperrt jeweils für
KUNDENPORTAL_ANMELDUNG_SPERRE_MINUTEN; jede Sperre schreibt eine Zeile ins Protokoll (Logger
`kundenportal.anmeldung`).

Beschäftigte: je Konto nach KUNDENPORTAL_ANMELDUNG_FEHLVERSUCHE (5) Fehlversuchen, gleich von wo; je
Client-Adresse erst nach KUNDENPORTAL_ANMELDUNG_FEHLVERSUCHE_ADRESSE (50) Fehlversuchen über alle Konten —
hinter dem gemeinsamen Proxy/NAT einer Agentur teilen sich alle Beschäftigten eine Adresse, fünf Tippfehler
einer Person dürfen nicht alle aussperren; wer von einer Adresse viele Konten durchprobiert, wird trotzdem
gestoppt. axes vergleicht nur eine Grenze mit seinen Zählern, darum zählt axes je Konto (`sperrmerkmale`) und
die Adressgrenze prüft der eigene Handler `Drosselung` (AXES_HANDLER) aus denselben Zeilen von axes
(AccessAttempt): beim Prüfen vor der Passwortprüfung (`is_locked`) und nach jedem Fehlversuch.

Die Beschäftigten melden sich über Djangos Anmeldung an (axes hängt sich an `authenticate`). Die
Kundenanmeldung (eservice) ruft `kunde_darf_anmelden` / `kunde_fehlversuch` / `kunde_erfolg`; als Konto
zählt ein Pseudonym der Kundennummer, damit keine Kundennummer in axes' Tabellen und Protokollen steht."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
from collections.abc import Callable
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models import QuerySet, Sum
from django.dispatch import receiver
from django.http import HttpRequest

from kundenportal import zeit

logger = logging.getLogger("kundenportal.anmeldung")


def client_adresse(request: HttpRequest) -> str:
    """Die Adresse des Clients: REMOTE_ADDR, oder hinter KUNDENPORTAL_PROXY_ANZAHL eigenen Proxys der
    Eintrag in X-Forwarded-For, den der äußerste eigene Proxy gesehen hat (von rechts gezählt; was der
    Client selbst voranstellt, zählt nicht)."""
    anzahl = int(getattr(settings, "KUNDENPORTAL_PROXY_ANZAHL", 0))
    kette = [t.strip() for t in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if t.strip()]
    if anzahl > 0 and len(kette) >= anzahl:
        return str(kette[-anzahl])[:64]
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


GESPERRT_KUNDE = ("Zu viele fehlgeschlagene Anmeldeversuche von diesem Anschluss. Aus Sicherheitsgründen ist die "
                  "Anmeldung für einige Minuten gesperrt. Bitte versuchen Sie es danach erneut.")


def _ist_kunde(name: Any) -> bool:
    return str(name or "").startswith("kunde-")


def sperrmerkmale(anfrage_oder_versuch: Any, zugang: dict[str, Any] | None = None) -> list[str]:
    """Wonach axes zählt (AXES_LOCKOUT_PARAMETERS): Beschäftigte je Konto — ihre Adresse prüft `Drosselung`
    mit eigener, höherer Grenze; Kunden nur je Adresse — ihr Konto sperrt schon eservice.services.kunde_anmelden
    (fünf Fehlversuche, 15 Minuten)."""
    name = (zugang or {}).get("username") or getattr(anfrage_oder_versuch, "username", "") or ""
    return ["ip_address"] if _ist_kunde(name) else ["username"]


def fehlversuche_grenze(anfrage: Any, zugang: dict[str, Any] | None = None) -> int:
    """AXES_FAILURE_LIMIT, die Grenze für das, was axes zählt (`sperrmerkmale`): Beschäftigte je Konto
    KUNDENPORTAL_ANMELDUNG_FEHLVERSUCHE (5); Kunden je Adresse KUNDENPORTAL_KUNDE_FEHLVERSUCHE_JE_ADRESSE (20) —
    höher als die Kontosperre, damit ein Haushalt oder ein Netz mit gemeinsamer Adresse nicht an einer einzelnen
    Kundennummer hängt."""
    if _ist_kunde((zugang or {}).get("username")):
        return int(settings.KUNDENPORTAL_KUNDE_FEHLVERSUCHE_JE_ADRESSE)
    return int(settings.KUNDENPORTAL_ANMELDUNG_FEHLVERSUCHE)


def _in_der_sperrdauer(schwelle: Callable[[], dt.datetime]) -> QuerySet[Any]:
    """Die Zeilen von axes, deren letzter Fehlversuch in der Sperrdauer liegt (ab `schwelle()`; ohne Sperrdauer alle)
    — eine Regel für die Prüfung einer Anmeldung und für die Liste der Verwaltung."""
    versuche: QuerySet[Any] = AccessAttempt.objects.all()
    return versuche if settings.AXES_COOLOFF_TIME is None else versuche.filter(attempt_time__gte=schwelle())


def fehlversuche_der_adresse(request: HttpRequest) -> int:
    """Die Fehlversuche von der Adresse der Anfrage über alle Konten, so gezählt wie axes' eigener Zähler
    „ip_address“: die Zeilen, deren letzter Fehlversuch in der Sperrdauer liegt."""
    versuche = _in_der_sperrdauer(lambda: get_cool_off_threshold(request))
    versuche = versuche.filter(ip_address=request.axes_ip_address)  # type: ignore[attr-defined]
    return int(versuche.aggregate(n=Sum("failures_since_start"))["n"] or 0)


def gesperrte_adressen() -> list[str]:
    """Die Adressen, von denen die Anmeldung der Beschäftigten jetzt gesperrt ist (KUNDENPORTAL_ANMELDUNG_FEHLVERSUCHE_
    ADRESSE Fehlversuche in der Sperrdauer, gezählt wie `fehlversuche_der_adresse`) — für die Verwaltung, die eine
    Kontosperre aufhebt: eine Sperre der Adresse hebt das nicht auf (`manage.py axes_reset_ip ADRESSE`)."""
    versuche = _in_der_sperrdauer(lambda: zeit.echt() - settings.AXES_COOLOFF_TIME)
    grenze = int(settings.KUNDENPORTAL_ANMELDUNG_FEHLVERSUCHE_ADRESSE)
    return sorted(str(a) for a in versuche.values("ip_address").annotate(n=Sum("failures_since_start"))
                  .filter(n__gte=grenze).values_list("ip_address", flat=True))


def bis_wann(bis: dt.datetime, jetzt: dt.datetime) -> str:
    """„bis 20:44 Uhr“ — mit dem Tag, wenn er nicht heute ist (Berliner Zeit): „bis morgen, 00:14 Uhr“ oder „bis
    08.12.2026, 00:14 Uhr“. Die Uhrzeit allein führte nach Mitternacht oder bei langer Sperrdauer in die Irre.
    `jetzt`: die Wanduhr (zeit.echt), nicht der Stichtag — eine Sperre läuft auch in der Schulung echt ab."""
    ende, heute = bis.astimezone(zeit.BERLIN), jetzt.astimezone(zeit.BERLIN).date()
    if ende.date() == heute:
        return f"bis {ende:%H:%M} Uhr"
    if ende.date() == heute + dt.timedelta(days=1):
        return f"bis morgen, {ende:%H:%M} Uhr"
    return f"bis {ende:%d.%m.%Y}, {ende:%H:%M} Uhr"


def sperre_bis(request: HttpRequest) -> dt.datetime | None:
    """Wann die Sperre dieser Anfrage endet: eine Sperrdauer nach dem letzten gezählten Fehlversuch — des Kontos,
    wenn es gesperrt ist, sonst (Kunden, Sperre je Adresse) der Adresse; bei der Adresse ist das die späteste Zeit
    (zählt sie mehrere Konten, kann sie früher enden). None ohne Sperrdauer oder ohne gezählten Versuch."""
    from axes.helpers import get_cool_off

    dauer = get_cool_off(request)
    if not dauer:
        return None
    zugang = getattr(request, "axes_credentials", None) or {}
    name = str(zugang.get("username") or (request.POST.get("username", "") if request.method == "POST" else ""))
    versuche: QuerySet[Any] = AccessAttempt.objects.none()
    if name and not _ist_kunde(name):
        konto = AccessAttempt.objects.filter(username=name)
        if (konto.aggregate(n=Sum("failures_since_start"))["n"] or 0) >= int(
                settings.KUNDENPORTAL_ANMELDUNG_FEHLVERSUCHE):
            versuche = konto
    adresse = getattr(request, "axes_ip_address", None) or client_adresse(request)
    if not versuche.exists() and adresse:
        versuche = AccessAttempt.objects.filter(ip_address=adresse)
    letzter = versuche.order_by("-attempt_time").values_list("attempt_time", flat=True).first()
    return letzter + dauer if letzter else None


class Drosselung(AxesDatabaseHandler):  # type: ignore[misc]
    """axes' Datenbank-Handler (AXES_HANDLER) mit der zweiten Grenze für Beschäftigte: je Client-Adresse
    KUNDENPORTAL_ANMELDUNG_FEHLVERSUCHE_ADRESSE (50) über alle Konten. Kunden bleiben, wie axes sie zählt.

    Versuche, die allein die Adresssperre abweist, zählen nicht: weder für das Konto (sonst sperrten
    Beschäftigte, die es mit richtigem Passwort weiter versuchen, nach fünf Versuchen ihr eigenes Konto) noch
    für die Adresse (sonst hielten sie die Sperre offen). Sie endet damit spätestens eine Sperrdauer nach dem
    letzten gezählten Fehlversuch von dort; `manage.py axes_reset_ip ADRESSE` hebt sie sofort auf."""

    def _adresse_gesperrt(self, request: HttpRequest, zugang: dict[str, Any] | None) -> bool:
        if not getattr(settings, "AXES_LOCK_OUT_AT_FAILURE", True) or _ist_kunde((zugang or {}).get("username")):
            return False
        return fehlversuche_der_adresse(request) >= int(settings.KUNDENPORTAL_ANMELDUNG_FEHLVERSUCHE_ADRESSE)

    def _adresse_sperren(self, request: HttpRequest, zugang: dict[str, Any] | None) -> None:
        request.axes_locked_out = True  # type: ignore[attr-defined]
        request.axes_credentials = zugang  # type: ignore[attr-defined]
        user_locked_out.send("axes", request=request, username=(zugang or {}).get("username"),
                             ip_address=request.axes_ip_address, sperre="adresse")  # type: ignore[attr-defined]

    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        return bool(super().is_locked(request, credentials)) or self._adresse_gesperrt(request, credentials)

    def user_login_failed(self, sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None,
                          **kwargs: Any) -> None:
        if (request is not None and not request.axes_locked_out  # type: ignore[attr-defined]
                and not self.is_whitelisted(request, credentials)
                and self._adresse_gesperrt(request, credentials)
                and not super().is_locked(request, credentials)):
            self._adresse_sperren(request, credentials)   # von der Adresssperre abgewiesen: nicht gezählt
            return
        super().user_login_failed(sender, credentials, request, **kwargs)
        if (request is not None and not request.axes_locked_out  # type: ignore[attr-defined]
                and not self.is_whitelisted(request, credentials)
                and self._adresse_gesperrt(request, credentials)):
            self._adresse_sperren(request, credentials)   # dieser Fehlversuch erreichte die Grenze der Adresse


def kunden_pseudonym(kundennummer: str) -> str:
    mac = hmac.new(settings.SECRET_KEY.encode(), kundennummer.strip().upper().encode(), hashlib.sha256)
    return "kunde-" + mac.hexdigest()[:20]


def _zugang(kundennummer: str) -> dict[str, str]:
    return {"username": kunden_pseudonym(kundennummer)}


def kunde_darf_anmelden(request: HttpRequest, kundennummer: str) -> bool:
    return bool(AxesProxyHandler.is_allowed(request, _zugang(kundennummer)))


def kunde_fehlversuch(request: HttpRequest, kundennummer: str) -> None:
    user_login_failed.send(sender=__name__, credentials=_zugang(kundennummer), request=request)


def kunde_erfolg(request: HttpRequest, kundennummer: str) -> None:
    """Setzt die Fehlversuche des Kontos zurück (wie axes bei Beschäftigten, AXES_RESET_ON_SUCCESS)."""
    from axes.utils import reset

    reset(username=kunden_pseudonym(kundennummer))


@receiver(user_locked_out)
def _gesperrt(sender: Any, request: HttpRequest, username: str | None = None, ip_address: str | None = None,
              sperre: str = "", **kwargs: Any) -> None:
    if sperre == "adresse":
        logger.warning("Anmeldung gesperrt je Adresse: adresse=%s (zuletzt konto=%s)", ip_address or "-",
                       username or "-")
    else:
        logger.warning("Anmeldung gesperrt: konto=%s adresse=%s", username or "-", ip_address or "-")


@receiver(user_logged_in)
def _angemeldet(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    logger.info("Anmeldung: benutzer=%s", getattr(user, "pk", "-"))
