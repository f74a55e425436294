"""Fehlerseite 405 in der App-Hülle: Wer eine Adresse, die nur abgeschickte Formulare annimmt, per GET aufruft
(neu geladen, Lesezeichen, Zurück im Browser), bekam von Djangos `require_POST` eine leere weiße Seite. Jetzt
steht dort auf Deutsch, was passiert ist, und ein Weg zurück: zur übergeordneten Seite, wenn es sie gibt, sonst zur
Startseite. Status und `Allow` bleiben; /api/ antwortet weiter als JSON (api.fehler.ApiHuelle), htmx-Anfragen
bleiben unverändert (htmx tauscht Fehlerantworten nicht ein)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve

from .fehlerseiten import KUNDENSEITE


def uebergeordnet(pfad: str) -> str | None:
    """Die nächsthöhere Adresse, die es gibt (/kontakt/<id>/antwort/ → /kontakt/<id>/), sonst None."""
    teile = pfad.strip("/").split("/")
    while len(teile) > 1:
        teile.pop()
        kandidat = "/" + "/".join(teile) + "/"
        try:
            resolve(kandidat)
        except Resolver404:
            continue
        return kandidat
    return None


class MethodeNichtErlaubt:
    """Middleware: ersetzt eine leere 405-Antwort außerhalb von /api/ durch die Fehlerseite 405."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        antwort = self.get_response(request)
        if antwort.status_code != 405 or getattr(antwort, "streaming", False) or antwort.content:
            return antwort
        pfad = request.path_info
        if pfad.startswith("/api/") or request.headers.get("HX-Request"):
            return antwort
        vorlage = "eservice/405.html" if pfad.startswith(KUNDENSEITE) else "405.html"
        seite = render(request, vorlage, {"zurueck": uebergeordnet(pfad)}, status=405)
        if antwort.has_header("Allow"):
            seite["Allow"] = antwort["Allow"]
        return seite
