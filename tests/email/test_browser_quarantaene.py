"""Die Teamleitung E-Mail in der Quarantäne, im echten Chromium nur mit der Tastatur: Liste mit Grund,
Mail ansehen, Rohtext herunterladen (bytegenau), Zerlegung neu anstoßen — einmal scheitert sie wieder
(zu tief verschachtelt), einmal gelingt sie (die Zeitgrenze ist inzwischen angehoben). Jede Seite ist
axe-core-sauber (WCAG 2.1 AA, keine Verstöße)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.emb.models import Mail
from kundenportal.emb.services import mail_einlesen
from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import barrierefrei, chromium, datenbank

from .kaputt import korpus
from .test_browser_arbeitsplatz import tab_bis
from .test_zeitgrenze import _viele_teile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Quarantaene-Passwort-1"


@pytest.fixture
def mails(db: Any, settings: Any) -> dict[str, Mail]:
    benutzer_anlegen("tanja", PASSWORT, ["teamleitung_emb"], standort="Nürnberg")
    settings.EMB_ZERLEGEN_SEKUNDEN = 0.05          # beim Einlesen: die Mail mit 20.000 Teilen ist zu langsam
    langsam = mail_einlesen(_viele_teile(), quelle="eml:viele-teile").mail
    settings.EMB_ZERLEGEN_SEKUNDEN = 0             # danach angehoben (ohne Grenze): neu zerlegen gelingt
    tief = mail_einlesen(korpus()["mime_tief"], quelle="eml:mime-tief").mail
    assert {langsam.status, tief.status} == {Mail.Status.QUARANTAENE}
    return {"langsam": langsam, "tief": tief}


@pytest.fixture
def seite(mails: dict[str, Mail], live_server: Any) -> Iterator[Page]:
    with chromium(live_server) as page:
        yield page


def test_quarantaene_ansehen_rohtext_laden_neu_zerlegen(seite: Page, mails: dict[str, Mail], tmp_path: Path) -> None:
    page = seite
    page.goto("/anmelden/")
    tab_bis(page, page.get_by_label("Benutzername"))
    page.keyboard.type("tanja")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORT)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="E-Mail-Quarantäne", level=1)).to_be_visible()   # Startseite der Rolle
    expect(page.get_by_text("2 Mails in der Quarantäne")).to_be_visible()
    expect(page.get_by_text("Die MIME-Struktur der Mail ist zu tief verschachtelt.")).to_be_visible()
    expect(page.get_by_text("und wurde abgebrochen (Zeitgrenze des Servers)")).to_be_visible()
    barrierefrei(page, streng=True)
    page.screenshot(path=str(tmp_path / "emb-quarantaene.png"), full_page=True)

    tief = mails["tief"]
    tab_bis(page, page.get_by_role("link", name=f"(Mail {tief.id})"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=f"Mail {tief.id} in der Quarantäne")).to_be_visible()
    barrierefrei(page, streng=True)
    page.screenshot(path=str(tmp_path / "emb-quarantaene-mail.png"), full_page=True)
    with page.expect_download() as laden:
        tab_bis(page, page.get_by_role("link", name="Rohtext herunterladen (.eml)"))
        page.keyboard.press("Enter")
    datei = tmp_path / "roh.eml"
    laden.value.save_as(datei)
    assert datei.read_bytes() == korpus()["mime_tief"]
    tab_bis(page, page.get_by_role("button", name="Zerlegung neu anstoßen"))
    page.keyboard.press("Enter")
    # Die tief verschachtelte Mail zerlegt der Server bis zur Rekursionsgrenze: unter Last länger als 5 s.
    expect(page.get_by_text("Die Zerlegung ist wieder gescheitert")).to_be_visible(timeout=30_000)
    barrierefrei(page, streng=True)
    assert datenbank(lambda: Mail.objects.get(id=tief.id).status) == Mail.Status.QUARANTAENE

    langsam = mails["langsam"]
    page.goto(f"/emb/quarantaene/{langsam.id}/")
    tab_bis(page, page.get_by_role("button", name="Zerlegung neu anstoßen"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Die Mail ist zerlegt und steht in der Warteschlange.")).to_be_visible()
    expect(page.get_by_text("1 Mail in der Quarantäne")).to_be_visible()
    barrierefrei(page, streng=True)
    assert datenbank(lambda: Mail.objects.get(id=langsam.id).status) == Mail.Status.OFFEN
