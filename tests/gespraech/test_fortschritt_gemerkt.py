"""Fortschritt „Frage n von höchstens m“: der Rest des längsten Wegs je Fassung, gepinnten Einbindungen,
Datum und Frage im Merkzettel des Katalogs — gleiches Ergebnis, ohne den Graphen bei jedem Schritt abzugehen;
eine neue Katalog-Generation rechnet neu."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.gespraech import fortschritt, services
from kundenportal.katalog import queries as katalog_queries

pytestmark = pytest.mark.django_db


def test_gemerkt_gleich_gerechnet_und_je_katalog(benutzer: Callable[..., Any], kunde: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    k = services.kontakt_starten(benutzer("agent_sc3"), "SC 3.003", kunde)
    katalog = katalog_queries.katalog()
    erst = fortschritt.berechnen(katalog, k.lauf, "identitaet_geprueft", 0)
    assert erst is not None and erst.schritt == 1 and erst.hoechstens >= 3

    gerechnet: list[str] = []
    echt = fortschritt._Graph.laenge

    def zaehlen(self: Any, *args: Any, **kwargs: Any) -> int:
        gerechnet.append("x")
        return echt(self, *args, **kwargs)

    monkeypatch.setattr(fortschritt._Graph, "laenge", zaehlen)
    wieder = fortschritt.berechnen(katalog, k.lauf, "identitaet_geprueft", 2)
    assert wieder == fortschritt.Fortschritt(3, erst.hoechstens + 2) and gerechnet == []   # gemerkt

    neu = copy.copy(katalog)                                 # eine neue Generation: eigener Merkzettel
    neu.__dict__ = {k: v for k, v in katalog.__dict__.items() if not k.startswith("_merkzettel")}
    assert fortschritt.berechnen(neu, k.lauf, "identitaet_geprueft", 0) == erst and gerechnet

    gerechnet.clear()                                        # anderes Datum des Kontakts: eigener Eintrag
    anders = {**k.lauf, "datum": {"$datum": "2021-01-04"}}
    assert fortschritt.berechnen(katalog, anders, "identitaet_geprueft", 0) == erst and gerechnet
    assert fortschritt.berechnen(katalog, k.lauf, "gibt_es_nicht", 0) is None
    assert fortschritt.berechnen(katalog, {**k.lauf, "fassung": "SC 3.003@1999-01-01"}, "identitaet_geprueft", 0) is None


def test_derselbe_fakt_an_zwei_stellen_zaehlt_ab_der_frage_die_ansteht(benutzer: Callable[..., Any], kunde: str,
                                                                       client: Client) -> None:
    """SC 3.003 fragt die Termin-Nummer beim Verschieben und im eingebundenen Absagen. „Höchstens“ darf auf
    dem Weg nie wachsen (vorher: „Frage 3 von höchstens 4“, dann „Frage 4 von höchstens 8“)."""
    agent = benutzer("agent_sc3")
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    client.force_login(agent)
    antworten = {"identitaet_geprueft": "ja", "terminanliegen": "absagen", "termin_id": "T-1"}
    gesehen: list[tuple[int, int]] = []
    seite = client.get(f"/kontakt/{k.pk}/").content.decode()
    for _ in range(6):
        treffer = re.search(r"Frage (\d+) von höchstens (\d+)", seite)
        fakt = re.search(r'name="fakt" value="([a-z_]+)"', seite)
        if treffer is None or fakt is None:
            break
        gesehen.append((int(treffer[1]), int(treffer[2])))
        wert = antworten.get(fakt[1], "ja")
        seite = client.post(f"/kontakt/{k.pk}/antwort/", {"fakt": fakt[1], "wert": wert},
                            HTTP_HX_REQUEST="true").content.decode()
    assert len(gesehen) >= 3 and gesehen[2][0] == 3          # die Termin-Nummer im eingebundenen Absagen
    hoechstens = [h for _, h in gesehen]
    assert hoechstens == sorted(hoechstens, reverse=True), gesehen
    assert all(n <= h for n, h in gesehen)
