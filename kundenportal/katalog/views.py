from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .queries import katalog


def startseite(request: HttpRequest) -> HttpResponse:
    k = katalog()
    leitfaeden = sorted((lf for lf in k.leitfaeden.values() if not lf.kopf.baustein), key=lambda lf: lf.id)
    return render(request, "katalog/startseite.html", {"leitfaeden": leitfaeden, "weisungen": k.weisungen.values()})
