"""Eine Mail ohne Text und mit einem Dateinamen voller Bidi-Steuerzeichen im echten Chromium: axe-core findet
nichts (kein aria-label auf einem <pre>), der Name erscheint so, wie er gespeichert ist, ohne die Steuerung —
die wahre Endung „.html“ bleibt am Ende, statt „rechnunglmth.pdf“ vorzutäuschen."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.emb.models import Mail
from kundenportal.emb.services import mail_beanspruchen, mail_einlesen
from kundenportal.konten.services import benutzer_anlegen
from kundenportal.zeit import jetzt
from tests.browser.werkzeug import anmelden, barrierefrei, chromium, datenbank

from .test_zuordnung_anzeige import BIDI

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Mail-Passwort-1"


@pytest.fixture
def mail(db: Any) -> Mail:
    erika = benutzer_anlegen("erika", PASSWORT, ["agent_emb"], standort="Nürnberg")
    m = mail_einlesen(BIDI, quelle="imap:test").mail
    assert mail_beanspruchen(erika, m.id, jetzt())
    return m


@pytest.fixture
def seite(mail: Mail, live_server: Any) -> Iterator[Page]:
    with chromium(live_server) as page:
        yield page


def test_leere_mail_mit_bidi_dateinamen_ist_barrierefrei_und_lesbar(seite: Page, mail: Mail) -> None:
    anmelden(seite, "erika", PASSWORT)
    seite.goto(f"/emb/{mail.id}/")
    expect(seite.get_by_role("heading", name="Rechnung", level=1)).to_be_visible()
    expect(seite.get_by_text("Die Mail enthält keinen Text.")).to_be_visible()
    link = seite.get_by_role("link", name="rechnungfdp.html")
    expect(link).to_have_text("rechnungfdp.html")
    assert "\u202e" not in link.inner_text()
    barrierefrei(seite, streng=True)
    assert datenbank(lambda: Mail.objects.get(id=mail.id).anhaenge.get().dateiname) == "rechnung\u202efdp.html"
