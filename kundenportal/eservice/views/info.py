"""Die Seiten zum eService, die jeder ohne Anmeldung erreicht (Fußzeile der Kundenseite): Datenschutz,
Barrierefreiheit, Hilfe und Kontakt, Impressum.

Kontaktangaben kommen aus den Einstellungen KUNDENPORTAL_ESERVICE_* (conf/settings.py), die Löschfristen aus
settings.LOESCHFRISTEN (betrieb/loeschfristen.py) — die Seite nennt die Zahlen, die der Betrieb wirklich anwendet."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def _kontakt() -> dict[str, str]:
    return {"telefon_service": settings.KUNDENPORTAL_ESERVICE_TELEFON_SERVICE,
            "zeiten_service": settings.KUNDENPORTAL_ESERVICE_ZEITEN_SERVICE,
            "telefon_technik": settings.KUNDENPORTAL_ESERVICE_TELEFON_TECHNIK}


def datenschutz(request: HttpRequest) -> HttpResponse:
    fristen = settings.LOESCHFRISTEN
    return render(request, "eservice/info/datenschutz.html", {
        "fristen": {art: int(fristen[art]) for art in ("kontakte", "protokoll", "anmeldeversuche", "mails")},
        "leerlauf": settings.KUNDENPORTAL_LEERLAUF_MINUTEN_KUNDE,
        "hoechstdauer": settings.SESSION_COOKIE_AGE // 3600,
        "dsb": settings.KUNDENPORTAL_ESERVICE_DATENSCHUTZ_KONTAKT, **_kontakt()})


def barrierefreiheit(request: HttpRequest) -> HttpResponse:
    return render(request, "eservice/info/barrierefreiheit.html",
                  {"barrieren_kontakt": settings.KUNDENPORTAL_ESERVICE_BARRIEREN_KONTAKT, **_kontakt()})


def hilfe(request: HttpRequest) -> HttpResponse:
    return render(request, "eservice/info/hilfe.html",
                  {"leerlauf": settings.KUNDENPORTAL_LEERLAUF_MINUTEN_KUNDE, **_kontakt()})


def impressum(request: HttpRequest) -> HttpResponse:
    return render(request, "eservice/info/impressum.html", {"impressum": settings.KUNDENPORTAL_ESERVICE_IMPRESSUM})
