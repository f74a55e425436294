"""Bewertung auf dem Bogen der Anlage: Vorbewertung aus dem Weg, pseudonymisierte Seite,
Zugriffsprotokoll, Speichern, Quote je Kriterium (Weisung 202003006, Abschnitt 4; domain.md A12)."""

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
from kundenportal.qs import queries, services
from kundenportal.qs.formulare import formular_fuer
from kundenportal.qs.models import Bewertung
from kundenportal.qs.pfad import pfad
from kundenportal.qs.vorschlag import vorbewerten

pytestmark = pytest.mark.django_db
# Bogen 2.2.1 (Stand 20.03.2020) für SC 3.003: Identität, Ergebnis, Vermerk, Gesprächsführung, Terminabsage (a2).
ALLE_ERFUELLT = {"identitaet": "erfuellt", "ergebnis": "erfuellt", "vermerk": "erfuellt", "gespraech": "erfuellt",
                 "a2_abgesagt": "nicht_anwendbar"}
VORSCHLAG = {k: v for k, v in ALLE_ERFUELLT.items() if k != "gespraech"}   # Gesprächsführung: die Prüferin


def _vorschlag(k: Kontakt) -> dict[str, dict[str, str]]:
    bogen = formular_fuer(k)
    assert bogen is not None
    return vorbewerten(pfad(k), bogen.kriterien)


def _urteile(vorschlag: dict[str, dict[str, str]]) -> dict[str, str]:
    return {k: v["urteil"] for k, v in vorschlag.items()}


def _bewertung(tl: Any) -> Bewertung:
    s = services.stichprobe_ziehen(tl, heute=zeit.heute(), jetzt=zeit.jetzt(), n=1, seed=0)
    return s.bewertungen.get()


def test_vorbewertung_identitaet_bestaetigt(kontakt_abschliessen: Callable[..., Kontakt]) -> None:
    v = _vorschlag(kontakt_abschliessen(identitaet=True))
    assert _urteile(v) == VORSCHLAG
    assert v["identitaet"]["grund"] == "Identität zuerst geprüft und bestätigt, vor jeder Abfrage und Aktion."
    assert v["a2_abgesagt"]["grund"] == "Regel 2.2 a) 2 auf dem Weg nicht erreicht (Frage nicht gestellt)."


def test_vorbewertung_identitaet_nicht_bestaetigt(kontakt_abschliessen: Callable[..., Kontakt]) -> None:
    v = _vorschlag(kontakt_abschliessen(identitaet=False))
    assert _urteile(v) == VORSCHLAG
    assert v["identitaet"]["grund"] == ("Identität geprüft und nicht bestätigt; "
                                        "danach keine Auskunft und keine Aktion.")
    assert v["ergebnis"]["grund"] == "Identität nicht bestätigt: Abbruch ohne Auskunft."


def test_vorbewertung_vermerk_ohne_aktion_nicht_erfuellt(kontakt_abschliessen: Callable[..., Kontakt]) -> None:
    v = _vorschlag(kontakt_abschliessen(vermerk="Termin gemacht."))
    assert v["vermerk"] == {"urteil": "nicht_erfuellt", "grund": "1 ausgeführte Aktion(en) fehlen im Vermerk."}


def test_abgebrochener_kontakt_ohne_identitaet_mit_abfrage(benutzer: Callable[..., Any], kunde: str) -> None:
    agent = benutzer("agent_sc3")
    k = gespraech.kontakt_starten(agent, "SC 3.003", kunde)
    gespraech.kontakt_abschliessen(agent, k, "Aufgelegt.")
    k.refresh_from_db()
    # Vermerk und Ergebnis eines abgebrochenen Kontakts entscheidet der Weg nicht: offen, nie „erfüllt“
    v = _vorschlag(k)
    assert _urteile(v) == {"identitaet": "nicht_anwendbar", "ergebnis": "", "vermerk": "",
                           "a2_abgesagt": "nicht_anwendbar"}
    assert v["vermerk"]["grund"] == ("Kontakt vorzeitig beendet: ob der Vermerk Stand und Grund vollständig festhält, "
                                     "bitte selbst prüfen.")
    assert v["a2_abgesagt"]["grund"] == ("Regel 2.2 a) 2 auf dem Weg nicht erreicht (Frage nicht gestellt). "
                                         "Kontakt vorzeitig beendet.")


def test_absage_im_atv_ist_vorbewertet_erfuellt(benutzer: Callable[..., Any], kunde: str) -> None:
    agent = benutzer("agent_sc3")
    k = gespraech.kontakt_starten(agent, "SC 3.003", kunde)
    gespraech.kontakt_beantworten(agent, k, "identitaet_geprueft", "ja")
    ansicht = gespraech.kontakt_beantworten(agent, k, "terminanliegen", "absagen")
    gespraech.kontakt_beantworten(agent, k, "termin_id", ansicht.optionen[0].wert)
    gespraech.kontakt_beantworten(agent, k, "teilnahme_erforderlich", "nein")
    gespraech.kontakt_beantworten(agent, k, "absagegrund", "Arbeit gefunden")
    gespraech.kontakt_bestaetigen(agent, k, None)
    ansicht = gespraech.kontakt_beantworten(agent, k, "neuer_termin_gewuenscht", "nein")
    k = gespraech.kontakt_abschliessen(agent, k, ansicht.vermerk)
    assert k.ergebnis == "termin_abgesagt"
    assert {r.punkt for r in pfad(k).regeln} == {"2.2 a) 2"}
    assert _vorschlag(k)["a2_abgesagt"] == {"urteil": "erfuellt",
                                            "grund": "Aktion in ATV (Terminverwaltung) ausgeführt (BS Terminabsage, "
                                                     "Aktion: Der Termin wird im ATV als „abgesagt“ gekennzeichnet "
                                                     "(nicht gelöscht); Regel 2.2 a) 2)."}


