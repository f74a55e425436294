"""Zuordnung, Beanspruchen (auch im Wettlauf), Arbeitshilfe über die Engine, Seiten."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client

from kundenportal.emb.bench import klassifikation_messen, klassifikation_tabelle
from kundenportal.emb.models import Korrektur, Mail, Protokoll
from kundenportal.emb.services import (
    NichtBeansprucht,
    bearbeitung_beantworten,
    bearbeitung_bestaetigen,
    bearbeitung_starten,
    mail_beanspruchen,
    mail_einlesen,
    mail_erledigen,
    mail_freigeben,
    zuordnung_bestaetigen,
)
from kundenportal.emb.zuordnung import kundennummer_finden
from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.gespraech.fehler import GespraechFehler
from kundenportal.gespraech.models import Kontakt
from kundenportal.leitfaden.vokabular import BERLIN

from .conftest import arbeitshilfe_durchlaufen, korpus_mail

JETZT = dt.datetime(2020, 3, 25, 9, 0, tzinfo=BERLIN)


def test_klassifikationstabelle_wird_aus_dem_korpus_berechnet() -> None:
    k = klassifikation_messen()
    assert [z.klasse for z in k.zeilen] == ["terminabsage", "au_meldung", "sonstiges"]
    assert sum(z.anzahl for z in k.zeilen) == 320
    assert k.makro_f1 > 0.6
    assert "Präzision" in klassifikation_tabelle(k) and "Makro-F1" in klassifikation_tabelle(k)


@pytest.mark.parametrize(("text", "nummer"), [
    ("Kd.-Nr. 955 A 123456", "955A123456"), ("kundennr 955a123456", "955A123456"),
    ("KNr: 955A123 456", "955A123456"), ("Kindergeldnummer 123FK456789", None),
    ("IBAN DE89 3704 0044 0532 0130 00", None), ("Betreff 123A456789", "123A456789"),
])
def test_kundennummer_in_schreibweisen(text: str, nummer: str | None) -> None:
    assert kundennummer_finden(text) == nummer


@pytest.mark.django_db
def test_korrektur_wird_festgehalten_und_waehlt_die_arbeitshilfe(anna: Any) -> None:
    mail = mail_einlesen(korpus_mail("0003"), quelle="test").mail
    assert (mail.vorschlag, mail.leitfaden) == ("terminabsage", "EMB Terminabsage")
    assert mail_beanspruchen(anna, mail.id, JETZT)
    zuordnung_bestaetigen(anna, mail.id, "sonstiges", JETZT)
    mail.refresh_from_db()
    assert (mail.klasse, mail.leitfaden, mail.vorschlag) == ("sonstiges", "", "terminabsage")
    korrektur = Korrektur.objects.get(mail=mail)
    assert (korrektur.vorschlag, korrektur.klasse, korrektur.durch) == ("terminabsage", "sonstiges", "anna")
    assert list(Protokoll.objects.filter(mail=mail).order_by("id").values_list("benutzer", "art")) == [
        ("system", "eingelesen"), ("anna", "beansprucht"), ("anna", "zuordnung")]     # der Benutzername


@pytest.mark.django_db
def test_nur_wer_beansprucht_hat_darf_bestaetigen(anna: Any, bernd: Any) -> None:
    mail = mail_einlesen(korpus_mail("0003"), quelle="test").mail
    assert mail_beanspruchen(anna, mail.id, JETZT)
    assert not mail_beanspruchen(bernd, mail.id, JETZT)
    with pytest.raises(NichtBeansprucht, match="Sie haben diese Mail nicht übernommen"):
        zuordnung_bestaetigen(bernd, mail.id, "terminabsage", JETZT)
    assert not mail_freigeben(bernd, mail.id, JETZT)
    assert mail_freigeben(anna, mail.id, JETZT)
    assert mail_beanspruchen(bernd, mail.id, JETZT)


@pytest.mark.django_db(transaction=True)
def test_zwei_agenten_gleichzeitig_genau_einer_bekommt_die_mail(anna: Any, bernd: Any) -> None:
    for runde in range(5):
        mail = mail_einlesen(korpus_mail(f"000{runde + 1}"), quelle="test").mail
        start = threading.Barrier(2)
        ergebnisse: dict[str, bool] = {}

        def beanspruchen(wer: Any, mail_id: int = mail.id, start: threading.Barrier = start,
                         ergebnisse: dict[str, bool] = ergebnisse) -> None:
            try:
                start.wait()
                ergebnisse[wer.get_username()] = mail_beanspruchen(wer, mail_id, JETZT)
            finally:
                connection.close()     # eigene Verbindung je Thread

        threads = [threading.Thread(target=beanspruchen, args=(w,)) for w in (anna, bernd)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(ergebnisse.values()) == [False, True]
        gewinner = next(w for w, ok in ergebnisse.items() if ok)
        assert Mail.objects.get(id=mail.id).bearbeiter == gewinner


def test_au_meldung_laeuft_als_kontakt_durch_dieselbe_engine(benutzer: Callable[..., Any],
                                                             settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-25"
    anna = benutzer("agent_emb", "anna")
    ausgangslage_laden({"kunde": {"kundennummer": "535P478094", "vorname": "Sandra", "nachname": "Böhm",
                                  "wohnort_agentur": "Fürth", "email": "s.boehm@t-mail.example"}, "colibri": {"alg_bezug": True}})
    mail = mail_einlesen(korpus_mail("0013"), quelle="test").mail
    assert mail_beanspruchen(anna, mail.id, JETZT)
    zuordnung_bestaetigen(anna, mail.id, "au_meldung", JETZT)
    ansicht = bearbeitung_starten(anna, mail.id, JETZT)
    antworten: dict[str, Any] = {"identitaet_geprueft": "ja", "au_beginn": "2020-03-23", "au_ende": "2020-03-27"}
    while ansicht.art == "frage":
        ansicht = bearbeitung_beantworten(anna, mail.id, ansicht.fakt, antworten[ansicht.fakt])
    assert ansicht.art == "bestaetigung" and ansicht.vorhaben is not None
    assert ansicht.vorhaben.was == "Arbeitsunfähigkeit erfassen"
    ansicht = bearbeitung_bestaetigen(anna, mail.id, ansicht.vorhaben.zeichen)
    assert ansicht.ergebnis == "au_erfasst"
    # Die Antwort nennt den erfassten Zeitraum (Rundgang: „Wir haben Ihre Arbeitsunfähigkeit erfasst.“ ohne Daten)
    from kundenportal.emb.services import antwort_entwerfen, antwort_verwerfen

    entwurf = antwort_entwerfen(anna, mail.id, JETZT)
    assert entwurf.vorlage == "au_erfasst"
    assert "Wir haben Ihre Arbeitsunfähigkeit vom 23.03.2020 bis 27.03.2020 erfasst." in entwurf.text
    antwort_verwerfen(anna, entwurf.id, JETZT)
    # ohne gesendete Antwort: der Vermerk sagt, warum (der unveränderte Vorschlag genügt nicht)
    mail = mail_erledigen(anna, mail.id, JETZT, f"{ansicht.vermerk}\nKeine Antwort: telefonisch bestätigt.")
    kontakt = Kontakt.objects.get(pk=mail.kontakt_id)
    assert (kontakt.kanal, kontakt.leitfaden, kontakt.status, kontakt.ergebnis, kontakt.user) == (
        "emb", "EMB AU-Meldung", "abgeschlossen", "au_erfasst", anna)
    assert "Colibri" in kontakt.vermerk and "EMB AU-Meldung" in kontakt.vermerk


def test_au_meldung_sagt_termine_im_au_zeitraum_ab_und_die_antwort_nennt_sie(benutzer: Callable[..., Any],
                                                                           settings: Any) -> None:
    """Ab 07.12.2026 (domain.md 4.4, Schritt 6; ab 08.12.2026 alle zusammen, `termine_absagen`): der Termin im
    AU-Zeitraum wird abgesagt, der danach bleibt; die Antwort an den Kunden nennt den abgesagten."""
    from kundenportal.emb.services import antwort_entwerfen
    from kundenportal.fachverfahren.referenz.models import Termin

    settings.KUNDENPORTAL_STICHTAG = "2026-12-08"
    jetzt = dt.datetime(2026, 12, 8, 9, 0, tzinfo=BERLIN)
    anna = benutzer("agent_emb", "anna")
    ausgangslage_laden({"kunde": {"kundennummer": "535P478094", "vorname": "Sandra", "nachname": "Böhm",
                                  "wohnort_agentur": "Fürth", "email": "s.boehm@t-mail.example"},   # der Absender
                        "colibri": {"alg_bezug": True},
                        "termine": [{"id": "T1", "bereich": "av", "beginn": "2026-12-10T09:00", "agentur": "Fürth"},
                                    {"id": "T2", "bereich": "av", "beginn": "2026-12-21T10:30", "agentur": "Fürth"}]})
    mail = mail_einlesen(korpus_mail("0013"), quelle="test", jetzt=jetzt).mail
    assert mail_beanspruchen(anna, mail.id, jetzt)
    zuordnung_bestaetigen(anna, mail.id, "au_meldung", jetzt)
    ansicht = arbeitshilfe_durchlaufen(anna, mail.id, jetzt, {"identitaet_geprueft": "ja", "au_beginn": "2026-12-07",
                                                              "au_ende": "2026-12-14"})
    assert ansicht.ergebnis == "au_erfasst"
    assert {t.termin_id: t.status for t in Termin.objects.all()} == {"T1": "abgesagt", "T2": "geplant"}
    text = antwort_entwerfen(anna, mail.id, jetzt).text
    assert ("Ihren Termin im Zeitraum Ihrer Arbeitsunfähigkeit haben wir abgesagt:\n  - Donnerstag, 10.12.2026, "
            "09:00 Uhr, Agentur für Arbeit Fürth") in text and "21.12.2026" not in text


def test_nur_wer_die_mail_beansprucht_hat_fuehrt_die_arbeitshilfe(benutzer: Callable[..., Any],
                                                                  settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-25"
    anna, bernd = benutzer("agent_emb", "anna"), benutzer("agent_emb", "bernd")
    ausgangslage_laden({"kunde": {"kundennummer": "535P478094", "vorname": "Sandra", "nachname": "Böhm",
                                  "wohnort_agentur": "Fürth", "email": "s.boehm@t-mail.example"}})
    mail = mail_einlesen(korpus_mail("0013"), quelle="test").mail
    assert mail_beanspruchen(anna, mail.id, JETZT)
    zuordnung_bestaetigen(anna, mail.id, "au_meldung", JETZT)
    with pytest.raises(NichtBeansprucht, match="Sie haben diese Mail nicht übernommen"):
        bearbeitung_starten(bernd, mail.id, JETZT)
    bearbeitung_starten(anna, mail.id, JETZT)
    with pytest.raises(NichtBeansprucht, match="Sie haben diese Mail nicht übernommen"):
        bearbeitung_beantworten(bernd, mail.id, "identitaet_geprueft", "ja")
    bearbeitung_beantworten(anna, mail.id, "identitaet_geprueft", "ja")

    assert mail_freigeben(anna, mail.id, JETZT)       # abgegeben: Annas Kontakt endet als abgebrochen
    erster = Kontakt.objects.get(user=anna)
    assert (erster.status, erster.ergebnis) == ("abgeschlossen", "abgebrochen")
    assert erster.vermerk.startswith("E-Mail-Bearbeitung abgebrochen (Mail zurück in die Warteschlange gegeben).")
    assert Mail.objects.get(id=mail.id).kontakt is None
    assert mail_beanspruchen(bernd, mail.id, JETZT)
    # Annas Zuordnung steht noch als Vorschlag da, gilt aber erst, wenn Bernd sie selbst bestätigt
    with pytest.raises(GespraechFehler, match="Sie stammt aus einer früheren Bearbeitung"):
        bearbeitung_starten(bernd, mail.id, JETZT)
    zuordnung_bestaetigen(bernd, mail.id, "au_meldung", JETZT)
    ansicht = bearbeitung_starten(bernd, mail.id, JETZT)
    assert ansicht.fakt == "identitaet_geprueft" and ansicht.kontakt.user == bernd


def test_geaenderte_kundennummer_beginnt_einen_neuen_kontakt(benutzer: Callable[..., Any], settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-25"
    anna = benutzer("agent_emb", "anna")
    for nummer in ("535P478094", "955A300077"):
        ausgangslage_laden({"kunde": {"kundennummer": nummer, "vorname": "X", "nachname": "Y",
                                      "wohnort_agentur": "Fürth"}})
    mail = mail_einlesen(korpus_mail("0013"), quelle="test").mail
    assert mail_beanspruchen(anna, mail.id, JETZT)
    zuordnung_bestaetigen(anna, mail.id, "au_meldung", JETZT)
    assert bearbeitung_starten(anna, mail.id, JETZT).kontakt.kundennummer == "535P478094"
    zuordnung_bestaetigen(anna, mail.id, "au_meldung", JETZT, kundennummer="955a300077")
    assert bearbeitung_starten(anna, mail.id, JETZT).kontakt.kundennummer == "955A300077"
    assert list(Kontakt.objects.values_list("kundennummer", "status").order_by("begonnen")) == [
        ("535P478094", "abgeschlossen"), ("955A300077", "offen")]


@pytest.fixture
def agent(db: Any) -> User:
    user = User.objects.create_user("anna", password="x")
    user.groups.add(Group.objects.get_or_create(name="agent_emb")[0])
    return user


@pytest.mark.django_db
def test_seiten_warteschlange_uebernehmen_und_anhang(client: Client, agent: User) -> None:
    alt = mail_einlesen(korpus_mail("0013"), quelle="test", jetzt=JETZT - dt.timedelta(hours=2)).mail
    neu = mail_einlesen(korpus_mail("0003"), quelle="test", jetzt=JETZT).mail
    client.force_login(agent)
    seite = client.get("/emb/").content.decode()
    assert seite.index(alt.betreff) < seite.index(neu.betreff)            # älteste zuerst
    gefiltert = client.post("/emb/", {"klasse": "au_meldung"}, follow=True).content.decode()
    assert neu.betreff not in gefiltert and alt.betreff in gefiltert
    assert "1 Mail" in gefiltert                                              # Zählung nach Filter
    zurueck = client.post("/emb/", {"zuruecksetzen": "1"}, follow=True).content.decode()
    assert neu.betreff in zurueck
    assert client.post(f"/emb/{alt.id}/beanspruchen/").status_code == 302
    assert Mail.objects.get(id=alt.id).bearbeiter == "anna"
    seite = client.get(f"/emb/{alt.id}/").content.decode()
    assert "Gesendet von meinem iPhone" in seite and "Arbeitshilfe EMB AU-Meldung" in seite
    pdf = client.get(f"/emb/{alt.id}/anhang/1/")
    assert (pdf["Content-Type"], pdf.content[:5]) == ("application/pdf", b"%PDF-")
    assert pdf["Content-Disposition"].startswith("inline")


@pytest.mark.django_db
def test_ohne_emb_rolle_kein_zugriff(client: Client) -> None:
    client.force_login(User.objects.create_user("bernd", password="x"))
    assert client.get("/emb/").status_code == 403
