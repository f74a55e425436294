"""Der Gesprächsbereich als Jinja2-Vorlage (Djangos Jinja2-Backend, `jinja2/gespraech/`).

Er ist die Antwort auf jeden Schritt eines Gesprächs (htmx) — am Telefon, in der Eingangszone und in der
E-Mail-Arbeitshilfe —, also die Vorlage, die am häufigsten gerendert wird. Mit Djangos Vorlagensprache
kostete sie gut ein Fünftel der Server-Zeit eines Schritts; Jinja2 übersetzt sie in Python-Code.
Die ganzen Seiten (kontakt.html, ende.html, emb/mail.html) bleiben Django-Vorlagen und betten den
Bereich mit `{% gespraechsbereich %}` ein (templatetags/gespraechsbereich.py).

Die Filter sind dieselben wie in den Django-Vorlagen: `lesbar`, `lesbar_text` (kundenportal.lesbar) und
Djangos eigene (`date`, `yesno`, `capfirst`, `linebreaksbr`) — gleiche Ausgabe, gleiche Lokalisierung."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template import defaultfilters
from django.utils.html import format_html
from jinja2 import Environment

from kundenportal import lesbar


def umgebung(**optionen: Any) -> Environment:
    env = Environment(**optionen)
    env.filters.update({
        "lesbar": lesbar.code,
        "lesbar_text": lesbar.im_text,
        "date": defaultfilters.date,
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