def test_seite_ist_pseudonymisiert_und_protokolliert(kontakt_abschliessen: Callable[..., Kontakt], kunde: str,
                                                    benutzer: Callable[..., Any], client: Client) -> None:
    k = kontakt_abschliessen()
    tl = benutzer("teamleitung")
    b = _bewertung(tl)
    assert b.formular == "2.2.1@2020-03-20"
    client.force_login(tl)
    for url in ("/qs/", f"/qs/stichprobe/{b.stichprobe_id}/", f"/qs/bewertung/{b.pk}/"):
        seite = client.get(url).content.decode()
        assert kunde not in seite and "Mustermann" not in seite and "Erika" not in seite, url
    assert "SC 3.003" in seite and "ATV (Terminverwaltung): Termin buchen" in seite and "termin_buchen" not in seite and "[Name] [Name] ([Kundennummer])" in seite
    assert '<legend class="kern-label">Identität vor jeder Auskunft geprüft</legend>' in seite      # ohne domain.md
    assert "domain.md" not in seite
    assert "Anlage 2.2.1, Stand 20.03.2020" in seite
    assert re.search(r'value="erfuellt" class="kern-form-check__radio" id="id_identitaet_0" required checked>', seite)     # Vorschlag vorausgewählt
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
    assert (erste.urteile["identitaet"], erste.kommentar, erste.pruefer, erste.bewertet is not None) == (
        "erfuellt", "Sauber geführt.", tl, True)
    services.bewertung_speichern(tl, zweite, {**ALLE_ERFUELLT, "vermerk": "nicht_erfuellt"}, "", jetzt=zeit.jetzt())
    quoten = {z.schluessel: (z.quote.erfuellt, z.quote.bewertet, z.quote.anteil)
              for z in queries.quoten(standort="Nürnberg", von=zeit.heute(), bis=zeit.heute())}
    assert quoten == {"2.2.1:identitaet": (2, 2, 1.0), "2.2.1:ergebnis": (2, 2, 1.0), "2.2.1:vermerk": (1, 2, 0.5),
                      "2.2.1:gespraech": (2, 2, 1.0), "2.2.1:a2_abgesagt": (0, 0, None)}
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
    assert "Der Kommentar darf keine HTML-Auszeichnungen wie &lt;b&gt; enthalten" in seite
    b.refresh_from_db()
    assert b.bewertet is None
    client.post(f"/qs/bewertung/{b.pk}/", {**ALLE_ERFUELLT, "kommentar": "Wartezeit > 5 Min., Ton < freundlich"})
    b.refresh_from_db()
    assert b.kommentar == "Wartezeit > 5 Min., Ton < freundlich"     # Text, kein Markup: gespeichert
    assert "Wartezeit &gt; 5 Min., Ton &lt; freundlich" in client.get(f"/qs/bewertung/{b.pk}/").content.decode()
    b.kommentar, b.bewertet, b.urteile = "", None, {}
    b.save()
    with pytest.raises(services.QsFehler) as fehler:
        services.bewertung_speichern(tl, b, {"identitaet": "erfuellt"}, "", jetzt=zeit.jetzt())
    assert fehler.value.meldung == (
        "Bitte bewerten Sie: Leitfaden in der geltenden Fassung bis zu einem passenden Ergebnis angewandt, "
        "Vermerk vollständig und sachlich (keine Diagnosen, keine Wertungen), Gesprächsführung: verständlich, "
        "freundlich, Anliegen geklärt, Abgesagter Termin im ATV als „abgesagt“ gekennzeichnet, nicht gelöscht; "
        "Vorteilsübersetzung vorher.")
    b.refresh_from_db()
    assert b.bewertet is None


def test_stichprobe_eines_anderen_standorts_gibt_es_nicht(kontakt_abschliessen: Callable[..., Kontakt],
                                                         benutzer: Callable[..., Any], client: Client) -> None:
    kontakt_abschliessen()
    b = _bewertung(benutzer("teamleitung"))
    koeln = benutzer("teamleitung", "tl-koeln", standort="Köln")
    client.force_login(koeln)
    assert client.get(f"/qs/stichprobe/{b.stichprobe_id}/").status_code == 404    # wie eine unbekannte
    assert client.get(f"/qs/bewertung/{b.pk}/").status_code == 404
    assert client.post(f"/qs/bewertung/{b.pk}/", ALLE_ERFUELLT).status_code == 404
    with pytest.raises(services.KeinZugriff):
        services.bewertung_speichern(koeln, b, ALLE_ERFUELLT, "", jetzt=zeit.jetzt())
    assert not Zugriff.objects.filter(aktion="qs_kontakt_lesen").exists()


def test_beruehrte_regel_einmal_mit_ihren_schritten() -> None:
    """„Berührte Weisungsregeln“: eine Regel, die fünf Schritte berühren, steht einmal da, mit den Schritten."""
    import datetime as dt

    from kundenportal.qs.pfad import Pfad, Regelbezug

    regeln = [Regelbezug("2.2 a) 2", "Terminabsage", f"s{i}", f"Schritt {i % 3}") for i in range(5)]
    regeln.append(Regelbezug("2.1", "Berufsberatung", "b", "Termin buchen"))
    p = Pfad("SC 3.003", dt.date(2020, 3, 20), "202003006", "Service Center SGB III", "", "", regeln=regeln)
    assert p.regeln_gruppiert == [("2.2 a) 2", "Terminabsage", ["Schritt 0", "Schritt 1", "Schritt 2"]),
                                  ("2.1", "Berufsberatung", ["Termin buchen"])]
