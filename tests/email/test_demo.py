"""Die Demo von `make run` hat Arbeit für die E-Mail-Bearbeitung: Mails der Demo-Kundschaft in der Warteschlange,
von der in VerBIS hinterlegten Adresse, einmal eingelesen (idempotent)."""

from __future__ import annotations

import datetime as dt

import pytest

from kundenportal.emb.demo import demo_mails_anlegen
from kundenportal.emb.models import Mail
from kundenportal.emb.versand import empfaenger_fehler
from kundenportal.fachverfahren.referenz import models as referenz
from kundenportal.gespraech.demodaten import demo_kunden_anlegen
from kundenportal.zeit import BERLIN

pytestmark = pytest.mark.django_db
JETZT = dt.datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN)


def test_demo_mails_in_der_warteschlange_von_der_hinterlegten_adresse() -> None:
    demo_kunden_anlegen(JETZT.date(), anzahl=40)
    assert demo_mails_anlegen(JETZT) == 8
    assert demo_mails_anlegen(JETZT) == 0                                # idempotent
    assert demo_mails_anlegen(JETZT + dt.timedelta(days=3)) == 0         # auch an einem späteren Tag
    mails = list(Mail.objects.order_by("eingegangen"))
    assert [m.status for m in mails] == [Mail.Status.OFFEN] * 8
    assert all(m.eingegangen == JETZT for m in mails)                    # nichts aus der Zukunft
    bekannt = [m for m in mails if m.kundennummer]
    assert len(bekannt) == 7 and {m.vorschlag for m in bekannt} >= {"terminabsage", "au_meldung"}
    for m in bekannt:          # Absender = VerBIS-Adresse: eine Antwort mit Kundendaten darf dorthin
        assert referenz.Kunde.objects.get(kundennummer=m.kundennummer).email == m.absender
        assert not empfaenger_fehler(m.absender)
    assert referenz.Kunde.objects.get(kundennummer="900D000001").email.endswith(".1@demo.example")
