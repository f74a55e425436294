"""Der Gesprächsbereich als Jinja2-Vorlage (Djangos Jinja2-Backend, `jinja2/gespraech/`).

Er ist die Antwort auf jeden Schritt eines Gesprächs (htmx) — am Telefon, in der Eingangszone und in der
E-Mail-Arbeitshilfe —, also die Vorlage, die am häufigsten gerendert wird. Mit Djangos Vorlagensprache
kostete sie gut ein Fünftel der Server-Zeit eines Schritts; Jinja2 übersetzt sie in Python-Code.
Die ganzen Seiten (kontakt.html, ende.html, emb/mail.html) bleiben Django-Vorlagen und betten den
Bereich mit `{% gespraechsbereich %}` ein (templatetags/gespraechsbereich.py).

Die Filter sind dieselben wie in den Django-Vorlagen: `lesbar`, `lesbar_text` (kundenportal.lesbar) und
Djangos eigene (`date` in Ortszeit, `yesno`, `capfirst`, `linebreaksbr`) — gleiche Ausgabe, gleiche
Lokalisierung."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.template import defaultfilters
from django.utils import timezone
from django.utils.html import format_html
from jinja2 import Environment

from kundenportal import lesbar


def datum(wert: Any, format: str | None = None) -> str:
    """Djangos Filter `date`, wie in Django-Vorlagen in der Zeitzone des Portals: dort wandelt die Vorlage
    einen Zeitpunkt vorher in Ortszeit (`expects_localtime`), hier tut es der Filter selbst."""
    if isinstance(wert, dt.datetime) and settings.USE_TZ and timezone.is_aware(wert):
        wert = timezone.localtime(wert)
    return defaultfilters.date(wert, format)


def umgebung(**optionen: Any) -> Environment:
    env = Environment(**optionen)
    env.filters.update({
        "lesbar": lesbar.code,
        "lesbar_text": lesbar.im_text,
        "date": datum,
        "yesno": defaultfilters.yesno,
        "capfirst": defaultfilters.capfirst,
        "linebreaksbr": defaultfilters.linebreaksbr,
    })
    return env


def csrf_einmal(request: HttpRequest) -> dict[str, Any]:
    """Das CSRF-Feld einmal je Antwort (wie `{% csrf_token %}` in Django-Vorlagen): Djangos Jinja2-Backend
    gibt es sonst als faulen Wert, der bei jedem Formular des Bereichs neu maskiert wird."""
    token = csrf_maskiert(request)
    return {"csrf_input": format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token),
            "csrf_token": token}


_STELLE = {zeichen: i for i, zeichen in enumerate(CSRF_ALLOWED_CHARS)}
_GRENZE = 256 - 256 % len(CSRF_ALLOWED_CHARS)     # größere Bytes verworfen: jedes Zeichen gleich wahrscheinlich


def csrf_maskiert(request: HttpRequest) -> str:
    """Was Djangos `get_token` liefert — das CSRF-Geheimnis des Cookies, mit einer frischen Zufallsmaske
    verschlüsselt (gegen BREACH: jede Antwort trägt ein anderes Token), Maske und Chiffre hintereinander —,
    die Maske aber aus einem Aufruf von `secrets.token_bytes` statt aus 32 einzelnen `secrets.choice`
    (je ein Systemaufruf; rund 45 µs je htmx-Schritt). Djangos `CsrfViewMiddleware` prüft es wie jedes
    Token. Ohne gültiges Geheimnis in der Anfrage (neuer Besucher) legt `get_token` Cookie und Token an.
    Das Cookie erneuert (Set-Cookie mit neuem Ablauf) wie bei `get_token` jede ganze Seite; eine htmx-Teilantwort
    nicht, wenn die Anfrage das Cookie mit eben diesem Geheimnis mitschickte — die Seite darum herum hat es gerade
    erneuert, und ein Set-Cookie je Schritt kostete rund 5 % der Server-Zeit des Schritts (http.cookies)."""
    geheimnis = request.META.get("CSRF_COOKIE")
    if not isinstance(geheimnis, str) or len(geheimnis) != CSRF_SECRET_LENGTH or not set(geheimnis) <= _STELLE.keys():
        return get_token(request)
    if not (getattr(request, "htmx", False) and request.COOKIES.get(settings.CSRF_COOKIE_NAME) == geheimnis):
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True   # wie get_token: das Cookie wird erneuert
    anzahl = len(CSRF_ALLOWED_CHARS)
    maske: list[int] = []
    while len(maske) < CSRF_SECRET_LENGTH:
        maske += [b % anzahl for b in secrets.token_bytes(CSRF_SECRET_LENGTH + 8) if b < _GRENZE]
    maske = maske[:CSRF_SECRET_LENGTH]
    return "".join([CSRF_ALLOWED_CHARS[m] for m in maske]
                   + [CSRF_ALLOWED_CHARS[(_STELLE[z] + m) % anzahl] for z, m in zip(geheimnis, maske, strict=True)])
