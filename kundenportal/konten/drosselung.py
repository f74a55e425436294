"""Drosselung der Anmeldung (django-axes) für Beschäftigte und Kunden: je Konto und je Client-Adresse
gezählt, nach KUNDENPORTAL_ANMELDUNG_FEHLVERSUCHE Fehlversuchen für KUNDENPORTAL_ANMELDUNG_SPERRE_MINUTEN
gesperrt; jede Sperre schreibt eine Zeile ins Protokoll (Logger `kundenportal.anmeldung`).

Die Beschäftigten melden sich über Djangos Anmeldung an (axes hängt sich an `authenticate`). Die
Kundenanmeldung (eservice) ruft `kunde_darf_anmelden` / `kunde_fehlversuch` / `kunde_erfolg`; als Konto
zählt ein Pseudonym der Kundennummer, damit keine Kundennummer in axes' Tabellen und Protokollen steht."""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

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


def sperrmerkmale(anfrage_oder_versuch: Any, zugang: dict[str, Any] | None = None) -> list[str]:
    """Wonach axes zählt (AXES_LOCKOUT_PARAMETERS): Beschäftigte je Konto und je Adresse; Kunden nur je
    Adresse — ihr Konto sperrt schon eservice.services.kunde_anmelden (fünf Fehlversuche, 15 Minuten)."""
    name = (zugang or {}).get("username") or getattr(anfrage_oder_versuch, "username", "") or ""
    return ["ip_address"] if str(name).startswith("kunde-") else ["username", "ip_address"]


def fehlversuche_grenze(anfrage: Any, zugang: dict[str, Any] | None = None) -> int:
    """AXES_FAILURE_LIMIT: Beschäftigte KUNDENPORTAL_ANMELDUNG_FEHLVERSUCHE (5); Kunden je Adresse
    KUNDENPORTAL_KUNDE_FEHLVERSUCHE_JE_ADRESSE (20) — höher als die Kontosperre, damit ein Haushalt oder ein
    Netz mit gemeinsamer Adresse nicht an einer einzelnen Kundennummer hängt."""
    name = str((zugang or {}).get("username") or "")
    if name.startswith("kunde-"):
        return int(settings.KUNDENPORTAL_KUNDE_FEHLVERSUCHE_JE_ADRESSE)
    return int(settings.KUNDENPORTAL_ANMELDUNG_FEHLVERSUCHE)


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
              **kwargs: Any) -> None:
    logger.warning("Anmeldung gesperrt: konto=%s adresse=%s", username or "-", ip_address or "-")


@receiver(user_logged_in)
def _angemeldet(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    logger.info("Anmeldung: benutzer=%s", getattr(user, "pk", "-"))
