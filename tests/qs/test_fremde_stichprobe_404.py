"""Eine fremde Stichprobe oder Bewertung (anderer Standort, anderer Rechtskreis) antwortet wie eine, die es nicht
gibt: gleicher Status, gleiche Seite — ein 403 verriete Außenstehenden, dass es sie gibt. Die falsche Rolle bleibt
ein 403 (sie sagt über keine Stichprobe etwas)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal import zeit
from kundenportal.gespraech import services as gespraech
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten.models import Zugriff
from kundenportal.qs import services
from kundenportal.qs.models import Bewertung, Stichprobe

pytestmark = pytest.mark.django_db
UNBEKANNT = 999_999
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _seite(antwort: Any, kennung: int) -> tuple[int, str]:
    """Status und Text der Antwort ohne die Kennung (die Adresse kann sie enthalten) und ohne das CSRF-Token des
    Abmelde-Formulars (es ist je Antwort anders maskiert)."""
    text = CSRF.sub("", antwort.content.decode())
    return antwort.status_code, text.replace(f"/{kennung}/", "//")


def _gleich_unbekannt(client: Client, vorlage: str, kennung: int, methode: str = "get") -> None:
    fremd = _seite(getattr(client, methode)(vorlage.format(kennung)), kennung)
    unbekannt = _seite(getattr(client, methode)(vorlage.format(UNBEKANNT)), UNBEKANNT)
    assert fremd[0] == unbekannt[0] == 404
    assert fremd[1] == unbekannt[1]


@pytest.fixture
def stichprobe(kontakt_abschliessen: Callable[..., Kontakt], benutzer: Callable[..., Any]) -> Stichprobe:
    kontakt_abschliessen()
    return services.stichprobe_ziehen(benutzer("teamleitung"), heute=zeit.heute(), jetzt=zeit.jetzt(), n=1, seed=0)


def test_stichprobe_eines_anderen_standorts_wie_unbekannt(stichprobe: Stichprobe, benutzer: Callable[..., Any],
                                                         client: Client) -> None:
    client.force_login(benutzer("teamleitung", "tl-koeln", standort="Köln"))
    b = stichprobe.bewertungen.get()
    _gleich_unbekannt(client, "/qs/stichprobe/{}/", stichprobe.pk)
    _gleich_unbekannt(client, "/qs/bewertung/{}/", b.pk)
    _gleich_unbekannt(client, "/qs/bewertung/{}/", b.pk, "post")
    _gleich_unbekannt(client, "/qs/bewertung/{}/freigeben/", b.pk, "post")
    assert "Diese Stichprobe" not in client.get(f"/qs/stichprobe/{stichprobe.pk}/").content.decode()
    assert not Zugriff.objects.filter(aktion="qs_kontakt_lesen").exists()
    b.refresh_from_db()
    assert b.bewertet is None and b.freigegeben is None


def test_stichprobe_eines_anderen_rechtskreises_wie_unbekannt(stichprobe: Stichprobe, benutzer: Callable[..., Any],
                                                             client: Client) -> None:
    """Derselbe Standort, aber die Teamleitung Familienkasse: die Stichprobe hat keinen Kontakt ihres Kanals."""
    client.force_login(benutzer("teamleitung_fk", "tl-fk"))
    _gleich_unbekannt(client, "/qs/stichprobe/{}/", stichprobe.pk)
    _gleich_unbekannt(client, "/qs/bewertung/{}/", stichprobe.bewertungen.get().pk)


def test_bewertung_eines_fremden_kanals_in_eigener_stichprobe_wie_unbekannt(
        benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    """Eine Bewertung der Familienkasse, vor der Teamleitung SGB III am selben Standort."""
    agent = benutzer("agent_scfk", "fk-agent")
    k = gespraech.kontakt_starten(agent, "FK 4.001", kunde)
    gespraech.kontakt_beantworten(agent, k, "identitaet_geprueft", "nein")
    gespraech.kontakt_abschliessen(agent, k, "Identität nicht bestätigt.")
    fk = services.stichprobe_ziehen(benutzer("teamleitung_fk", "tl-fk"), heute=zeit.heute(), jetzt=zeit.jetzt())
    b: Bewertung = fk.bewertungen.get()
    client.force_login(benutzer("teamleitung"))
    _gleich_unbekannt(client, "/qs/bewertung/{}/", b.pk)
    _gleich_unbekannt(client, "/qs/bewertung/{}/freigeben/", b.pk, "post")


def test_falsche_rolle_bleibt_403(stichprobe: Stichprobe, benutzer: Callable[..., Any], client: Client) -> None:
    client.force_login(benutzer("agent_sc3", "agent-x"))
    for kennung in (stichprobe.pk, UNBEKANNT):      # auch hier: bekannt und unbekannt gleich
        antwort = client.get(f"/qs/stichprobe/{kennung}/")
        assert antwort.status_code == 403
        assert "Die Qualitätssicherung macht die Teamleitung." in antwort.content.decode()
