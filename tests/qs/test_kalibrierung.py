"""Kalibrierung nach Anlage 2.2.6 (domain.md A12), wie eine Teamleitung sie erwartet: blind bis zur eigenen
Kalibrierung (auch per direkter URL und POST), danach Streuung mit Hinweis ab der Schwelle der geltenden
Fassung von 2.2.6 und die Zahl der Teamleitungen gegen die Mindestzahl."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal import zeit
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten.models import Zugriff
from kundenportal.qs import queries, services
from kundenportal.qs.models import Bewertung, Kalibrierung

pytestmark = pytest.mark.django_db
URTEILE_2019 = {"identitaet": "erfuellt", "ergebnis": "erfuellt", "vermerk": "erfuellt", "gespraech": "erfuellt"}
URTEILE_2020 = {**URTEILE_2019, "a2_abgesagt": "nicht_anwendbar"}
GESPRAECH = "Gesprächsführung: verständlich, freundlich, Anliegen geklärt"
BLIND = ("Sie kalibrieren blind (Anlage 2.2.6): Die Urteile der Erstbewertung und anderer Teamleitungen und die "
         "Streuung sehen Sie, sobald Sie Ihre Kalibrierung gespeichert haben. Gespeichert bleibt sie unverändert.")
SCHON_KALIBRIERT = ("Sie haben diesen Kontakt schon kalibriert. Eine Kalibrierung bleibt unverändert, damit die "
                    "Streuung unabhängige Urteile vergleicht.")


def _seite(client: Client, b: Bewertung) -> str:
    antwort = client.get(f"/qs/bewertung/{b.pk}/")
    assert antwort.status_code == 200
    return html.unescape(antwort.content.decode())


@pytest.fixture
def bewertet(kontakt_abschliessen: Callable[..., Kontakt], benutzer: Callable[..., Any]) -> Bewertung:
    """Ein Kontakt, von tl-1 bewertet (Gesprächsführung „nicht erfüllt“, mit Kommentar); tl-2 hat kalibriert
    (alles „erfüllt“). Zeichen, die nur in diesen Urteilen stehen: „tl-1:“, „tl-2:“, der Kommentar."""
    kontakt_abschliessen()
    tl1, tl2 = benutzer("teamleitung", "tl-1"), benutzer("teamleitung", "tl-2")
    b = services.stichprobe_ziehen(tl1, heute=zeit.heute(), jetzt=zeit.jetzt(), n=1).bewertungen.get()
    services.bewertung_speichern(tl1, b, {**URTEILE_2020, "gespraech": "nicht_erfuellt"}, "Nachfragen üben.",
                                 jetzt=zeit.jetzt())
    services.kalibrierung_speichern(tl2, b, URTEILE_2020, jetzt=zeit.jetzt())
    return b


def _nichts_von_anderen(seite: str, angekreuzt: int = 0) -> None:
    """Weder Urteile noch Namen noch Kommentar der anderen, keine Streuung, keine Vorbelegung des Bogens."""
    for verraeterisch in ("tl-1:", "tl-2:", "Nachfragen üben.", "Kalibrierung: Urteile der Teamleitungen",
                          "Streuung je Kriterium", "Zuletzt bewertet", "Vorbewertung aus dem Weg"):
        assert verraeterisch not in seite, verraeterisch
    assert seite.count(" checked") == angekreuzt


def test_kalibrierende_teamleitung_sieht_weder_erstbewertung_noch_andere_kalibrierungen(
        bewertet: Bewertung, benutzer: Callable[..., Any], client: Client) -> None:
    tl3 = benutzer("teamleitung", "tl-3")
    client.force_login(tl3)
    seite = _seite(client, bewertet)
    assert "<h1>Kontakt 1 kalibrieren</h1>" in seite and BLIND in seite
    assert "Kalibrierung speichern" in seite and "Vermerk (pseudonymisiert)" in seite      # Weg, Vermerk, leerer Bogen
    _nichts_von_anderen(seite)
    assert queries.kalibrierung(tl3, bewertet) is None                                     # auch nicht für andere Seiten
    assert Zugriff.objects.filter(aktion="qs_kontakt_lesen", user=tl3).count() == 1       # das Lesen bleibt protokolliert


def test_unvollstaendiger_post_verraet_ebenfalls_nichts(bewertet: Bewertung, benutzer: Callable[..., Any],
                                                       client: Client) -> None:
    client.force_login(benutzer("teamleitung", "tl-3"))
    antwort = client.post(f"/qs/bewertung/{bewertet.pk}/", {"identitaet": "erfuellt"})
    seite = html.unescape(antwort.content.decode())
    assert antwort.status_code == 200 and "<title>Fehler: Kontakt 1 kalibrieren" in seite
    assert f"{GESPRAECH} (Regel Anlage 2.2 (allgemein)): Bitte wählen Sie ein Urteil." in seite
    _nichts_von_anderen(seite, angekreuzt=1)                   # nur die eigene Eingabe bleibt angekreuzt
    assert not Kalibrierung.objects.filter(pruefer__username="tl-3").exists()


def test_nach_dem_speichern_streuung_mit_hinweis_und_die_kalibrierung_bleibt(
        bewertet: Bewertung, benutzer: Callable[..., Any], client: Client) -> None:
    tl3 = benutzer("teamleitung", "tl-3")
    client.force_login(tl3)
    antwort = client.post(f"/qs/bewertung/{bewertet.pk}/", URTEILE_2020)
    assert antwort.status_code == 302 and antwort["Location"] == f"/qs/bewertung/{bewertet.pk}/#kalibrierung"
    seite = _seite(client, bewertet)
    assert "Kontakt 1 kalibriert." in seite and "Kalibrierung speichern" not in seite
    assert ("3 von mindestens 3 Teamleitungen haben diesen Kontakt bewertet (die Erstbewertung zählt mit) – "
            "Mindestzahl erreicht.") in seite
    assert ("Kalibrierung nach Anlage 2.2.6, Fassung vom 20.03.2020: je Kontakt mindestens 3 Teamleitungen (die "
            "Erstbewertung zählt mit), je Monat 1 kalibrierter Kontakt, Hinweis ab Streuung 0,25.") in seite
    assert "tl-1: nicht erfüllt; tl-2: erfüllt; tl-3: erfüllt" in seite
    assert "0,33 (1 von 3 Urteilen abweichend)" in seite
    assert "Streuung 0,33 – ab 0,25 im Team besprechen (Anlage 2.2.6)" in seite
    assert "1 Kriterium im Team besprechen:" in seite
    assert "Nachfragen üben." not in seite                          # der Kommentar gehört zur Erstbewertung

    with pytest.raises(services.QsFehler) as fehler:                  # wer die Urteile gesehen hat, ändert nichts mehr
        services.kalibrierung_speichern(tl3, bewertet, {**URTEILE_2020, "gespraech": "nicht_erfuellt"},
                                        jetzt=zeit.jetzt())
    assert fehler.value.meldung == SCHON_KALIBRIERT
    antwort = client.post(f"/qs/bewertung/{bewertet.pk}/", {**URTEILE_2020, "gespraech": "nicht_erfuellt"},
                          follow=True)
    assert SCHON_KALIBRIERT in html.unescape(antwort.content.decode())
    assert Kalibrierung.objects.get(pruefer=tl3).urteile["gespraech"] == "erfuellt"


def test_erstbewerterin_sieht_die_streuung_erst_mit_einer_kalibrierung(
        kontakt_abschliessen: Callable[..., Kontakt], benutzer: Callable[..., Any], client: Client) -> None:
    kontakt_abschliessen()
    tl1, tl2 = benutzer("teamleitung", "tl-1"), benutzer("teamleitung", "tl-2")
    b = services.stichprobe_ziehen(tl1, heute=zeit.heute(), jetzt=zeit.jetzt(), n=1).bewertungen.get()
    client.force_login(tl1)
    assert "Kalibrierung: Urteile der Teamleitungen" not in _seite(client, b)       # noch nicht bewertet
    services.bewertung_speichern(tl1, b, URTEILE_2020, "", jetzt=zeit.jetzt())
    seite = _seite(client, b)
    assert ("1 von mindestens 3 Teamleitungen hat diesen Kontakt bewertet (die Erstbewertung zählt mit) – es fehlen "
            "noch 2 Teamleitungen.") in seite
    assert ("Noch hat keine weitere Teamleitung diesen Kontakt kalibriert; die Streuung erscheint mit der ersten "
            "Kalibrierung.") in seite and "Streuung je Kriterium" not in seite
    services.kalibrierung_speichern(tl2, b, {**URTEILE_2020, "gespraech": "nicht_erfuellt"}, jetzt=zeit.jetzt())
    seite = _seite(client, b)
    assert ("2 von mindestens 3 Teamleitungen haben diesen Kontakt bewertet (die Erstbewertung zählt mit) – es fehlt "
            "noch 1 Teamleitung.") in seite
    assert "tl-1: erfüllt; tl-2: nicht erfüllt" in seite and "0,50 (1 von 2 Urteilen abweichend)" in seite
    assert "Streuung 0,50 – ab 0,25 im Team besprechen (Anlage 2.2.6)" in seite
    assert "0,00 (einig)" in seite
    stichprobe = client.get(f"/qs/stichprobe/{b.stichprobe_id}/").content.decode()
    assert "2 von mindestens 3 Teamleitungen" in stichprobe            # eine Zahl, keine Urteile
    with pytest.raises(services.QsFehler, match=r"^Die Erstbewertung bleibt unverändert, seit andere Teamleitungen"):
        services.bewertung_speichern(tl1, b, {**URTEILE_2020, "gespraech": "nicht_erfuellt"}, "",
                                     jetzt=zeit.jetzt())                # nicht an die Kalibrierung angleichen


def test_hinweis_ab_der_schwelle_nicht_darunter(kontakt_abschliessen: Callable[..., Kontakt],
                                                benutzer: Callable[..., Any]) -> None:
    """Streuung = abweichende Urteile / alle Urteile; der Hinweis kommt, sobald sie 0,25 erreicht (1 von 4),
    nicht bei 1 von 5 (0,20)."""
    kontakt_abschliessen()
    tls = [benutzer("teamleitung", f"tl-{i}") for i in range(1, 6)]
    b = services.stichprobe_ziehen(tls[0], heute=zeit.heute(), jetzt=zeit.jetzt(), n=1).bewertungen.get()
    services.bewertung_speichern(tls[0], b, URTEILE_2020, "", jetzt=zeit.jetzt())
    services.kalibrierung_speichern(tls[1], b, {**URTEILE_2020, "gespraech": "nicht_erfuellt"}, jetzt=zeit.jetzt())
    services.kalibrierung_speichern(tls[2], b, URTEILE_2020, jetzt=zeit.jetzt())
    services.kalibrierung_speichern(tls[3], b, URTEILE_2020, jetzt=zeit.jetzt())
    stand = queries.kalibrierung(tls[0], b)
    assert stand is not None and stand.teamleitungen == 4 and stand.vollstaendig
    gespraech = {s.text: s for s in stand.streuung}[GESPRAECH]
    assert (gespraech.anteil_text, gespraech.hinweis) == ("0,25", True)
    assert gespraech.hinweis_text == "Streuung 0,25 – ab 0,25 im Team besprechen (Anlage 2.2.6)"
    services.kalibrierung_speichern(tls[4], b, URTEILE_2020, jetzt=zeit.jetzt())
    stand = queries.kalibrierung(tls[4], b)
    assert stand is not None
    gespraech = {s.text: s for s in stand.streuung}[GESPRAECH]
    assert (gespraech.anteil_text, gespraech.hinweis, gespraech.hinweis_text) == ("0,20", False, "")
    assert stand.hinweise == 0


def test_vorgaben_aus_der_fassung_von_2_2_6_der_stichprobe(
        kontakt_abschliessen: Callable[..., Kontakt], benutzer: Callable[..., Any], client: Client,
        settings: Any) -> None:
    """Eine Stichprobe bis zum 18.03.2020 kalibriert nach 2.2.6 vom 20.12.2019: mindestens 2 Teamleitungen."""
    settings.KUNDENPORTAL_STICHTAG = "2020-03-18"
    kontakt_abschliessen()
    tl1, tl2 = benutzer("teamleitung", "tl-1"), benutzer("teamleitung", "tl-2")
    b = services.stichprobe_ziehen(tl1, heute=zeit.heute(), jetzt=zeit.jetzt(), n=1).bewertungen.get()
    services.bewertung_speichern(tl1, b, URTEILE_2019, "", jetzt=zeit.jetzt())
    services.kalibrierung_speichern(tl2, b, URTEILE_2019, jetzt=zeit.jetzt())
    client.force_login(tl2)
    seite = _seite(client, b)
    assert ("2 von mindestens 2 Teamleitungen haben diesen Kontakt bewertet (die Erstbewertung zählt mit) – "
            "Mindestzahl erreicht.") in seite
    assert "Kalibrierung nach Anlage 2.2.6, Fassung vom 20.12.2019: je Kontakt mindestens 2 Teamleitungen" in seite
    assert "im Team besprechen" not in seite                        # alle einig


def test_teamleitung_eines_anderen_standorts_bekommt_keine_kalibrierung(
        bewertet: Bewertung, benutzer: Callable[..., Any], client: Client) -> None:
    fremd = benutzer("teamleitung", "tl-fuerth", standort="Fürth")
    assert queries.kalibrierung(fremd, bewertet) is None
    client.force_login(fremd)
    assert client.get(f"/qs/bewertung/{bewertet.pk}/").status_code == 404      # wie eine unbekannte
    assert client.post(f"/qs/bewertung/{bewertet.pk}/", URTEILE_2020).status_code == 404
    assert not Zugriff.objects.filter(aktion="qs_kontakt_lesen", user=fremd).exists()
