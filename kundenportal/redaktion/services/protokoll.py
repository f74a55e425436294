"""Der Protokolleintrag jedes schreibenden Dienstes der Redaktion (wer, wann, was)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from ..models import Protokolleintrag


def eintragen(user: Any, aktion: str, objekt: str, **details: Any) -> Protokolleintrag:
    return Protokolleintrag.objects.create(zeit=timezone.now(), user=user if getattr(user, "pk", None) else None,
                                           aktion=aktion, objekt=objekt, details=details)
