"""domain.md A3 „Identity first“ auch für die Kontakthistorie: Vor der bestätigten Identität zeigt der Arbeitsplatz
über den Fall nichts — weder über die Adresse der Historie am Leitfaden vorbei noch über „Kontakthistorie“ beim
Anliegen wählen (dort nur, wann welcher Leitfaden mit welchem Ergebnis lief). Dazu: Die Uhr eines abgeschlossenen
Kontakts steht still."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.gespraech import services
from kundenportal.konten.models import Zugriff

pytestmark = pytest.mark.django_db


def _frueherer_kontakt(agent: Any, kunde: str) -> None:
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    services.kontakt_beantworten(agent, k, "identitaet_geprueft", "ja")
    services.kontakt_abschliessen(agent, k, "Termin bleibt, Kundin informiert.")


def test_historie_eines_offenen_kontakts_erst_nach_der_identitaet(benutzer: Callable[..., Any], kunde: str,
                                                                  client: Client) -> None:
    agent = benutzer("agent_sc3")
    _frueherer_kontakt(agent, kunde)
    client.force_login(agent)
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    vorher = client.get(f"/kontakt/{k.pk}/historie/", follow=True)
    html = vorher.content.decode()
    assert vorher.redirect_chain[-1][0] == f"/kontakt/{k.pk}/"             # zurück ins Gespräch …
    assert "sobald die Identität im Leitfaden bestätigt ist" in html       # … mit dem Grund
    assert "Termin bleibt, Kundin informiert." not in html and "Erika" not in html
    assert Zugriff.objects.filter(aktion="kundenhistorie_lesen", kundennummer=kunde, kontakt=k.pk).count() == 0

    services.kontakt_beantworten(agent, k, "identitaet_geprueft", "ja")
    nachher = client.get(f"/kontakt/{k.pk}/historie/").content.decode()
    assert "Termin bleibt, Kundin informiert." in nachher and "Erika Mustermann" in nachher


def test_liste_beim_anliegen_waehlen_ohne_vermerk_und_person(benutzer: Callable[..., Any], kunde: str,
                                                              client: Client) -> None:
    agent = benutzer("agent_sc3")
    _frueherer_kontakt(agent, kunde)
    client.force_login(agent)
    anliegen = client.post("/kontakt/neu/", {"kundennummer": kunde}, follow=True)
    schluessel = anliegen.wsgi_request.path.rstrip("/").split("/")[-1]
    html = client.get(f"/kunden/{schluessel}/").content.decode()
    assert "SC 3.003" in html and 'id="vor-identitaet"' in html
    assert "Termin bleibt, Kundin informiert." not in html and "Mustermann" not in html and ">Vermerk<" not in html
    assert Zugriff.objects.filter(aktion="kundenhistorie_lesen", kundennummer=kunde).exists()   # protokolliert


def test_uhr_eines_abgeschlossenen_kontakts_steht(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    agent = benutzer("agent_sc3")
    client.force_login(agent)
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    offen = client.get(f"/kontakt/{k.pk}/").content.decode()
    assert 'id="uhr"' in offen and "data-ende" not in offen
    services.kontakt_beantworten(agent, k, "identitaet_geprueft", "nein")
    services.kontakt_abschliessen(agent, k, "Identität nicht bestätigt.")
    k.refresh_from_db()
    seite = client.get(f"/kontakt/{k.pk}/").content.decode()          # die Abschlussseite, mit der Uhr
    assert f'data-ende="{k.abgeschlossen.isoformat()}"' in seite


def test_titel_der_historie_ohne_kundennummer(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    """Der Seitentitel landet im Browserverlauf: keine Kundennummer darin (die Überschrift darf sie nennen)."""
    agent = benutzer("agent_sc3")
    _frueherer_kontakt(agent, kunde)
    client.force_login(agent)
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    services.kontakt_beantworten(agent, k, "identitaet_geprueft", "ja")
    html = client.get(f"/kontakt/{k.pk}/historie/").content.decode()
    titel = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert titel.startswith("Kontakthistorie") and kunde not in titel


@pytest.mark.parametrize(("leitfaden", "ohne"), [("SC 3.017", True), ("SC 3.003", False), ("FK 4.404", False)])
def test_kundenbereich_sagt_ob_der_leitfaden_die_identitaet_prueft(leitfaden: str, ohne: bool,
                                                                   benutzer: Callable[..., Any], kunde: str,
                                                                   client: Client) -> None:
    """Rundgang SC III: SC 3.017 (Arbeitgeber, Betriebsnummer) fragt keine Identität — der Kundenbereich versprach
    trotzdem „Kundendaten erscheinen, sobald die Identität bestätigt ist“. FK 4.404 prüft sie in der eingebundenen
    Eröffnung FK 4.001."""
    agent = benutzer("agent_scfk" if leitfaden.startswith("FK") else "agent_sc3")
    client.force_login(agent)
    k = services.kontakt_starten(agent, leitfaden, kunde)
    html = client.get(f"/kontakt/{k.pk}/").content.decode()
    assert ('id="ohne-identitaet"' in html) is ohne
    assert ("Kundendaten erscheinen, sobald die Identität bestätigt ist." in html) is not ohne
