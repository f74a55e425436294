"""Content Security Policy (django-csp) mit der Kopfzeile einmal gebaut statt bei jeder Antwort.

django-csp baut die Richtlinie bei jeder Antwort neu aus CONTENT_SECURITY_POLICY: Richtlinie in ein
Datenobjekt kopieren, jede Direktive kopieren, zusammensetzen, dasselbe noch einmal für Report-Only — rund
50–70 µs je Anfrage, bei jedem htmx-Schritt und jeder Seite, für eine Zeile, die sich ohne Nonce nie ändert.

Hier: Ohne Nonce in der Anfrage, ohne Abweichung der Sicht (`@csp_update`, `@csp_replace`, `@csp_override`)
und ohne Report-Only-Richtlinie setzt die Middleware die einmal gebaute Kopfzeile (gemerkt bis sich
CONTENT_SECURITY_POLICY ändert). In jedem anderen Fall macht django-csp alles wie immer."""

from __future__ import annotations

import functools
from typing import Any

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase

# Was eine Sicht je Antwort an der Richtlinie ändern kann (django-csp, auch für Report-Only).
JE_ANTWORT = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")
OHNE_KOPF_IM_DEBUG = (404, 500)     # wie django-csp: Djangos Fehlerseiten im DEBUG ohne Richtlinie


@functools.cache
def _kopfzeile() -> tuple[str, tuple[str, ...]]:
    """Die Richtlinie ohne Nonce und die ausgenommenen Pfadanfänge, aus CONTENT_SECURITY_POLICY."""
    richtlinie = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
    return build_policy(), tuple(richtlinie.get("EXCLUDE_URL_PREFIXES", None) or ())


@receiver(setting_changed)
def _einstellung_geaendert(setting: str, **_: Any) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _kopfzeile.cache_clear()


class InhaltsRichtlinie(CSPMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if (getattr(request, "_csp_nonce", None) is not None
                or any(getattr(response, merkmal, None) is not None for merkmal in JE_ANTWORT)
                or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)):
            return super().process_response(request, response)
        if response.status_code in OHNE_KOPF_IM_DEBUG and settings.DEBUG:
            return response
        kopf, ausgenommen = _kopfzeile()
        if (kopf and HEADER not in response and getattr(response, "_csp_exempt", False) is False
                and not request.path_info.startswith(ausgenommen)):
            response[HEADER] = kopf
        # wie django-csp: ein Nonce nach der Kopfzeile wäre wirkungslos — wer ihn noch liest, bekommt einen Fehler
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response
