"""Postkorb der Sachbearbeitung: erledigt wird nur, was man selbst übernommen hat, und nur mit einem Ergebnis
(Pflicht, höchstens 1.000 Zeichen wie der Browser zählt, nur Text). Die Regeln stehen im Dienst
(gespraech.aufgaben), die Referenz und der Zwilling im Speicher verhalten sich gleich. Die Seite zeigt offene
und übernommene Aufgaben, die erledigten hinter ?status=erledigt (neueste zuerst, mit Ergebnis, wer und wann);
ein abgelehntes Ergebnis steht mit dem getippten Text und der Meldung am Feld wieder da."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.fachverfahren.ports.aufgaben import Aufgabe, Aufgaben
from kundenportal.fachverfahren.registry import systeme
from kundenportal.fachverfahren.speicher import SpeicherSysteme
from kundenportal.gespraech import aufgaben
from kundenportal.gespraech.fehler import Abgelehnt, GespraechFehler, KeinZugriff, Konflikt
from kundenportal.konten.models import Zugriff
from kundenportal.leitfaden.standorte import standorte_laden
from tests.conftest import CONTENT

pytestmark = pytest.mark.django_db

ZWEITER_KUNDE = "955T000009"


@pytest.fixture(params=["referenz", "speicher"])
def port(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Aufgaben:
    """Der Aufgaben-Port, über den der Dienst geht: die Referenz (Datenbank) oder der Zwilling im Speicher."""
    if request.param == "speicher":
        zwilling = SpeicherSysteme(standorte_laden(CONTENT / "standorte.yaml")).systeme()
        monkeypatch.setattr(aufgaben, "systeme", lambda: zwilling)
        return zwilling.aufgaben
    return systeme().aufgaben


def _aufgabe(port: Aufgaben, aufgabe_id: int, postkorb: str = "os_algplus") -> Aufgabe:
    return next(a for a in port.liste(postkorb) if a.id == aufgabe_id)


def _unveraendert(port: Aufgaben, vorher: Aufgabe) -> None:
    nachher = _aufgabe(port, vorher.id)
    assert (nachher.status, nachher.bearbeiter, nachher.ergebnis, nachher.erledigt) == (
        vorher.status, vorher.bearbeiter, "", None)


# --- Dienst -------------------------------------------------------------------------------------------------

def test_schliessen_ohne_uebernehmen_wird_abgelehnt(port: Aufgaben, benutzer: Callable[..., Any],
                                                    kunde: str) -> None:
    sb = benutzer("os_algplus")
    a = port.erstellen("os_algplus", "ALG prüfen", kunde, "", "test", "")
    with pytest.raises(Konflikt) as fehler:
        aufgaben.aufgabe_schliessen(sb, "os_algplus", a.id, "Erledigt.")
    assert fehler.value.code == "aufgabe_nicht_uebernommen"
    assert fehler.value.meldung.startswith(f"Aufgabe {a.id} hat noch niemand übernommen.")
    _unveraendert(port, a)
    assert not Zugriff.objects.filter(aktion="aufgabe_schliessen").exists()


def test_fremde_aufgabe_schliessen_wird_abgelehnt(port: Aufgaben, benutzer: Callable[..., Any], kunde: str) -> None:
    anna, bernd = benutzer("os_algplus", "sb-anna"), benutzer("os_algplus", "sb-bernd")
    a = port.erstellen("os_algplus", "ALG prüfen", kunde, "", "test", "")
    genommen = aufgaben.aufgabe_nehmen(anna, "os_algplus", a.id)
    with pytest.raises(Konflikt) as fehler:
        aufgaben.aufgabe_schliessen(bernd, "os_algplus", a.id, "Erledigt.")
    assert fehler.value.code == "aufgabe_fremd" and "sb-anna" in fehler.value.meldung
    with pytest.raises(Konflikt, match="nicht mehr offen: sie bearbeitet sb-anna"):
        aufgaben.aufgabe_nehmen(bernd, "os_algplus", a.id)
    _unveraendert(port, genommen)


@pytest.mark.parametrize(("ergebnis", "code"), [
    ("", "ergebnis_leer"), ("   \r\n\t ", "ergebnis_leer"), ("x" * 1001, "ergebnis_lang"),
    ("<b>Rente</b> bewilligt", "ergebnis_markup")])
def test_ungueltiges_ergebnis_aendert_nichts(port: Aufgaben, benutzer: Callable[..., Any], kunde: str,
                                             ergebnis: str, code: str) -> None:
    sb = benutzer("os_algplus")
    a = port.erstellen("os_algplus", "ALG prüfen", kunde, "", "test", "")
    genommen = aufgaben.aufgabe_nehmen(sb, "os_algplus", a.id)
    with pytest.raises(Abgelehnt) as fehler:
        aufgaben.aufgabe_schliessen(sb, "os_algplus", a.id, ergebnis)
    assert fehler.value.code == code
    _unveraendert(port, genommen)
    assert not Zugriff.objects.filter(aktion="aufgabe_schliessen").exists()


def test_schliessen_mit_ergebnis_speichert_ergebnis_und_zeitpunkt(port: Aufgaben, benutzer: Callable[..., Any],
                                                                   kunde: str) -> None:
    sb = benutzer("os_algplus", "sb-carla")
    a = port.erstellen("os_algplus", "ALG prüfen", kunde, "", "test", "")
    aufgaben.aufgabe_nehmen(sb, "os_algplus", a.id)
    # 1.000 Zeichen, wie die Textarea zählt: der Zeilenumbruch (gesendet als \r\n) ist eines
    text = "a" * 500 + "\r\n" + "b" * 499
    erledigt = aufgaben.aufgabe_schliessen(sb, "os_algplus", a.id, f"  {text}  ")
    assert (erledigt.status, erledigt.bearbeiter) == ("erledigt", "sb-carla")
    assert erledigt.ergebnis == "a" * 500 + "\n" + "b" * 499 and erledigt.erledigt is not None
    gelesen = _aufgabe(port, a.id)
    assert (gelesen.status, gelesen.ergebnis, gelesen.erledigt) == ("erledigt", erledigt.ergebnis, erledigt.erledigt)
    assert erledigt.erledigt >= gelesen.erstellt
    assert set(Zugriff.objects.filter(user=sb).values_list("aktion", "kundennummer")) == {
        ("aufgabe_nehmen", kunde), ("aufgabe_schliessen", kunde)}
    with pytest.raises(Konflikt, match="bereits erledigt"):
        aufgaben.aufgabe_schliessen(sb, "os_algplus", a.id, "Noch einmal.")


def test_fremder_postkorb_und_unbekannte_aufgabe(port: Aufgaben, benutzer: Callable[..., Any], kunde: str) -> None:
    a = port.erstellen("os_algplus", "ALG prüfen", kunde, "", "test", "")
    with pytest.raises(KeinZugriff):
        aufgaben.aufgabe_schliessen(benutzer("fk_direktion"), "os_algplus", a.id, "Erledigt.")
    with pytest.raises(GespraechFehler, match="liegt nicht im Postkorb"):
        aufgaben.aufgabe_nehmen(benutzer("os_algplus"), "os_algplus", a.id + 1000)
    _unveraendert(port, a)


@pytest.mark.parametrize(("rolle", "postkorb", "meldung"), [
    ("agent_sc3", "fk_direktion", "Einen Postkorb mit diesem Namen gibt es nicht. Ihre Rolle hat keinen Postkorb."),
    ("os_algplus", "fk_direktion_qs", "Den Postkorb Familienkasse Direktion (Qualitätsprüfung) dürfen Sie nicht sehen. "
                                      "Ihre Postkörbe: OS AlgPlus."),
    ("os_algplus", "<b>x</b>", "Einen Postkorb mit diesem Namen gibt es nicht. Ihre Postkörbe: OS AlgPlus."),
])
def test_fremder_oder_unbekannter_postkorb_nennt_die_eigenen_nicht_den_namen_aus_der_adresse(
        benutzer: Callable[..., Any], rolle: str, postkorb: str, meldung: str) -> None:
    """Rundgang Dezember 2026: „Den Postkorb fk_direktion dürfen Sie nicht sehen.“ wiederholte den Namen aus der
    Adresse, als gäbe es den Postkorb."""
    with pytest.raises(KeinZugriff) as fehler:
        aufgaben.postkorb_lesen(benutzer(rolle), postkorb)
    assert fehler.value.meldung == meldung


def test_ansichten_und_zahlen(port: Aufgaben, benutzer: Callable[..., Any], kunde: str) -> None:
    sb, kollege = benutzer("os_algplus", "sb-dora"), benutzer("os_algplus", "sb-emil")
    alt, mittel, neu, offen, fremd = (port.erstellen("os_algplus", f"Aufgabe {i}", kunde, "", "test", "")
                                      for i in range(5))
    for a in (alt, mittel, neu, fremd):
        aufgaben.aufgabe_nehmen(kollege if a is fremd else sb, "os_algplus", a.id)
    for a in (alt, neu, mittel):                        # in dieser Reihenfolge erledigt
        aufgaben.aufgabe_schliessen(sb, "os_algplus", a.id, f"Erledigt {a.id}.")
    korb = aufgaben.postkorb_lesen(sb, "os_algplus")
    assert [a.id for a in korb.aufgaben] == [offen.id, fremd.id]
    assert (korb.offen, korb.in_bearbeitung, korb.meine, korb.erledigt) == (1, 1, 0, 3)
    erledigt = aufgaben.postkorb_lesen(sb, "os_algplus", "erledigt")
    assert [a.id for a in erledigt.aufgaben] == [mittel.id, neu.id, alt.id]      # neueste zuerst
    assert erledigt.ansicht == "erledigt" and aufgaben.postkorb_lesen(sb, "os_algplus", "quatsch").ansicht == ""


# --- Seite --------------------------------------------------------------------------------------------------

def _seite(client: Client, url: str = "/postkorb/os_algplus/") -> str:
    antwort = client.get(url)
    assert antwort.status_code == 200
    return antwort.content.decode()


def test_liste_zeigt_offene_und_erledigte_hinter_dem_filter(benutzer: Callable[..., Any], kunde: str,
                                                           client: Client) -> None:
    sb = benutzer("os_algplus", "sb-frida")
    port = systeme().aufgaben
    erledigt = port.erstellen("os_algplus", "Rente prüfen", kunde, "", "test", "")
    offen = port.erstellen("os_algplus", "Sperrzeit prüfen", ZWEITER_KUNDE, "", "test", "")
    aufgaben.aufgabe_nehmen(sb, "os_algplus", erledigt.id)
    aufgaben.aufgabe_schliessen(sb, "os_algplus", erledigt.id, "Rente bewilligt,\nBescheid versandt.")
    Zugriff.objects.all().delete()
    client.force_login(sb)

    seite = _seite(client)
    assert f'id="aufgabe-{offen.id}"' in seite and "Sperrzeit prüfen" in seite
    assert f'id="aufgabe-{erledigt.id}"' not in seite and "Rente bewilligt" not in seite
    assert 'aria-current="page">Offen und in Bearbeitung (1)</a>' in seite and ">Erledigt (1)</a>" in seite
    assert set(Zugriff.objects.values_list("aktion", "kundennummer")) == {("postkorb_lesen", ZWEITER_KUNDE)}

    Zugriff.objects.all().delete()
    seite = _seite(client, "/postkorb/os_algplus/?status=erledigt")
    assert f'id="aufgabe-{erledigt.id}"' in seite and f'id="aufgabe-{offen.id}"' not in seite
    assert 'aria-current="page">Erledigt (1)</a>' in seite and "Erledigte Aufgaben, neueste zuerst" in seite
    assert "Rente bewilligt,\nBescheid versandt." in seite and "von sb-frida" in seite
    assert re.search(r"<dt>Erledigt</dt><dd>\d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr von sb-frida</dd>", seite)
    assert f'action="/postkorb/os_algplus/{erledigt.id}/' not in seite        # nichts mehr zu tun
    assert set(Zugriff.objects.values_list("aktion", "kundennummer")) == {("postkorb_lesen", kunde)}


def _meldung(seite: str) -> str:
    """Die Meldungen oben im Inhalt (base.html); ohne autofocus auf der Seite bekommen sie den Fokus (fokus.js)."""
    treffer = re.search(r'<div class="meldungen" id="meldungen" tabindex="-1">(.*?)</div>\n</div>', seite, re.S)
    assert treffer is not None and "autofocus" not in seite, seite
    return treffer.group(1)


def test_uebernehmen_und_erledigen_mit_fokus_auf_der_meldung(benutzer: Callable[..., Any], kunde: str,
                                                            client: Client) -> None:
    sb = benutzer("os_algplus", "sb-gero")
    a = systeme().aufgaben.erstellen("os_algplus", "ALG prüfen", kunde, "", "test", "")
    client.force_login(sb)
    assert "Erledigt: Aufgabe" not in _seite(client)

    antwort = client.post(f"/postkorb/os_algplus/{a.id}/nehmen/")
    assert antwort.status_code == 302 and antwort["Location"] == "/postkorb/os_algplus/"
    seite = _seite(client)
    meldung = _meldung(seite)
    assert "kern-alert--success" in meldung and f"Aufgabe {a.id} übernommen." in meldung
    assert f'<label class="kern-label" for="aufgabe-{a.id}-ergebnis">Ergebnis zu Aufgabe {a.id}</label>' in seite
    assert f'aria-label="Erledigt: Aufgabe {a.id}"' in seite and 'maxlength="1000"' in seite
    assert 'id="meldungen"' not in _seite(client)                     # die Meldung steht einmal da

    antwort = client.post(f"/postkorb/os_algplus/{a.id}/schliessen/", {"ergebnis": "Bescheid erteilt."})
    assert antwort.status_code == 302 and antwort["Location"] == "/postkorb/os_algplus/"
    seite = _seite(client)
    assert f"Aufgabe {a.id} erledigt." in _meldung(seite)
    assert f'id="aufgabe-{a.id}"' not in seite and "Keine offenen Aufgaben." in seite
    assert "Bescheid erteilt." in _seite(client, "/postkorb/os_algplus/?status=erledigt")
    assert list(Zugriff.objects.filter(user=sb).exclude(aktion="postkorb_lesen").order_by("pk").values_list(
        "aktion", "kundennummer")) == [("aufgabe_nehmen", kunde), ("aufgabe_schliessen", kunde)]


@pytest.mark.parametrize(("ergebnis", "meldung"), [
    ("   \r\n  ", aufgaben.ERGEBNIS_LEER),
    ("Zu lang. " * 112, "Das Ergebnis ist 1.007 Zeichen lang; erlaubt sind höchstens 1.000.")])
def test_abgelehntes_ergebnis_steht_mit_text_und_meldung_am_feld(benutzer: Callable[..., Any], kunde: str,
                                                                client: Client, ergebnis: str, meldung: str) -> None:
    sb = benutzer("os_algplus")
    a = systeme().aufgaben.erstellen("os_algplus", "ALG prüfen", kunde, "", "test", "")
    aufgaben.aufgabe_nehmen(sb, "os_algplus", a.id)
    client.force_login(sb)
    antwort = client.post(f"/postkorb/os_algplus/{a.id}/schliessen/", {"ergebnis": ergebnis})
    assert antwort.status_code == 400
    seite = antwort.content.decode()
    feld = re.search(rf'<textarea [^>]*id="aufgabe-{a.id}-ergebnis"[^>]*>', seite)
    assert feld is not None, seite
    assert 'aria-invalid="true"' in feld.group(0) and "autofocus" in feld.group(0)
    assert f'aria-describedby="aufgabe-{a.id}-ergebnis_helptext aufgabe-{a.id}-ergebnis_error"' in feld.group(0)
    fehler = re.search(rf'<p class="kern-error" id="aufgabe-{a.id}-ergebnis_error">.*?</p>', seite, re.S)
    assert fehler is not None and meldung in fehler.group(0)
    assert seite.count(meldung) == 1
    assert f"{feld.group(0)}\n{ergebnis.strip()}" in seite.replace("\r\n", "\n") or ergebnis.strip() == ""
    assert "<title>Fehler: Postkorb OS AlgPlus" in seite
    gespeichert = _aufgabe(systeme().aufgaben, a.id)
    assert (gespeichert.status, gespeichert.ergebnis, gespeichert.erledigt) == ("in_bearbeitung", "", None)
    assert not Zugriff.objects.filter(aktion="aufgabe_schliessen").exists()
    assert Zugriff.objects.filter(user=sb, aktion="postkorb_lesen", kundennummer=kunde).exists()


def test_erledigen_ohne_uebernehmen_oder_fremd_meldet_statt_500(benutzer: Callable[..., Any], kunde: str,
                                                             client: Client) -> None:
    anna, bernd = benutzer("os_algplus", "sb-anna"), benutzer("os_algplus", "sb-bernd")
    port = systeme().aufgaben
    offen = port.erstellen("os_algplus", "ALG prüfen", kunde, "", "test", "")
    fremd = port.erstellen("os_algplus", "Rente prüfen", kunde, "", "test", "")
    aufgaben.aufgabe_nehmen(anna, "os_algplus", fremd.id)
    client.force_login(bernd)
    seite = _seite(client)
    assert f'aria-label="Erledigt: Aufgabe {fremd.id}"' not in seite and "bei sb-anna" in seite
    for aufgabe, text in [(offen, "hat noch niemand übernommen"), (fremd, "bearbeitet sb-anna")]:
        antwort = client.post(f"/postkorb/os_algplus/{aufgabe.id}/schliessen/", {"ergebnis": "Erledigt."})
        assert antwort.status_code == 302
        seite = _seite(client)
        meldung = _meldung(seite)
        assert 'kern-alert--danger" role="alert"' in meldung and text in meldung
    assert [a.status for a in port.liste("os_algplus")] == ["offen", "in_bearbeitung"]
    # eine Rolle ohne diesen Postkorb: 403, auch mit leerem Ergebnis
    client.force_login(benutzer("fk_direktion"))
    assert client.post(f"/postkorb/os_algplus/{fremd.id}/schliessen/", {"ergebnis": ""}).status_code == 403
    assert client.post(f"/postkorb/os_algplus/{offen.id}/nehmen/").status_code == 403


def test_ergebnis_wird_als_text_gezeigt(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    sb = benutzer("os_algplus")
    a = systeme().aufgaben.erstellen("os_algplus", "ALG prüfen", kunde, "", "test", "")
    aufgaben.aufgabe_nehmen(sb, "os_algplus", a.id)
    aufgaben.aufgabe_schliessen(sb, "os_algplus", a.id, "Frist > 2 Wochen & Bescheid < morgen")
    client.force_login(sb)
    seite = _seite(client, "/postkorb/os_algplus/?status=erledigt")
    assert "Frist &gt; 2 Wochen &amp; Bescheid &lt; morgen" in seite
