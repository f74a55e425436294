"""`/` führt Unangemeldete zur Anmeldung; nach der Anmeldung landet jede Rolle auf ihrer eigenen Startseite."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.konten.rollen import ROLLEN

pytestmark = pytest.mark.django_db

STARTSEITE = {
    "agent_ez": "/arbeitsplatz/",
    "agent_sc3": "/arbeitsplatz/",
    "agent_scfk": "/arbeitsplatz/",
    "agent_emb": "/emb/",
    "os_algplus": "/postkorb/os_algplus/",
    "fk_direktion": "/postkorb/fk_direktion_qs/",
    "teamleitung": "/fuehrung/anlage-5/",
    "teamleitung_fk": "/fuehrung/anlage-7/",
    "teamleitung_emb": "/emb/quarantaene/",
    "redaktion": "/redaktion/",
    "freigabe": "/redaktion/",
    "administration": "/protokoll/",
}


def test_jede_rolle_hat_eine_startseite() -> None:
    assert set(STARTSEITE) == set(ROLLEN)


def test_unangemeldet_fuehrt_slash_zur_anmeldung(client: Client) -> None:
    antwort = client.get("/")
    assert antwort.status_code == 302 and antwort["Location"] == "/anmelden/"
    seite = client.get("/anmelden/")
    assert seite.status_code == 200 and 'name="password"' in seite.content.decode()


@pytest.mark.parametrize("rolle", sorted(STARTSEITE))
def test_nach_der_anmeldung_auf_die_eigene_startseite(benutzer: Callable[..., Any], client: Client,
                                                       rolle: str) -> None:
    benutzer(rolle)
    antwort = client.post("/anmelden/", {"username": f"t-{rolle}", "password": "geheim-123"})
    assert antwort.status_code == 302 and antwort["Location"] == STARTSEITE[rolle]
    assert client.get(antwort["Location"]).status_code == 200
    nochmal = client.get("/")
    assert nochmal.status_code == 302 and nochmal["Location"] == STARTSEITE[rolle]


def test_ohne_rolle_auf_den_katalog(benutzer: Callable[..., Any], client: Client) -> None:
    client.force_login(benutzer("", "ohne-rolle"))
    assert client.get("/")["Location"] == "/katalog/"
