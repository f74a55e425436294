"""Ein abgewiesener Versuch, Sozialdaten zu lesen, steht im Zugriffsprotokoll (§ 67c SGB X): das Service Center
SGB III öffnet einen Kontakt der Familienkasse — 403, und ein Eintrag „…_verweigert“ mit Benutzer und Kontakt,
ohne Kundennummer in der Protokollzeile des Prozesses."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import pytest

from kundenportal.gespraech import services
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten.models import Zugriff

pytestmark = pytest.mark.django_db


def test_fremder_kontakt_wird_abgewiesen_und_protokolliert(benutzer: Any, kunde: str, client: Any,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    fk = benutzer("agent_scfk", "fk-kollegin")
    kontakt = Kontakt.objects.create(user=fk, kanal="scfk", kundennummer=kunde, leitfaden="FK 4.001",
                                     stand=dt.date(2020, 3, 20), weisung="202003006")
    sc3 = benutzer("agent_sc3", "sc3-agent")
    client.force_login(sc3)
    with caplog.at_level(logging.WARNING):
        assert client.get(f"/kontakt/{kontakt.pk}/").status_code == 403
    eintrag = Zugriff.objects.get(aktion="kontakt_lesen_verweigert")
    assert (eintrag.user, eintrag.kundennummer, str(eintrag.kontakt)) == (sc3, kunde, str(kontakt.pk))
    assert kunde not in caplog.text and "Zugriff verweigert" in caplog.text
    with pytest.raises(services.KeinZugriff):
        services.kundenhistorie_zum_kontakt(sc3, kontakt)
    assert Zugriff.objects.filter(aktion="kundenhistorie_lesen_verweigert", user=sc3).count() == 1
    assert Zugriff.objects.filter(aktion__endswith="_verweigert").count() == 2 and not Zugriff.objects.filter(
        user=fk).exists()
