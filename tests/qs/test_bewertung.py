"""Bewertung: Vorbewertung aus dem Weg, pseudonymisierte Seite, Zugriffsprotokoll, Speichern, Quote."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal import zeit
from kundenportal.gespraech import services as gespraech
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten.models import Zugriff
from kundenportal.qs import queries, services
from kundenportal.qs.models import Bewertung
from kundenportal.qs.pfad import pfad
from kundenportal.qs.vorschlag import vorbewerten

pytestmark = pytest.mark.django_db
ALLE_ERFUELLT = {"identitaet": "erfuellt", "regel": "nicht_anwendbar", "vermerk": "erfuellt", "ergebnis": "erfuellt"}


def _urteile(vorschlag: dict[str, dict[str, str]]) -> dict[str, str]:
    return {k: v["urteil"] for k, v in vorschlag.items()}


def _bewertung(tl: Any) -> Bewertung:
    s = services.stichprobe_ziehen(tl, heute=zeit.heute(), jetzt=zeit.jetzt(), n=1, seed=0)
    return s.bewertungen.get()


def test_vorbewertung_identitaet_bestaetigt(kontakt_abschliessen: Callable[..., Kontakt]) -> None:
    v = vorbewerten(pfad(kontakt_abschliessen(identitaet=True)))
    assert _urteile(v) == ALLE_ERFUELLT
    assert v["identitaet"]["grund"] == "Identität zuerst geprüft und bestätigt, vor jeder Abfrage und Aktion."


def test_vorbewertung_identitaet_nicht_bestaetigt(kontakt_abschliessen: Callable[..., Kontakt]) -> None:
    v = vorbewerten(pfad(kontakt_abschliessen(identitaet=False)))
    assert _urteile(v) == ALLE_ERFUELLT
    assert v["identitaet"]["grund"] == ("Identität geprüft und nicht bestätigt; "
                                        "danach keine Auskunft und keine Aktion.")
    assert v["ergebnis"]["grund"] == "Identität nicht bestätigt: Abbruch ohne Auskunft."


def test_vorbewertung_vermerk_ohne_aktion_nicht_erfuellt(kontakt_abschliessen: Callable[..., Kontakt]) -> None:
    v = vorbewerten(pfad(kontakt_abschliessen(vermerk="Termin gemacht.")))
    assert v["vermerk"] == {"urteil": "nicht_erfuellt", "grund": "1 ausgeführte Aktion(en) fehlen im Vermerk."}


def test_abgebrochener_kontakt_ohne_identitaet_mit_abfrage(benutzer: Callable[..., Any], kunde: str) -> None:
    agent = benutzer("agent_sc3")
    k = gespraech.kontakt_starten(agent, "SC 3.003", kunde)
    gespraech.kontakt_abschliessen(agent, k, "Aufgelegt.")
    k.refresh_from_db()
    v = vorbewerten(pfad(k))
    assert _urteile(v) == {"identitaet": "nicht_anwendbar", "regel": "nicht_anwendbar", "vermerk": "erfuellt"}


def test_weg_der_absage_beruehrt_die_weisungsregel(benutzer: Callable[..., Any], kunde: str) -> None:
    agent = benutzer("agent_sc3")
    k = gespraech.kontakt_starten(agent, "SC 3.003", kunde)
    gespraech.kontakt_beantworten(agent, k, "identitaet_geprueft", "ja")
    ansicht = gespraech.kontakt_beantworten(agent, k, "terminanliegen", "absagen")
    gespraech.kontakt_beantworten(agent, k, "termin_id", ansicht.optionen[0].wert)
    gespraech.kontakt_beantworten(agent, k, "teilnahme_erforderlich", "ja")
    ansicht = gespraech.kontakt_beantworten(agent, k, "teilnahme_moeglich", "ja")
    k = gespraech.kontakt_abschliessen(agent, k, ansicht.vermerk)
    p = pfad(k)
    assert {r.punkt for r in p.regeln} == {"2.2 a) 2"}
    assert "regel" not in vorbewerten(p)          # die Regel beurteilt die Prüferin


def test_seite_ist_pseudonymisiert_und_protokolliert(kontakt_abschliessen: Callable[..., Kontakt], kunde: str,
                                                    benutzer: Callable[..., Any], client: Client) -> None:
    k = kontakt_abschliessen()
    tl = benutzer("teamleitung")
    b = _bewertung(tl)
    client.force_login(tl)
    for url in ("/qs/", f"/qs/stichprobe/{b.stichprobe_id}/", f"/qs/bewertung/{b.pk}/"):
        seite = client.get(url).content.decode()
        assert kunde not in seite and "Mustermann" not in seite and "Erika" not in seite, url
    assert "SC 3.003" in seite and "atv: termin_buchen" in seite and "[Name] [Name] ([Kundennummer])" in seite
    assert '<legend>Identität vor Auskunft geprüft</legend>' in seite
    assert 'value="erfuellt" id="id_identitaet_0" required checked>' in seite     # Vorschlag vorausgewählt
    assert list(Zugriff.objects.filter(aktion="qs_kontakt_lesen").values_list("user", "kontakt")) == [(tl.pk, k.pk)]


def test_bewertung_wird_gespeichert_und_zaehlt_in_der_quote(kontakt_abschliessen: Callable[..., Kontakt],
                                                            benutzer: Callable[..., Any], client: Client) -> None:
    kontakt_abschliessen()
    kontakt_abschliessen(identitaet=False)
    tl = benutzer("teamleitung")
    s = services.stichprobe_ziehen(tl, heute=zeit.heute(), jetzt=zeit.jetzt(), seed=0)
    erste, zweite = s.bewertungen.all()
    client.force_login(tl)
    antwort = client.post(f"/qs/bewertung/{erste.pk}/", {**ALLE_ERFUELLT, "kommentar": "  Sauber geführt. "})
    assert antwort.status_code == 302 and antwort["Location"] == f"/qs/stichprobe/{s.pk}/"
    erste.refresh_from_db()
    assert (erste.identitaet, erste.kommentar, erste.pruefer, erste.bewertet is not None) == (
        "erfuellt", "Sauber geführt.", tl, True)
    services.bewertung_speichern(tl, zweite, {**ALLE_ERFUELLT, "vermerk": "nicht_erfuellt"}, "", jetzt=zeit.jetzt())
    [zeile] = queries.quoten(standort="Nürnberg", von=zeit.heute(), bis=zeit.heute())
    quoten = {text: (q.erfuellt, q.bewertet, q.anteil) for text, q in zeile.quoten}
    assert (zeile.leitfaden, zeile.kontakte) == ("SC 3.003", 2)
    assert quoten == {"Identität vor Auskunft geprüft": (2, 2, 1.0), "Weisungsregel korrekt angewandt": (0, 0, None),
                      "Vermerk vollständig und sachlich": (1, 2, 0.5), "Ergebnis passend": (2, 2, 1.0)}
    seite = client.get("/qs/").content.decode()
    assert "50 % (1 von 2)" in seite and "100 % (2 von 2)" in seite
    assert queries.quoten(standort="Köln", von=zeit.heute(), bis=zeit.heute()) == []


def test_kommentar_ohne_markup_und_alle_kriterien_noetig(kontakt_abschliessen: Callable[..., Kontakt],
                                                         benutzer: Callable[..., Any], client: Client) -> None:
    kontakt_abschliessen()
    tl = benutzer("teamleitung")
    b = _bewertung(tl)
    client.force_login(tl)
    seite = client.post(f"/qs/bewertung/{b.pk}/", {**ALLE_ERFUELLT, "kommentar": "<b>gut</b>"}).content.decode()
    assert "Der Kommentar darf kein Markup enthalten (keine Zeichen &lt; und &gt;)." in seite
    with pytest.raises(services.QsFehler) as fehler:
        services.bewertung_speichern(tl, b, {"identitaet": "erfuellt"}, "", jetzt=zeit.jetzt())
    assert fehler.value.meldung == ("Bitte bewerten Sie: Weisungsregel korrekt angewandt, "
                                    "Vermerk vollständig und sachlich, Ergebnis passend.")
    b.refresh_from_db()
    assert b.bewertet is None


def test_stichprobe_eines_anderen_standorts_ist_verboten(kontakt_abschliessen: Callable[..., Kontakt],
                                                         benutzer: Callable[..., Any], client: Client) -> None:
    kontakt_abschliessen()
    b = _bewertung(benutzer("teamleitung"))
    koeln = benutzer("teamleitung", "tl-koeln", standort="Köln")
    client.force_login(koeln)
    assert client.get(f"/qs/stichprobe/{b.stichprobe_id}/").status_code == 403
    assert client.get(f"/qs/bewertung/{b.pk}/").status_code == 403
    assert client.post(f"/qs/bewertung/{b.pk}/", ALLE_ERFUELLT).status_code == 403
    with pytest.raises(services.KeinZugriff):
        services.bewertung_speichern(koeln, b, ALLE_ERFUELLT, "", jetzt=zeit.jetzt())
    assert not Zugriff.objects.filter(aktion="qs_kontakt_lesen").exists()
