"""Das CSRF-Token des Gesprächsbereichs (vorlagen.csrf_maskiert): dasselbe Format wie Djangos get_token,
von Djangos CsrfViewMiddleware angenommen, in jeder Antwort anders maskiert."""

from __future__ import annotations

from collections import Counter

from django.http import HttpRequest, HttpResponse
from django.middleware import csrf
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_TOKEN_LENGTH, CsrfViewMiddleware, get_token
from django.test import RequestFactory

from kundenportal.gespraech.vorlagen import csrf_maskiert

GEHEIMNIS = "Ab3" * 10 + "xZ"       # 32 Zeichen wie ein CSRF-Cookie
_unmask_cipher_token = csrf._unmask_cipher_token  # type: ignore[attr-defined]   # Djangos Gegenstück, zum Prüfen


def _anfrage(cookie: str | None = GEHEIMNIS) -> HttpRequest:
    request = RequestFactory().get("/kontakt/")
    if cookie is not None:
        request.COOKIES["csrftoken"] = cookie
    CsrfViewMiddleware(lambda r: HttpResponse()).process_request(request)
    return request


def test_entschluesselt_wie_bei_django_zum_geheimnis_des_cookies() -> None:
    request = _anfrage()
    tokens = [csrf_maskiert(request) for _ in range(200)]
    assert all(len(t) == CSRF_TOKEN_LENGTH and set(t) <= set(CSRF_ALLOWED_CHARS) for t in tokens)
    assert all(_unmask_cipher_token(t) == GEHEIMNIS for t in tokens)
    assert len(set(tokens)) == len(tokens)                # jede Antwort ein anderes Token (BREACH)
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    masken = Counter(z for t in tokens for z in t[:32])
    assert len(masken) == len(CSRF_ALLOWED_CHARS)          # alle 62 Zeichen kommen in Masken vor


def test_djangos_middleware_nimmt_das_token_an_und_lehnt_ein_veraendertes_ab() -> None:
    token = csrf_maskiert(_anfrage())
    middleware = CsrfViewMiddleware(lambda r: HttpResponse())

    def senden(wert: str) -> HttpResponse | None:
        post = RequestFactory().post("/kontakt/x/antwort/", {"csrfmiddlewaretoken": wert})
        post.COOKIES["csrftoken"] = GEHEIMNIS
        middleware.process_request(post)
        return middleware.process_view(post, lambda r: HttpResponse(), (), {})

    assert senden(token) is None                           # angenommen
    falsch = token[:40] + ("a" if token[40] != "a" else "b") + token[41:]
    abgelehnt = senden(falsch)
    assert abgelehnt is not None and abgelehnt.status_code == 403


def test_ohne_gueltiges_cookie_legt_django_geheimnis_und_cookie_an() -> None:
    for cookie in (None, "zu-kurz"):
        request = _anfrage(cookie)
        token = csrf_maskiert(request)
        assert _unmask_cipher_token(token) == request.META["CSRF_COOKIE"]
        assert len(request.META["CSRF_COOKIE"]) == 32 and request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    assert _unmask_cipher_token(get_token(_anfrage())) == GEHEIMNIS    # Vergleich: Djangos Weg


def test_htmx_teilantwort_mit_unveraendertem_cookie_erneuert_es_nicht() -> None:
    """Eine ganze Seite erneuert das Cookie (wie get_token); ein htmx-Schritt, der das Cookie mit demselben Geheimnis
    mitschickt, nicht — sonst stünde in jeder Antwort ein Set-Cookie. Wechselte das Geheimnis (neu angelegt nach der
    Anmeldung), geht es auch mit htmx hinaus."""
    ganz = _anfrage()
    csrf_maskiert(ganz)
    assert ganz.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    teil = _anfrage()
    teil.htmx = True  # type: ignore[attr-defined]
    assert _unmask_cipher_token(csrf_maskiert(teil)) == GEHEIMNIS
    assert not teil.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    gewechselt = _anfrage()
    gewechselt.htmx = True  # type: ignore[attr-defined]
    csrf.rotate_token(gewechselt)
    gewechselt.META.pop("CSRF_COOKIE_NEEDS_UPDATE")
    csrf_maskiert(gewechselt)
    assert gewechselt.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
