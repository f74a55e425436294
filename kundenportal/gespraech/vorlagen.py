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
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.middleware.csrf import get_token
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
    token = get_token(request)
    return {"csrf_input": format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token),
            "csrf_token": token}
