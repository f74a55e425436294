"""Ein abgelehnter Vermerk geht nicht verloren: der getippte Text steht wieder im Feld, die Meldung sagt, was
fehlt (leer oder zu lang), am Feld. Zeilenumbrüche zählen wie im Browser als ein Zeichen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.gespraech import services
from kundenportal.gespraech.models import Kontakt

pytestmark = pytest.mark.django_db


@pytest.fixture
def am_ende(benutzer: Callable[..., Any], kunde: str, client: Client) -> tuple[Kontakt, Client]:
    agent = benutzer("agent_sc3", "vermerk-agent")
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    assert services.kontakt_beantworten(agent, k, "identitaet_geprueft", "nein").art == "ende"
    client.force_login(agent)
    return k, client


def _abschliessen(client: Client, k: Kontakt, vermerk: str) -> str:
    antwort = client.post(f"/kontakt/{k.pk}/abschliessen/", {"vermerk": vermerk}, follow=True)
    return antwort.content.decode()


def test_leerer_vermerk_meldung_am_feld(am_ende: tuple[Kontakt, Client]) -> None:
    k, client = am_ende
    seite = _abschliessen(client, k, "   \r\n  ")
    assert 'id="id_vermerk_error"' in seite and "Der Vermerk darf nicht leer sein." in seite
    k.refresh_from_db()
    assert k.status == Kontakt.OFFEN


def test_zu_langer_vermerk_bleibt_im_feld(am_ende: tuple[Kontakt, Client]) -> None:
    k, client = am_ende
    text = "Eigene Notiz der Agentin. " + "x" * 19990
    seite = _abschliessen(client, k, text)
    assert "Der Vermerk ist 20.016 Zeichen lang; erlaubt sind höchstens 20.000." in seite    # Tausenderpunkt
    assert "Eigene Notiz der Agentin. xxxx" in seite                  # der Text steht wieder im Feld
    k.refresh_from_db()
    assert k.status == Kontakt.OFFEN
    assert "Eigene Notiz" not in client.get(f"/kontakt/{k.pk}/").content.decode()   # nur einmal wieder eingesetzt


def test_zeilenumbrueche_zaehlen_wie_im_browser(am_ende: tuple[Kontakt, Client]) -> None:
    k, client = am_ende
    zeilen = ["y" * 99] * 200                         # 200 × 99 + 199 Umbrüche = 19.999 Zeichen im Browser
    _abschliessen(client, k, "\r\n".join(zeilen))     # gesendet mit \r\n: 20.198 Zeichen
    k.refresh_from_db()
    assert k.status == Kontakt.ABGESCHLOSSEN and k.vermerk.count("\n") == 199 and "\r" not in k.vermerk
