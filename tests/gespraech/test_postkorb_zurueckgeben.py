"""Postkorb, Rundgang Familienkasse Direktion: eine übernommene Aufgabe lässt sich zurückgeben (nur von der Person,
die sie hat; wieder offen, ohne Bearbeiter; protokolliert), die Karte zeigt Text, wer sie wann erstellt hat, den
Kontakt (als Verweis nur, wenn die Rolle ihn sehen darf) und andere offene Aufgaben zur selben Kundennummer; die
Kontakthistorie zeigt die Aufgaben an andere Teams mit Ergebnis — nur im eigenen Rechtskreis und nie vor der
bestätigten Identität."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.fachverfahren.ports.aufgaben import Aufgaben
from kundenportal.fachverfahren.registry import systeme
from kundenportal.fachverfahren.speicher import SpeicherSysteme
from kundenportal.gespraech import aufgaben
from kundenportal.gespraech.fehler import KeinZugriff, Konflikt
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten.models import Zugriff
from kundenportal.leitfaden.standorte import standorte_laden
from tests.conftest import CONTENT

pytestmark = pytest.mark.django_db

FK = "fk_direktion_qs"
URL = f"/postkorb/{FK}/"


@pytest.fixture(params=["referenz", "speicher"])
def port(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Aufgaben:
    if request.param == "speicher":
        zwilling = SpeicherSysteme(standorte_laden(CONTENT / "standorte.yaml")).systeme()
        monkeypatch.setattr(aufgaben, "systeme", lambda: zwilling)
        return zwilling.aufgaben
    return systeme().aufgaben


def _kontakt(user: Any, kanal: str, kunde: str, **mehr: Any) -> Kontakt:
    werte = dict(kundennummer=kunde, leitfaden="FK 1.001", stand=dt.date(2020, 3, 2), weisung="202003006",
                 status=Kontakt.ABGESCHLOSSEN, ergebnis="erledigt", vermerk="Übergabe an die Direktion.")
    return Kontakt.objects.create(user=user, kanal=kanal, **{**werte, **mehr})


# --- Dienst -------------------------------------------------------------------------------------------------

def test_zurueckgeben_nur_wer_sie_hat(port: Aufgaben, benutzer: Callable[..., Any], kunde: str) -> None:
    anna, bernd = benutzer("fk_direktion", "fk-anna"), benutzer("fk_direktion", "fk-bernd")
    a = port.erstellen(FK, "Kindergeld prüfen", kunde, "", "test", "")
    with pytest.raises(Konflikt) as fehler:
        aufgaben.aufgabe_zurueckgeben(anna, FK, a.id)
    assert fehler.value.code == "aufgabe_nicht_uebernommen"
    aufgaben.aufgabe_nehmen(anna, FK, a.id)
    with pytest.raises(Konflikt) as fehler:
        aufgaben.aufgabe_zurueckgeben(bernd, FK, a.id)
    assert fehler.value.code == "aufgabe_fremd" and "fk-anna" in fehler.value.meldung
    with pytest.raises(KeinZugriff):                    # ein Postkorb eines anderen Teams (und Rechtskreises)
        aufgaben.aufgabe_zurueckgeben(benutzer("os_algplus"), FK, a.id)

    zurueck = aufgaben.aufgabe_zurueckgeben(anna, FK, a.id)
    assert (zurueck.status, zurueck.bearbeiter) == ("offen", "")
    assert aufgaben.aufgabe_nehmen(bernd, FK, a.id).bearbeiter == "fk-bernd"       # jetzt kann ein anderer
    aufgaben.aufgabe_schliessen(bernd, FK, a.id, "Geprüft.")
    with pytest.raises(Konflikt, match="bereits erledigt"):
        aufgaben.aufgabe_zurueckgeben(bernd, FK, a.id)
    assert list(Zugriff.objects.filter(user=anna).order_by("pk").values_list("aktion", "kundennummer")) == [
        ("aufgabe_nehmen", kunde), ("aufgabe_zurueckgeben", kunde)]


# --- Seite: Zurückgeben -------------------------------------------------------------------------------------

def _seite(client: Client, url: str = URL) -> str:
    antwort = client.get(url)
    assert antwort.status_code == 200
    return antwort.content.decode()


def test_zurueckgeben_knopf_nur_bei_der_eigenen_und_prg(benutzer: Callable[..., Any], kunde: str,
                                                        client: Client) -> None:
    anna, bernd = benutzer("fk_direktion", "fk-anna"), benutzer("fk_direktion", "fk-bernd")
    a = systeme().aufgaben.erstellen(FK, "Kindergeld prüfen", kunde, "", "test", "")
    client.force_login(anna)
    assert f'aria-label="Zurückgeben: Aufgabe {a.id}"' not in _seite(client)          # offen: nur Übernehmen
    client.post(f"{URL}{a.id}/nehmen/")
    seite = _seite(client)
    assert f'action="{URL}{a.id}/zurueckgeben/"' in seite and f'aria-label="Zurückgeben: Aufgabe {a.id}"' in seite

    zweiter = Client()
    zweiter.force_login(bernd)
    assert f'aria-label="Zurückgeben: Aufgabe {a.id}"' not in _seite(zweiter)         # bei fk-anna
    antwort = zweiter.post(f"{URL}{a.id}/zurueckgeben/")
    assert antwort.status_code == 302
    assert "zurückgeben kann sie nur, wer sie übernommen hat" in _seite(zweiter)
    assert systeme().aufgaben.liste(FK)[0].bearbeiter == "fk-anna"

    antwort = client.post(f"{URL}{a.id}/zurueckgeben/")
    assert antwort.status_code == 302 and antwort["Location"] == URL
    seite = _seite(client)
    assert f"Aufgabe {a.id} zurückgegeben." in seite and f'action="{URL}{a.id}/nehmen/"' in seite
    gespeichert = systeme().aufgaben.liste(FK)[0]
    assert (gespeichert.status, gespeichert.bearbeiter) == ("offen", "")
    assert list(Zugriff.objects.filter(user=anna).exclude(aktion="postkorb_lesen").order_by("pk").values_list(
        "aktion", "kundennummer")) == [("aufgabe_nehmen", kunde), ("aufgabe_zurueckgeben", kunde)]
    assert not Zugriff.objects.filter(user=bernd, aktion="aufgabe_zurueckgeben").exists()
    assert client.get(f"{URL}{a.id}/zurueckgeben/").status_code == 405                 # nur POST


def test_zurueckgeben_fremde_rolle_403_unbekannt_meldung(benutzer: Callable[..., Any], kunde: str,
                                                         client: Client) -> None:
    fk = benutzer("fk_direktion", "fk-anna")
    a = systeme().aufgaben.erstellen(FK, "Kindergeld prüfen", kunde, "", "test", "")
    aufgaben.aufgabe_nehmen(fk, FK, a.id)
    client.force_login(benutzer("os_algplus"))
    assert client.post(f"{URL}{a.id}/zurueckgeben/").status_code == 403
    assert client.post(f"/postkorb/gibt_es_nicht/{a.id}/zurueckgeben/").status_code == 403
    client.force_login(fk)
    antwort = client.post(f"{URL}{a.id + 1000}/zurueckgeben/")
    assert antwort.status_code == 302 and "liegt nicht im Postkorb" in _seite(client)
    assert systeme().aufgaben.liste(FK)[0].bearbeiter == "fk-anna"


# --- Seite: die Karte ---------------------------------------------------------------------------------------

def test_karte_zeigt_text_ersteller_kontakt_und_weitere(benutzer: Callable[..., Any], kunde: str,
                                                        client: Client) -> None:
    fk = benutzer("fk_direktion", "fk-anna")
    agentin = benutzer("agent_scfk", "scfk-clara")
    eigener = _kontakt(agentin, "scfk", kunde)
    fremder = _kontakt(benutzer("agent_sc3", "sc3-dora"), "sc3", kunde, leitfaden="SC 3.003")
    port = systeme().aufgaben
    erste = port.erstellen(FK, "Kindergeld prüfen", kunde, "Bitte Anspruch ab 03/2020 prüfen.", "scfk-clara",
                           str(eigener.pk))
    zweite = port.erstellen(FK, "Kindergeld prüfen", kunde, "", "sc3-dora", str(fremder.pk))
    dritte = port.erstellen(FK, "Kinderzuschlag", kunde, "", "scfk-clara", "")
    einzeln = port.erstellen(FK, "Anderer Fall", "955T000009", "", "scfk-clara", "")
    aufgaben.aufgabe_nehmen(fk, FK, dritte.id)
    Zugriff.objects.all().delete()
    client.force_login(fk)
    seite = _seite(client)

    def karte(aufgabe_id: int) -> str:
        treffer = re.search(rf'<article [^>]*id="aufgabe-{aufgabe_id}".*?</article>', seite, re.S)
        assert treffer is not None
        return treffer.group(0)

    erste_karte = karte(erste.id)
    assert "Bitte Anspruch ab 03/2020 prüfen." in erste_karte
    assert re.search(r"<dt>Erstellt</dt><dd>\d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr von scfk-clara</dd>", erste_karte)
    assert f'href="/kontakt/{eigener.pk}/historie/#kontakt-{eigener.pk}"' in erste_karte
    assert "1 weitere offene Aufgabe zu dieser Kundennummer" in erste_karte      # die zweite; die dritte ist übernommen
    zweite_karte = karte(zweite.id)              # aus einem SGB-III-Kontakt: kein Verweis, nichts über ihn
    assert str(fremder.pk) not in seite and "für Sie nicht einsehbar" in zweite_karte
    assert "1 weitere offene Aufgabe zu dieser Kundennummer" in zweite_karte
    assert "2 weitere offene Aufgaben zu dieser Kundennummer" in karte(dritte.id)
    assert "weitere offene" not in karte(einzeln.id)
    assert set(Zugriff.objects.values_list("aktion", "kundennummer")) == {
        ("postkorb_lesen", kunde), ("postkorb_lesen", "955T000009")}


# --- Kontakthistorie: Aufgaben an andere Teams --------------------------------------------------------------

def _aufgaben_an_teams(benutzer: Callable[..., Any], kunde: str) -> tuple[Any, Any]:
    """Eine erledigte Aufgabe an die Familienkasse Direktion und eine offene an OS AlgPlus, zur selben Kundennummer."""
    fk = benutzer("fk_direktion", "fk-anna")
    port = systeme().aufgaben
    direktion = port.erstellen(FK, "Kindergeld prüfen", kunde, "", "scfk-clara", "")
    aufgaben.aufgabe_nehmen(fk, FK, direktion.id)
    aufgaben.aufgabe_schliessen(fk, FK, direktion.id, "Anspruch bestätigt, Bescheid versandt.")
    algplus = port.erstellen("os_algplus", "Sperrzeit prüfen", kunde, "", "sc3-dora", "")
    return direktion, algplus


def _abschnitt(html: str) -> str:
    treffer = re.search(r'<section aria-labelledby="aufgaben-an-teams-titel".*?</section>', html, re.S)
    assert treffer is not None, html
    return treffer.group(0)


def test_historie_zeigt_aufgaben_im_eigenen_rechtskreis(benutzer: Callable[..., Any], kunde: str,
                                                       client: Client) -> None:
    direktion, algplus = _aufgaben_an_teams(benutzer, kunde)
    agentin = benutzer("agent_scfk", "scfk-clara")
    k = _kontakt(agentin, "scfk", kunde)
    Zugriff.objects.all().delete()
    client.force_login(agentin)
    abschnitt = _abschnitt(_seite(client, f"/kontakt/{k.pk}/historie/"))
    assert "<h2 id=\"aufgaben-an-teams-titel\">Aufgaben an andere Teams</h2>" in abschnitt
    assert "Familienkasse Direktion (Qualitätsprüfung)" in abschnitt and "Kindergeld prüfen" in abschnitt
    assert "Anspruch bestätigt, Bescheid versandt." in abschnitt
    assert re.search(r"<dt>Erledigt am</dt><dd>\d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr</dd>", abschnitt)
    assert "Sperrzeit prüfen" not in abschnitt and "OS AlgPlus" not in abschnitt      # SGB III: nicht hier
    assert f'id="aufgabe-an-team-{algplus.id}"' not in abschnitt
    assert Zugriff.objects.filter(user=agentin, aktion="kundenhistorie_lesen", kundennummer=kunde).exists()

    sc3 = benutzer("agent_sc3", "sc3-dora")
    eigener = _kontakt(sc3, "sc3", kunde, leitfaden="SC 3.003")
    client.force_login(sc3)
    abschnitt = _abschnitt(_seite(client, f"/kontakt/{eigener.pk}/historie/"))
    assert "OS AlgPlus" in abschnitt and "Sperrzeit prüfen" in abschnitt and "<dt>Status</dt><dd>offen</dd>" in abschnitt
    assert "Kindergeld" not in abschnitt and "Anspruch bestätigt" not in abschnitt
    assert f'id="aufgabe-an-team-{direktion.id}"' not in abschnitt


def test_historie_vor_der_identitaet_ohne_aufgaben(benutzer: Callable[..., Any], kunde: str,
                                                   client: Client) -> None:
    _aufgaben_an_teams(benutzer, kunde)
    agent = benutzer("agent_sc3", "sc3-dora")
    client.force_login(agent)
    anliegen = client.post("/kontakt/neu/", {"kundennummer": kunde}, follow=True)
    schluessel = anliegen.wsgi_request.path.rstrip("/").split("/")[-1]
    html = _seite(client, f"/kunden/{schluessel}/")
    assert 'id="vor-identitaet"' in html
    assert "Aufgaben an andere Teams" not in html and "Sperrzeit prüfen" not in html
