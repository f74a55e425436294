"""Jede Rolle sieht und tut nur, was sie darf: Rolle × Seite (HTTP) und die Zugriffsfunktionen."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal import zeit
from kundenportal.fachverfahren.registry import systeme
from kundenportal.gespraech import services
from kundenportal.konten import zugriff
from kundenportal.konten.models import Zugriff
from kundenportal.konten.rollen import ROLLEN
from kundenportal.qs import services as qs

pytestmark = pytest.mark.django_db

AGENTEN = {"agent_ez", "agent_sc3", "agent_scfk", "agent_emb"}
KUNDENDATEN = AGENTEN | {"os_algplus", "fk_direktion"}
KUNDENDATEN_SGB3 = KUNDENDATEN - {"agent_scfk", "fk_direktion"}      # Rechtskreis des Kontakts (SC 3.003)

# Seite → Rollen, die sie öffnen dürfen (alle anderen: 403, außer FREMD)
SEITEN: dict[str, set[str]] = {
    "/arbeitsplatz/": AGENTEN,
    "/kontakt/neu/": AGENTEN,
    "/kontakt/anliegen/": AGENTEN,
    "/kontakt/{abgeschlossen}/historie/": KUNDENDATEN_SGB3,  # Kontakthistorie über einen abgeschlossenen Kontakt
    "/postkorb/os_algplus/": {"os_algplus"},
    "/postkorb/fk_direktion_qs/": {"fk_direktion"},
    "/postkorb/team_sc3/": {"teamleitung"},
    "/protokoll/": {"administration"},
    "/kennzahlen/": {"teamleitung", "teamleitung_fk", "teamleitung_emb"},
    "/qs/": {"teamleitung", "teamleitung_fk", "teamleitung_emb"},
    # Stichprobe am Standort der Teamleitung, mit Kontakten des SGB III am Telefon: nicht für die Teamleitung
    # Familienkasse (anderer Rechtskreis) und nicht für die Teamleitung E-Mail (anderer Kanal)
    "/qs/stichprobe/{stichprobe}/": {"teamleitung"},
    "/qs/bewertung/{bewertung}/": {"teamleitung"},
}
# Seite → Rollen mit dem Recht, denen das Objekt nicht gehört: 404 wie ein unbekanntes (ein 403 verriete es)
FREMD: dict[str, set[str]] = {
    "/qs/stichprobe/{stichprobe}/": {"teamleitung_fk", "teamleitung_emb"},
    "/qs/bewertung/{bewertung}/": {"teamleitung_fk", "teamleitung_emb"},
}


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def abgeschlossen(benutzer: Callable[..., Any], kunde: str) -> uuid.UUID:
    """Ein abgeschlossener Kontakt mit dem Kunden (Schlüssel der Kontakthistorie)."""
    agent = benutzer("agent_sc3", "matrix-agent")
    return services.kontakt_abschliessen(agent, services.kontakt_starten(agent, "SC 3.003", kunde), "Vermerk.").pk


@pytest.fixture
def schluessel(benutzer: Callable[..., Any], abgeschlossen: uuid.UUID) -> dict[str, Any]:
    """Die Schlüssel der Seiten-URLs: der abgeschlossene Kontakt, eine QS-Stichprobe mit ihm (Nürnberg)."""
    stichprobe = qs.stichprobe_ziehen(benutzer("teamleitung", "matrix-tl"), heute=zeit.heute(), jetzt=zeit.jetzt())
    return {"abgeschlossen": abgeschlossen, "stichprobe": stichprobe.pk,
            "bewertung": stichprobe.bewertungen.get(kontakt_id=abgeschlossen).pk}


@pytest.mark.parametrize("rolle", sorted(ROLLEN))
@pytest.mark.parametrize("seite", sorted(SEITEN))
def test_rolle_sieht_nur_ihre_seiten(benutzer: Callable[..., Any], schluessel: dict[str, Any], rolle: str,
                                     seite: str) -> None:
    antwort = _client(benutzer(rolle)).get(seite.format(**schluessel))
    erwartet = 200 if rolle in SEITEN[seite] else 404 if rolle in FREMD.get(seite, set()) else 403
    assert antwort.status_code == erwartet, (rolle, seite)


@pytest.mark.parametrize("seite", sorted(SEITEN))
def test_anonym_wird_zur_anmeldung_geleitet(client: Client, seite: str) -> None:
    antwort = client.get(seite.format(abgeschlossen=uuid.uuid4(), stichprobe=1, bewertung=1))
    assert antwort.status_code == 302 and antwort["Location"].startswith("/anmelden/")


@pytest.mark.parametrize("rolle", sorted(ROLLEN))
def test_kontakt_starten_nur_im_eigenen_kanal(benutzer: Callable[..., Any], kunde: str, rolle: str) -> None:
    antwort = _client(benutzer(rolle)).post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": kunde})
    if rolle == "agent_sc3":
        assert antwort.status_code == 302 and antwort["Location"].startswith("/kontakt/")
    else:
        assert antwort.status_code == 403


@pytest.mark.parametrize("rolle", sorted(ROLLEN))
def test_aufgabe_nehmen_nur_im_eigenen_postkorb(benutzer: Callable[..., Any], kunde: str, rolle: str) -> None:
    aufgabe = systeme().aufgaben.erstellen("os_algplus", "ALG prüfen", kunde, "", "test", "")
    antwort = _client(benutzer(rolle)).post(f"/postkorb/os_algplus/{aufgabe.id}/nehmen/")
    assert antwort.status_code == (302 if rolle == "os_algplus" else 403)
    status = systeme().aufgaben.liste("os_algplus")[0].status
    assert status == ("in_bearbeitung" if rolle == "os_algplus" else "offen")


def test_kanaele_und_postkoerbe_je_rolle(benutzer: Callable[..., Any]) -> None:
    erwartet = {"agent_ez": (["ez"], []), "agent_sc3": (["sc3"], []), "agent_scfk": (["scfk"], []),
                "agent_emb": (["emb"], []), "os_algplus": ([], ["os_algplus"]),
                "fk_direktion": ([], ["fk_direktion_qs"]), "teamleitung": ([], ["team_sc3", "team_ez"]),
                "teamleitung_emb": ([], []), "teamleitung_fk": ([], []),
                "redaktion": ([], []), "administration": ([], [])}
    for rolle, (kanaele, koerbe) in erwartet.items():
        user = benutzer(rolle)
        assert (zugriff.kanaele_fuer(user), zugriff.postkoerbe_fuer(user)) == (kanaele, koerbe), rolle
        assert zugriff.darf_kunden_sehen(user) is (rolle in KUNDENDATEN)
        assert zugriff.darf_protokoll_sehen(user) is (rolle == "administration")
        assert zugriff.darf_kennzahlen_sehen(user) is (rolle in ("teamleitung", "teamleitung_fk", "teamleitung_emb"))
        assert zugriff.darf_qs(user) is (rolle in ("teamleitung", "teamleitung_fk", "teamleitung_emb"))
        assert zugriff.darf_quarantaene_sehen(user) is (rolle == "teamleitung_emb")
        assert zugriff.darf_katalog_bearbeiten(user) is (rolle == "redaktion")
        assert zugriff.darf_katalog_sehen(user) is True
        assert zugriff.darf_leitfaden_nutzen(user, "SC 3.003") is (rolle == "agent_sc3")


def test_ohne_rolle_und_anonym_darf_nichts(benutzer: Callable[..., Any]) -> None:
    from django.contrib.auth.models import AnonymousUser

    for user in (benutzer("", "ohne-rolle"), AnonymousUser()):
        assert zugriff.kanaele_fuer(user) == [] and not zugriff.darf_kunden_sehen(user)
        assert not zugriff.darf_protokoll_sehen(user) and zugriff.postkoerbe_fuer(user) == []
        assert not zugriff.darf_kennzahlen_sehen(user) and not zugriff.darf_qs(user)
        assert not zugriff.darf_quarantaene_sehen(user)
    assert zugriff.darf_katalog_sehen(AnonymousUser()) is False


def test_baustein_ist_kein_startbarer_leitfaden(benutzer: Callable[..., Any]) -> None:
    assert not zugriff.darf_leitfaden_nutzen(benutzer("agent_sc3"), "BS Terminabsage")
    assert not zugriff.darf_leitfaden_nutzen(benutzer("agent_sc3"), "gibt es nicht")


def test_abgeschlossener_kontakt_in_historie_fuer_backoffice(benutzer: Callable[..., Any], kunde: str) -> None:
    agent = benutzer("agent_sc3")
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    assert not zugriff.darf_kontakt_sehen(benutzer("os_algplus"), k)
    services.kontakt_abschliessen(agent, k, "Kunde legte auf.")
    k.refresh_from_db()
    assert zugriff.darf_kontakt_sehen(benutzer("os_algplus", "os2"), k)
    assert not zugriff.darf_kontakt_sehen(benutzer("redaktion"), k)
    seite = _client(agent).get(f"/kontakt/{k.pk}/historie/")
    assert "Kunde legte auf." in seite.content.decode() and "Vorzeitig beendet" in seite.content.decode()


def test_protokollseite_zeigt_zugriffe(benutzer: Callable[..., Any], kunde: str) -> None:
    agent = benutzer("agent_sc3")
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    services.kontakt_beantworten(agent, k, "identitaet_geprueft", "ja")     # die Historie erst danach (A3)
    _client(agent).get(f"/kontakt/{k.pk}/historie/")
    assert Zugriff.objects.filter(aktion="kundenhistorie_lesen", kundennummer=kunde).count() == 1
    seite = _client(benutzer("administration")).post("/protokoll/", {"kundennummer": kunde}).content.decode()
    assert "kundenhistorie_lesen" in seite and "t-agent_sc3" in seite
    assert 'method="post" class="filter"' in seite     # der Filter setzt keine Kundennummer in die URL
