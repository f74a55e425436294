"""Die Adressen eines Kontakts für die Vorlagen (gespraech/wege.py) sind dieselben wie Djangos `reverse`."""

from __future__ import annotations

import uuid

from django.urls import reverse

from kundenportal.gespraech.models import Kontakt
from kundenportal.gespraech.wege import NAMEN, wege


def test_wege_wie_reverse() -> None:
    for kontakt_id in (uuid.uuid4(), uuid.UUID(int=0), uuid.UUID(int=2**128 - 1)):
        erwartet = {name: reverse(f"gespraech:{name}", args=[kontakt_id]) for name in NAMEN}
        assert wege(kontakt_id) == erwartet
        assert Kontakt(pk=kontakt_id).wege == erwartet
