"""Antworten, die dem Kunden sagen, seine Mail sei weitergegeben („Eingang bestätigt, an die zuständige Stelle
weitergegeben“, „Gesundmeldung erhalten“, „Arbeitsunfähigkeit weitergegeben“), gehen nur, wenn sie es ist: nach
„Weiterleiten“ oder wenn die Arbeitshilfe selbst abgegeben hat (EMB AU-Meldung, Ergebnis `an_os_algplus_abgegeben`:
Aufgabe an OS AlgPlus). Vorher bietet die Seite sie nicht an und sagt, warum; Entwerfen und Senden lehnen mit einer
deutschen Meldung ab."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

import pytest
from django.test import Client

from kundenportal.emb.models import Antwort, Mail
from kundenportal.emb.queries import antwort_fehler
from kundenportal.emb.services import (
    AntwortNichtMoeglich,
    WeiterleitungGesperrt,
    antwort_entwerfen,
    antwort_freigeben,
    mail_beanspruchen,
    mail_einlesen,
    mail_weiterleiten,
    zuordnung_bestaetigen,
)
from kundenportal.emb.vorlagen import VORLAGEN, weitergabe_sperre
from kundenportal.emb.weiterleitung import STELLEN, weitergegeben_an
from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.fachverfahren.referenz.models import Aufgabe
from kundenportal.leitfaden.vokabular import BERLIN
from tests.email.conftest import arbeitshilfe_durchlaufen, korpus_mail
from tests.emb.test_weiterleiten import GESUND, HINWEIS, JETZT, _uebernommen

pytestmark = pytest.mark.django_db
WEITERGEGEBEN = ("eingang_weitergegeben", "gesundmeldung_erhalten", "au_weitergegeben")
NOCH_NICHT = ("sagt dem Kunden, seine Mail sei weitergegeben — sie ist aber noch nicht weitergeleitet. Leiten Sie "
              "die Mail zuerst an die zuständige Stelle weiter")


@pytest.fixture(autouse=True)
def kunde(settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-24"
    ausgangslage_laden({"kunde": {"kundennummer": "955A300078", "vorname": "Uwe", "nachname": "Berger",
                                  "wohnort_agentur": "Bonn", "email": "uwe.berger@web.example"}})


def test_genau_die_vorlagen_mit_weitergabe_verlangen_sie() -> None:
    assert {n for n, v in VORLAGEN.items() if v.weitergabe is not None} == set(WEITERGEGEBEN)
    eingang, au = VORLAGEN["eingang_weitergegeben"], VORLAGEN["au_weitergegeben"]
    assert NOCH_NICHT in weitergabe_sperre(eingang, set(), STELLEN)
    assert weitergabe_sperre(eingang, {"team_sc3"}, STELLEN) == ""          # an irgendeine Stelle
    assert weitergabe_sperre(au, {"os_algplus"}, STELLEN) == ""             # nur an das Team fürs Arbeitslosengeld
    assert weitergabe_sperre(au, {"team_ez"}, STELLEN) == (
        "Die Vorlage „Arbeitsunfähigkeit weitergegeben“ sagt dem Kunden, seine Mail sei an OS AlgPlus – Leistung "
        "(Arbeitslosengeld) weitergegeben; sie ging aber an Team Eingangszone (Agentur vor Ort). Wählen Sie eine "
        "Vorlage, die dazu passt (etwa „Eingang bestätigt, an die zuständige Stelle weitergegeben“).")
    assert weitergabe_sperre(VORLAGEN["zahlung_telefonisch"], set(), STELLEN) == ""


def test_vor_dem_weiterleiten_nicht_angeboten_und_abgelehnt(client: Client, anna: Any) -> None:
    mail = _uebernommen(anna)
    client.force_login(anna)
    html = client.get(f"/emb/{mail.id}/").content.decode()
    for name in ("eingang_weitergegeben", "gesundmeldung_erhalten"):
        assert f'<option value="{name}">' not in html
    assert '<option value="zahlung_telefonisch">' in html
    assert ("Erst nach „Weiterleiten“ (oben) zur Wahl, weil sie dem Kunden die Weitergabe bestätigen: „Eingang "
            "bestätigt, an die zuständige Stelle weitergegeben“, „Gesundmeldung erhalten“.") in html
    with pytest.raises(AntwortNichtMoeglich, match=NOCH_NICHT):
        antwort_entwerfen(anna, mail.id, JETZT, "eingang_weitergegeben")
    # auch über das Formular (etwa eine alte Seite): die Meldung, kein Entwurf, kein Serverfehler
    antwort = client.post(f"/emb/{mail.id}/antwort/", {"aktion": "entwerfen_gewaehlt",
                                                        "vorlage_wahl": "gesundmeldung_erhalten"}, follow=True)
    assert antwort.status_code == 200 and NOCH_NICHT in antwort.content.decode()
    assert not Antwort.objects.exists()


def test_nach_dem_weiterleiten_zuerst_angeboten_und_sendbar(client: Client, anna: Any) -> None:
    mail = _uebernommen(anna)
    mail_weiterleiten(anna, mail.id, "team_ez", HINWEIS, JETZT)
    client.force_login(anna)
    html = client.get(f"/emb/{mail.id}/").content.decode()
    auswahl = re.search(r'<select class="kern-form-input__select" id="vorlage-wahl".*?</select>', html, re.S)
    assert auswahl is not None
    werte = re.findall(r'<option value="(\w+)">', auswahl.group(0))
    # Der Knopf bestätigt die Weitergabe (statt um Angaben zur Person zu bitten) mit der Vorlage zum erkannten
    # Anliegen — einer Gesundmeldung —, die Liste bietet die übrigen an; die Bitte um Angaben zur Person bleibt wählbar.
    assert 'name="vorlage" value="gesundmeldung_erhalten"' in html
    assert "(Vorlage „Gesundmeldung erhalten“)" in html
    assert "Die Mail ist weitergeleitet: Bestätigen Sie dem Kunden die Weitergabe." in html
    assert "sie bittet um Kundennummer, Name und Geburtsdatum" not in html
    assert werte[0] == "eingang_weitergegeben" and "identitaet_unklar" in werte
    assert "gesundmeldung_erhalten" not in werte
    assert "Erst nach „Weiterleiten“" not in html
    entwurf = antwort_entwerfen(anna, mail.id, JETZT, "gesundmeldung_erhalten")
    assert antwort_fehler(entwurf) == []
    assert antwort_freigeben(anna, entwurf.id, JETZT).status == Antwort.Status.WARTEND


def test_nach_dem_weiterleiten_ohne_gesundmeldung_bestaetigt_der_knopf_den_eingang(client: Client, anna: Any) -> None:
    """Eine Mail, die keine Gesundmeldung ist: der Knopf bestätigt allgemein den Eingang und die Weitergabe;
    „Gesundmeldung erhalten“ steht (nach dem Weiterleiten) in der Liste."""
    frage = GESUND.replace(b"Gesundmeldung 955A300078", b"Frage 955A300078").replace(b"gesund-w1@", b"frage-w1@").replace(
        b"ich bin ab heute wieder gesund.", b"ich habe eine Frage zu meinem Bewerbungsschreiben.")
    mail = _uebernommen(anna, frage)
    assert "Gesundmeldung" not in mail.vorschlag_gruende
    mail_weiterleiten(anna, mail.id, "team_ez", HINWEIS, JETZT)
    client.force_login(anna)
    html = client.get(f"/emb/{mail.id}/").content.decode()
    assert 'name="vorlage" value="eingang_weitergegeben"' in html
    assert "(Vorlage „Eingang bestätigt, an die zuständige Stelle weitergegeben“)" in html
    auswahl = re.search(r'<select class="kern-form-input__select" id="vorlage-wahl".*?</select>', html, re.S)
    assert auswahl is not None
    assert re.findall(r'<option value="(\w+)">', auswahl.group(0))[0] == "gesundmeldung_erhalten"


def test_die_pruefung_vor_dem_senden_lehnt_einen_alten_entwurf_ab(anna: Any) -> None:
    """Ein Entwurf, der vor dieser Regel entstand (oder über einen anderen Weg), geht nicht hinaus."""
    mail = _uebernommen(anna)
    entwurf = Antwort.objects.create(mail=mail, an=mail.absender, betreff="Ihre Nachricht ist bei uns eingegangen",
                                     text="Guten Tag,\n\nweitergegeben.", vorlage="eingang_weitergegeben",
                                     message_id=f"<alt-{uuid.uuid4().hex}@test>", erstellt_von="anna", erstellt=JETZT)
    (fehler,) = antwort_fehler(entwurf)
    assert NOCH_NICHT in fehler
    with pytest.raises(AntwortNichtMoeglich, match="noch nicht weitergeleitet"):
        antwort_freigeben(anna, entwurf.id, JETZT)
    mail_weiterleiten(anna, mail.id, "team_sc3", HINWEIS, JETZT)
    assert antwort_fehler(entwurf) == []


def test_au_ueber_42_tage_die_arbeitshilfe_gibt_selbst_ab(anna: Any, settings: Any) -> None:
    """EMB AU-Meldung: Die Abgabe an OS AlgPlus ist eine Aktion der Arbeitshilfe (aufgaben.erstellen); „Arbeits-
    unfähigkeit weitergegeben“ ist danach wahr, ohne eigenes Weiterleiten — dieser Weg bleibt, wie er ist."""
    settings.KUNDENPORTAL_STICHTAG = "2020-03-25"
    jetzt = dt.datetime(2020, 3, 25, 9, 0, tzinfo=BERLIN)
    ausgangslage_laden({"kunde": {"kundennummer": "535P478094", "vorname": "Sandra", "nachname": "Böhm",
                                  "wohnort_agentur": "Fürth", "email": "s.boehm@t-mail.example"},
                        "colibri": {"alg_bezug": True}})
    mail = mail_einlesen(korpus_mail("0013"), quelle="test", jetzt=jetzt).mail
    assert mail_beanspruchen(anna, mail.id, jetzt)
    zuordnung_bestaetigen(anna, mail.id, "au_meldung", jetzt)
    ansicht = arbeitshilfe_durchlaufen(anna, mail.id, jetzt, {"identitaet_geprueft": "ja", "au_beginn": "2020-03-02",
                                                              "au_ende": "2020-04-30"})
    assert ansicht.ergebnis == "an_os_algplus_abgegeben"
    assert list(Aufgabe.objects.values_list("an", flat=True)) == ["os_algplus"]
    mail = Mail.objects.get(id=mail.id)
    assert weitergegeben_an(mail) == {"os_algplus"} and not hasattr(mail, "weiterleitung")
    entwurf = antwort_entwerfen(anna, mail.id, jetzt)
    assert entwurf.vorlage == "au_weitergegeben" and antwort_fehler(entwurf) == []


def test_au_weitergegeben_passt_nicht_zu_einer_anderen_stelle(anna: Any, settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-25"
    jetzt = dt.datetime(2020, 3, 25, 9, 0, tzinfo=BERLIN)
    ausgangslage_laden({"kunde": {"kundennummer": "535P478094", "vorname": "Sandra", "nachname": "Böhm",
                                  "wohnort_agentur": "Fürth", "email": "s.boehm@t-mail.example"}})
    mail = mail_einlesen(korpus_mail("0013"), quelle="test", jetzt=jetzt).mail
    assert mail_beanspruchen(anna, mail.id, jetzt)
    zuordnung_bestaetigen(anna, mail.id, "au_meldung", jetzt)
    ansicht = arbeitshilfe_durchlaufen(anna, mail.id, jetzt, {"identitaet_geprueft": "ja", "au_beginn": "2020-03-23",
                                                              "au_ende": "2020-03-27"})
    assert ansicht.ergebnis == "auskunft_erteilt"                        # ohne Arbeitslosengeld: keine Abgabe
    mail_weiterleiten(anna, mail.id, "team_ez", "AU liegt vor, bitte für die Vermittlung vermerken.", jetzt)
    with pytest.raises(AntwortNichtMoeglich, match="sie ging aber an Team Eingangszone"):
        antwort_entwerfen(anna, mail.id, jetzt, "au_weitergegeben")
    assert antwort_entwerfen(anna, mail.id, jetzt).vorlage == "au_ohne_alg"


def test_gesundmeldung_ohne_kundennummer_erst_mit_kundennummer_weitergeleitet(anna: Any) -> None:
    """Ohne Kundennummer geht die Mail an keine Stelle (wessen Anliegen?); trägt die Agentin sie bei der Zuordnung
    ein, leitet sie weiter, und erst dann geht „Gesundmeldung erhalten“."""
    ohne = GESUND.replace(b"Gesundmeldung 955A300078", b"Gesundmeldung").replace(b"gesund-w1@", b"gesund-w2@").replace(
        b"<uwe.berger@web.example>", b"<u.b@andere.example>")            # keine Kundennummer, kein bekannter Absender
    mail = _uebernommen(anna, ohne)
    assert not mail.kundennummer
    with pytest.raises(AntwortNichtMoeglich, match=NOCH_NICHT):
        antwort_entwerfen(anna, mail.id, JETZT, "gesundmeldung_erhalten")
    with pytest.raises(WeiterleitungGesperrt, match="Ohne Kundennummer lässt sich die Mail nicht weiterleiten"):
        mail_weiterleiten(anna, mail.id, "team_ez", HINWEIS, JETZT)
    assert not Aufgabe.objects.exists()
    zuordnung_bestaetigen(anna, mail.id, "sonstiges", JETZT, kundennummer="955A300078")
    mail_weiterleiten(anna, mail.id, "team_ez", HINWEIS, JETZT)
    assert Aufgabe.objects.get().kundennummer == "955A300078"
    assert antwort_entwerfen(anna, mail.id, JETZT, "gesundmeldung_erhalten").vorlage == "gesundmeldung_erhalten"
