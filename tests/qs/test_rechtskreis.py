"""Qualitätssicherung nur im eigenen Rechtskreis (domain.md 2.12; Sozial- und Steuergeheimnis): die
Teamleitung SGB III bekommt keinen Kanal und keinen Leitfaden der Familienkasse angeboten, zieht keinen
Kontakt der Familienkasse (auch nicht mit einem manipulierten POST) und öffnet keine Bewertung eines
solchen Kontakts (404 wie ein unbekannter, auch per direkter URL) — und nichts davon steht als gelesen im Zugriffsprotokoll."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal import zeit
from kundenportal.gespraech import services as gespraech
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten import zugriff
from kundenportal.konten.models import Zugriff
from kundenportal.konten.services import benutzer_anlegen
from kundenportal.qs import services
from kundenportal.qs.models import Bewertung, Stichprobe

pytestmark = pytest.mark.django_db
URTEILE = {"identitaet": "erfuellt", "ergebnis": "erfuellt", "vermerk": "erfuellt", "gespraech": "erfuellt"}


@pytest.fixture
def fk_kontakt(benutzer: Callable[..., Any], kunde: str) -> Kontakt:
    """Ein abgeschlossener Kontakt der Familienkasse in Nürnberg (FK 4.001, Identität nicht bestätigt)."""
    agent = benutzer("agent_scfk", "fk-agent")
    k = gespraech.kontakt_starten(agent, "FK 4.001", kunde)
    gespraech.kontakt_beantworten(agent, k, "identitaet_geprueft", "nein")
    k = gespraech.kontakt_abschliessen(agent, k, "Identität nicht bestätigt; Kind Max, öffentlicher Dienst.")
    assert (k.kanal, k.status) == ("scfk", Kontakt.ABGESCHLOSSEN)
    return k


@pytest.fixture
def fk_bewertung(fk_kontakt: Kontakt) -> Bewertung:
    """Eine Bewertung des FK-Kontakts in Nürnberg, gezogen von einer Teamleitung, die auch den Rechtskreis
    Familienkasse hat (so entsteht sie über den Dienst, nicht am Modell vorbei)."""
    beide = benutzer_anlegen("tl-beide", "geheim-123", ["teamleitung", "agent_scfk"], standort="Nürnberg")
    s = services.stichprobe_nach_plan(beide, monat=zeit.heute(), jetzt=zeit.jetzt(), kanal="scfk", seed=1)
    return s.bewertungen.get()


def test_qs_kanaele_folgen_dem_rechtskreis(benutzer: Callable[..., Any]) -> None:
    assert zugriff.qs_kanaele(benutzer("teamleitung")) == ["emb", "eservice", "ez", "sc3"]
    beide = benutzer_anlegen("tl-beide", "geheim-123", ["teamleitung", "agent_scfk"], standort="Nürnberg")
    assert "scfk" in zugriff.qs_kanaele(beide)
    assert zugriff.qs_kanaele(benutzer("agent_scfk")) == []          # ohne QS-Recht keiner


def test_formulare_bieten_nur_den_eigenen_rechtskreis_an(benutzer: Callable[..., Any], client: Client) -> None:
    client.force_login(benutzer("teamleitung"))
    seite = client.get("/qs/").content.decode()
    assert '<option value="sc3">Service Center SGB III (2.2.1)</option>' in seite
    assert '<option value="SC 3.003">SC 3.003: ' in seite                 # mit Titel, nicht nur die Nummer
    assert "scfk" not in seite and "Familienkasse" not in seite and "FK 4." not in seite


@pytest.mark.parametrize(("daten", "feld", "meldung"), [
    ({"monat": "{monat}", "kanal": "scfk"}, "kanal",
     "Den Kanal „scfk“ gibt es nicht oder er gehört nicht zu Ihrem Rechtskreis."),
    ({"monat": "{monat}", "kanal": "", "plan_leitfaden": "FK 4.001"}, "plan_leitfaden",
     "Den Leitfaden „FK 4.001“ gibt es nicht oder er gehört nicht zu Ihrem Rechtskreis."),
    ({"n": "5", "tage": "14", "leitfaden": "FK 4.001"}, "leitfaden",
     "Den Leitfaden „FK 4.001“ gibt es nicht oder er gehört nicht zu Ihrem Rechtskreis."),
])
def test_manipulierter_post_zieht_keinen_fk_kontakt(fk_kontakt: Kontakt, benutzer: Callable[..., Any],
                                                   client: Client, daten: dict[str, str], feld: str,
                                                   meldung: str) -> None:
    client.force_login(benutzer("teamleitung"))
    post = {k: v.format(monat=zeit.heute().strftime("%m.%Y")) for k, v in daten.items()}
    antwort = client.post("/qs/", post)
    assert antwort.status_code == 200
    seite = antwort.content.decode()
    assert meldung in seite and f'href="#id_{feld}"' in seite            # in der Fehlerliste, mit Link aufs Feld
    assert not Stichprobe.objects.exists()


def test_ohne_filter_werden_nur_kontakte_des_rechtskreises_gezogen(
        fk_kontakt: Kontakt, kontakt_abschliessen: Callable[..., Kontakt], benutzer: Callable[..., Any],
        client: Client) -> None:
    sgb3 = kontakt_abschliessen()
    tl = benutzer("teamleitung")
    client.force_login(tl)
    antwort = client.post("/qs/", {"monat": zeit.heute().strftime("%m.%Y"), "kanal": ""})
    assert antwort.status_code == 302
    plan = Stichprobe.objects.get()
    assert set(plan.bewertungen.values_list("kontakt_id", flat=True)) == {sgb3.pk}
    with pytest.raises(services.QsFehler) as leer:        # der FK-Kontakt bleibt auch in der freien Stichprobe weg
        services.stichprobe_ziehen(tl, heute=zeit.heute(), jetzt=zeit.jetzt())
    assert leer.value.code == "leer"
    with pytest.raises(services.KeinZugriff) as fremd:    # der Dienst prüft selbst, nicht nur das Formular
        services.stichprobe_nach_plan(tl, monat=zeit.heute(), jetzt=zeit.jetzt(), kanal="scfk")
    assert fremd.value.meldung == "Kontakte dieses Kanals gehören nicht zu Ihrem Rechtskreis (SGB III)."
    assert not Bewertung.objects.filter(kontakt=fk_kontakt).exists()


def test_fk_bewertung_ist_fuer_die_teamleitung_sgb3_verboten(fk_bewertung: Bewertung, benutzer: Callable[..., Any],
                                                              client: Client) -> None:
    tl = benutzer("teamleitung")
    assert zugriff.darf_stichprobe_sehen(tl, fk_bewertung.stichprobe)       # derselbe Standort …
    assert not zugriff.darf_qs_bewertung_sehen(tl, fk_bewertung)             # … aber nicht derselbe Rechtskreis
    client.force_login(tl)
    url = f"/qs/bewertung/{fk_bewertung.pk}/"
    antwort = client.get(url)
    assert antwort.status_code == 404                                   # wie eine unbekannte Bewertung
    seite = antwort.content.decode()
    assert "Seite nicht gefunden" in seite and "Rechtskreis" not in seite
    assert "FK 4.001" not in seite and "öffentlicher Dienst" not in seite and "Vermerk" not in seite
    assert client.post(url, URTEILE).status_code == 404
    assert client.post(f"{url}freigeben/").status_code == 404
    with pytest.raises(services.KeinZugriff) as verboten:
        services.bewertung_oeffnen(tl, fk_bewertung)
    assert verboten.value.meldung == ("Dieser Kontakt gehört nicht zu Ihrem Rechtskreis (SGB III); "
                                      "Sie bewerten nur Kontakte Ihres Rechtskreises.")
    with pytest.raises(services.KeinZugriff):
        services.bewertung_speichern(tl, fk_bewertung, URTEILE, "", jetzt=zeit.jetzt())
    fk_bewertung.refresh_from_db()
    assert fk_bewertung.bewertet is None
    assert not Zugriff.objects.filter(aktion="qs_kontakt_lesen", user=tl).exists()    # nichts gelesen

    stichprobe = client.get(f"/qs/stichprobe/{fk_bewertung.stichprobe_id}/")
    assert stichprobe.status_code == 404                               # nur fremder Rechtskreis: wie unbekannt
    assert url not in stichprobe.content.decode() and "FK 4.001" not in stichprobe.content.decode()
    assert "Seite nicht gefunden" in stichprobe.content.decode()
    uebersicht = client.get("/qs/").content.decode()                   # die Übersicht nennt sie gar nicht
    assert f"/qs/stichprobe/{fk_bewertung.stichprobe_id}/" not in uebersicht and "FK 4.001" not in uebersicht


def test_teamleitung_mit_rechtskreis_familienkasse_sieht_den_kontakt(fk_bewertung: Bewertung,
                                                                     client: Client) -> None:
    beide = fk_bewertung.stichprobe.user
    client.force_login(beide)
    antwort = client.get(f"/qs/bewertung/{fk_bewertung.pk}/")
    assert antwort.status_code == 200 and "FK 4.001" in antwort.content.decode()
    assert Zugriff.objects.filter(aktion="qs_kontakt_lesen", user=beide).count() == 1
