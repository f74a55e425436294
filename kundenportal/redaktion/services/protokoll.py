"""Der Protokolleintrag jedes schreibenden Dienstes der Redaktion (wer, wann, was)."""

from __future__ import annotations

from typing import Any

from kundenportal import zeit

from ..models import Protokolleintrag


def eintragen(user: Any, aktion: str, objekt: str, **details: Any) -> Protokolleintrag:
    return Protokolleintrag.objects.create(zeit=zeit.jetzt(), user=user if getattr(user, "pk", None) else None,
                                           aktion=aktion, objekt=objekt, details=details)
