"""Der Hinweis der Suche nennt Stichwörter, die für die Rolle etwas finden: die Familienkasse findet mit
„Insolvenz“ (SGB III) nichts, mit „Kinderzuschlag“ und „öffentlicher Dienst“ ihre Leitfäden."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("rolle", "beispiele"), [
    ("agent_scfk", ("Kinderzuschlag", "öffentlicher Dienst")),
    ("agent_sc3", ("Termin absagen", "Insolvenz")),
    ("agent_emb", ("Terminabsage", "Arbeitsunfähigkeit")),
])
def test_beispiele_finden_leitfaeden_der_rolle(benutzer: Callable[..., Any], client: Client, rolle: str,
                                              beispiele: tuple[str, str]) -> None:
    client.force_login(benutzer(rolle))
    seite = client.get("/suche/").content.decode()
    assert f"z. B. „{beispiele[0]}“ oder „{beispiele[1]}“." in seite
    for wort in beispiele:
        treffer = client.get("/suche/", {"q": wort}, HTTP_HX_REQUEST="true").content.decode()
        assert "<li" in treffer and "<p>0 Treffer" not in treffer, (rolle, wort)
