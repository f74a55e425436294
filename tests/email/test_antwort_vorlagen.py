"""Die Antwort passt zum Ergebnis der Arbeitshilfe: eine Verschiebung nennt den neuen Termin (Tag, Uhrzeit,
Ort aus dem ATV), eine Absage mit neuem Termin auch, ein bleibender Termin seine Daten; ist die Identität
nicht bestätigt, enthält sie keine Kundendaten (domain.md A3). Die Anweisung des letzten Schritts steht auf
der Mail-Seite; nach dem Senden bietet sie weder „Zurück“ noch einen zweiten Entwurf an."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client, override_settings

from kundenportal.emb.models import Antwort, Mail
from kundenportal.emb.services import (
    AntwortNichtMoeglich,
    antwort_entwerfen,
    antwort_freigeben,
    antwort_zustellen,
    mail_beanspruchen,
    mail_einlesen,
    mail_erledigen,
    zuordnung_bestaetigen,
)
from kundenportal.emb.vorlagen import NACH_ERGEBNIS, VORLAGEN, platzhalter
from kundenportal.emb.zuordnung import ARBEITSHILFEN
from kundenportal.fachverfahren.referenz.ausgangslage import zustand_lesen
from kundenportal.gespraech.ansicht import Ansicht
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.modell import Einbinden, Ende, Rueckkehr
from kundenportal.leitfaden.vokabular import BERLIN

from .conftest import Smtp, arbeitshilfe_durchlaufen
from .test_terminabsage import KUNDENNUMMER, MAIL, uwe_berger_laden

JETZT = dt.datetime(2020, 3, 24, 9, 0, tzinfo=BERLIN)
NEU = "2020-03-26T13:00:00+01:00"          # ein freier Termin im Kalender Nürnberg/reha_vermittlung


def _ergebnisse(katalog: Katalog, leitfaden_id: str) -> set[str]:
    """Alle Ergebnisse eines Leitfadens in jeder Fassung, mit denen der eingebundenen Bausteine."""
    ergebnisse: set[str] = set()
    for fassung in katalog.leitfaeden[leitfaden_id].fassungen:
        for schritt in fassung.schritte.values():
            if isinstance(schritt, Ende | Rueckkehr):
                ergebnisse.add(schritt.ergebnis)
            elif isinstance(schritt, Einbinden):
                ergebnisse |= _ergebnisse(katalog, schritt.leitfaden)
    return ergebnisse


def test_jedes_ergebnis_der_arbeitshilfen_hat_seine_vorlage(katalog: Katalog) -> None:
    for arbeitshilfe in ARBEITSHILFEN.values():
        ohne = {e for e in _ergebnisse(katalog, arbeitshilfe)
                if (arbeitshilfe, e) not in NACH_ERGEBNIS and ("*", e) not in NACH_ERGEBNIS}
        assert ohne == set(), f"{arbeitshilfe}: Ergebnisse ohne Antwortvorlage"
    assert NACH_ERGEBNIS[("EMB Terminabsage", "termin_verschoben")] == "termin_verschoben"
    assert all(name in VORLAGEN for name in NACH_ERGEBNIS.values())
    for v in VORLAGEN.values():        # ohne Kundendaten: keine Platzhalter für Namen, Nummer oder Termin
        assert v.kundendaten or platzhalter(v) == {"anrede"}, v.name


@pytest.fixture
def kunde(db: Any, settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-24"
    uwe_berger_laden()


def _arbeitshilfe(anna: Any, antworten: dict[str, str]) -> tuple[Mail, Ansicht]:
    mail = mail_einlesen(MAIL, quelle="test").mail
    assert mail_beanspruchen(anna, mail.id, JETZT)
    zuordnung_bestaetigen(anna, mail.id, "terminabsage", JETZT)
    return mail, arbeitshilfe_durchlaufen(anna, mail.id, JETZT, antworten)


@pytest.mark.usefixtures("kunde")
def test_verschobener_termin_nennt_den_neuen_termin(client: Client, anna: Any) -> None:
    mail, ansicht = _arbeitshilfe(anna, {"identitaet_geprueft": "ja", "terminanliegen": "verschieben",
                                         "termin_id": "T1", "wunschtermin": NEU})
    assert ansicht.ergebnis == "termin_verschoben"
    (alt,) = [t for t in zustand_lesen(KUNDENNUMMER)["termine"] if t["id"] == "T1"]
    assert alt["status"] == "verschoben"
    entwurf = antwort_entwerfen(anna, mail.id, JETZT)
    assert entwurf.vorlage == "termin_verschoben"
    assert entwurf.betreff == f"Ihr Termin ist verschoben (Kundennummer {KUNDENNUMMER})"
    assert ("Wir haben Ihren Termin am Freitag, 27.03.2020, um 10:00 Uhr in der Agentur für Arbeit Nürnberg "
            "(Reha-Vermittlung) wie gewünscht verschoben; der bisherige Termin entfällt.") in entwurf.text
    assert ("Ihr neuer Termin:\n  Tag: Donnerstag, 26.03.2020\n  Uhrzeit: 13:00 Uhr\n"
            "  Ort: Agentur für Arbeit Nürnberg (Reha-Vermittlung)") in entwurf.text
    assert "abgesagt" not in entwurf.betreff + entwurf.text and "neue Einladung" not in entwurf.text

    client.force_login(anna)
    seite = client.get(f"/emb/{mail.id}/").content.decode()     # die Anweisung des letzten Schritts
    assert ('<p class="sagen" id="anweisung"><strong>Nächster Schritt:</strong> Bestätigen Sie dem Kunden den '
            "neuen Termin per E-Mail.</p>") in seite


@pytest.mark.usefixtures("kunde")
def test_absage_mit_neu_gebuchtem_termin_nennt_den_neuen(anna: Any) -> None:
    mail, ansicht = _arbeitshilfe(anna, {
        "identitaet_geprueft": "ja", "terminanliegen": "absagen", "termin_id": "T1", "teilnahme_erforderlich": "ja",
        "teilnahme_moeglich": "nein", "absagegrund": "Kinderbetreuung fällt aus", "neuer_termin_gewuenscht": "ja",
        "wunschtermin": NEU})
    assert ansicht.ergebnis == "termin_abgesagt"
    entwurf = antwort_entwerfen(anna, mail.id, JETZT)
    assert entwurf.vorlage == "termin_abgesagt_neuer_termin"
    assert entwurf.betreff == f"Ihr Termin ist abgesagt – Ihr neuer Termin (Kundennummer {KUNDENNUMMER})"
    assert "Tag: Donnerstag, 26.03.2020\n  Uhrzeit: 13:00 Uhr" in entwurf.text
    assert "Sie erhalten bei Bedarf eine neue Einladung" not in entwurf.text


@pytest.mark.usefixtures("kunde")
def test_bleibender_termin_nennt_tag_uhrzeit_und_ort(anna: Any) -> None:
    mail, ansicht = _arbeitshilfe(anna, {"identitaet_geprueft": "ja", "terminanliegen": "absagen", "termin_id": "T1",
                                         "teilnahme_erforderlich": "ja", "teilnahme_moeglich": "ja"})
    assert ansicht.ergebnis == "termin_bleibt"
    entwurf = antwort_entwerfen(anna, mail.id, JETZT)
    assert ("Ihr Termin bleibt wie vereinbart bestehen:\n  Tag: Freitag, 27.03.2020\n  Uhrzeit: 10:00 Uhr\n"
            "  Ort: Agentur für Arbeit Nürnberg (Reha-Vermittlung)") in entwurf.text
    assert "finden Sie in Ihrer Einladung" not in entwurf.text


@pytest.mark.usefixtures("kunde")
def test_terminwunsch_verweist_auf_das_telefon(anna: Any) -> None:
    mail, ansicht = _arbeitshilfe(anna, {"identitaet_geprueft": "ja", "terminanliegen": "vereinbaren"})
    assert ansicht.ergebnis == "auskunft_erteilt"
    entwurf = antwort_entwerfen(anna, mail.id, JETZT)
    assert "Servicenummer 0800 4 5555 00" in entwurf.text and "melden uns bei Ihnen" not in entwurf.text


@pytest.mark.usefixtures("kunde")
def test_ohne_bestaetigte_identitaet_keine_kundendaten_in_der_antwort(client: Client, anna: Any) -> None:
    mail, ansicht = _arbeitshilfe(anna, {"identitaet_geprueft": "nein"})
    assert ansicht.ergebnis == "abbruch_identitaet"
    with pytest.raises(AntwortNichtMoeglich) as abgelehnt:
        antwort_entwerfen(anna, mail.id, JETZT, vorlage="termin_abgesagt")
    assert str(abgelehnt.value) == (
        "Die Identität ist in der Arbeitshilfe verneint: Die Antwort enthält keine Angaben zum Kunden oder zum Fall, "
        "sie bittet um Kundennummer, Name und Geburtsdatum. Die Vorlage „Termin abgesagt“ enthält Kundendaten und "
        "wird deshalb nicht entworfen; ohne Kundendaten geht die Vorlage „Bitte um Angaben zur Person“.")
    client.force_login(anna)
    client.post(f"/emb/{mail.id}/antwort/")                     # „Antwort aus Vorlage entwerfen“
    entwurf = Antwort.objects.get(mail=mail)
    assert entwurf.vorlage == "identitaet_unklar"
    assert entwurf.betreff == "Ihre Nachricht – bitte Angaben zu Ihrer Person"
    assert entwurf.text.startswith("Guten Tag,\n\nvielen Dank für Ihre Nachricht.")
    for kundendatum in ("Uwe", "Berger", KUNDENNUMMER, "27.03.2020", "Termin"):
        assert kundendatum not in entwurf.betreff + entwurf.text, kundendatum
    assert "Ihre Kundennummer (zum Beispiel aus Ihrer Einladung), Ihren vollständigen Namen und Ihr Geburtsdatum" \
        in entwurf.text
    seite = client.get(f"/emb/{mail.id}/").content.decode()
    assert ("<strong>Nächster Schritt:</strong> Antworten Sie ohne Angaben zum Termin und bitten Sie um "
            "Kundennummer, Name und Geburtsdatum.") in seite


@pytest.mark.usefixtures("kunde")
def test_nach_dem_senden_kein_zurueck_und_kein_zweiter_entwurf(client: Client, anna: Any, smtp_server: Smtp) -> None:
    mail, _ = _arbeitshilfe(anna, {"identitaet_geprueft": "ja", "terminanliegen": "vereinbaren"})
    client.force_login(anna)
    vorher = client.get(f"/emb/{mail.id}/").content.decode()
    assert "Zurück: vorige Antwort ändern" in vorher and "Antwort aus Vorlage entwerfen" in vorher
    entwurf = antwort_entwerfen(anna, mail.id, JETZT)
    with override_settings(EMAIL_PORT=smtp_server.port):
        antwort_freigeben(anna, entwurf.id, JETZT)      # der Worker sendet nur Freigegebenes
        assert antwort_zustellen(entwurf.id, JETZT).status == Antwort.Status.GESENDET
    nachher = client.get(f"/emb/{mail.id}/").content.decode()
    assert "Zurück: vorige Antwort ändern" not in nachher and "Antwort aus Vorlage entwerfen" not in nachher
    assert ("Antwort „<bdi>Ihr Terminwunsch (Kundennummer 955A300078)</bdi>“: gesendet am 24.03.2020 09:00. "
            "Eine weitere Antwort wird nicht entworfen.") in nachher
    assert "Die Antwort an den Kunden ist schon freigegeben" in client.post(
        f"/emb/{mail.id}/arbeitshilfe/", {"zurueck": "terminanliegen"}, follow=True).content.decode()

    mail_erledigen(anna, mail.id, JETZT)                         # erledigt: für alle ohne „Zurück“
    erledigt = client.get(f"/emb/{mail.id}/").content.decode()
    assert "Erledigt am 24.03.2020 09:00." in erledigt and "Zurück: vorige Antwort ändern" not in erledigt
