"""Content Security Policy: die Middleware des Kundenportals setzt dieselbe Kopfzeile wie django-csp, baut
sie ohne Nonce und ohne Abweichung aber nur einmal (kundenportal/betrieb/inhaltsrichtlinie.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import csp.decorators
import pytest
from csp.constants import HEADER, SELF
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from kundenportal.betrieb import inhaltsrichtlinie
from kundenportal.betrieb.inhaltsrichtlinie import InhaltsRichtlinie


def _antwort(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<p>x</p>")


def _durch(middleware: CSPMiddleware, pfad: str = "/kontakt/", *, nonce: bool = False,
           antwort: Callable[[HttpRequest], HttpResponse] = _antwort) -> tuple[HttpRequest, HttpResponse]:
    request = RequestFactory().get(pfad)
    middleware.process_request(request)
    if nonce:
        str(request.csp_nonce)  # type: ignore[attr-defined]   # eine Vorlage liest den Nonce
    response = antwort(request)
    middleware.process_response(request, response)
    return request, response


def test_ohne_nonce_dieselbe_kopfzeile_wie_django_csp_und_einmal_gebaut(monkeypatch: pytest.MonkeyPatch) -> None:
    inhaltsrichtlinie._kopfzeile.cache_clear()
    gebaut: list[str] = []
    from csp.utils import build_policy as echt

    def bauen() -> str:
        gebaut.append("x")
        return echt()

    monkeypatch.setattr("kundenportal.betrieb.inhaltsrichtlinie.build_policy", bauen)
    unsere = InhaltsRichtlinie(_antwort)
    for _ in range(3):
        _, response = _durch(unsere)
        _, vorbild = _durch(CSPMiddleware(_antwort))
        assert response[HEADER] == vorbild[HEADER]
        assert "default-src 'self'" in response[HEADER] and "nonce-" not in response[HEADER]
    assert gebaut == ["x"]


def test_mit_nonce_baut_django_csp_die_kopfzeile_mit_eben_diesem_nonce() -> None:
    request, response = _durch(InhaltsRichtlinie(_antwort), nonce=True)
    assert f"'nonce-{request.csp_nonce}'" in response[HEADER]  # type: ignore[attr-defined]


def test_nach_der_kopfzeile_meldet_ein_gelesener_nonce_einen_fehler() -> None:
    request, _ = _durch(InhaltsRichtlinie(_antwort))
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)  # type: ignore[attr-defined]


def test_eine_geaenderte_richtlinie_gilt_sofort() -> None:
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": [SELF, "https://karten.example"]}}):
        _, response = _durch(InhaltsRichtlinie(_antwort))
        assert response[HEADER] == "default-src 'self' https://karten.example"
    _, danach = _durch(InhaltsRichtlinie(_antwort))
    assert "https://karten.example" not in danach[HEADER]


def test_abweichungen_der_sicht_und_ausnahmen_bleiben_wie_bei_django_csp() -> None:
    def erweitert(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("x")
        response._csp_update = {"img-src": ["https://bilder.example"]}  # type: ignore[attr-defined]
        return response

    def ausgenommen(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("x")
        response._csp_exempt = True  # type: ignore[attr-defined]
        return response

    _, response = _durch(InhaltsRichtlinie(erweitert), antwort=erweitert)
    assert "img-src 'self' data: https://bilder.example" in response[HEADER]
    _, response = _durch(InhaltsRichtlinie(ausgenommen), antwort=ausgenommen)
    assert HEADER not in response


def test_jedes_merkmal_der_django_csp_dekoratoren_ist_bedacht() -> None:
    """Kommt mit einer neuen django-csp-Version ein Merkmal je Antwort hinzu, muss die Middleware es kennen."""
    gesetzt = set(re.findall(r'setattr\(resp, "(_csp_[a-z_]+)"', Path(csp.decorators.__file__).read_text()))
    assert gesetzt, "django-csp setzt keine Merkmale mehr über setattr: die Prüfung hier anpassen"
    bedacht = set(inhaltsrichtlinie.JE_ANTWORT) | {"_csp_exempt", "_csp_exempt_ro"}   # _ro: nur mit Report-Only
    assert gesetzt <= bedacht, gesetzt - bedacht
