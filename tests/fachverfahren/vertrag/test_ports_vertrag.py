"""Vertragstests je Port, gegen die Referenz (Datenbank) und den Zwilling im Speicher. Ein echter
Adapter muss dieselben Zusagen erfüllen."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kundenportal.fachverfahren.ports import Systeme
from kundenportal.fachverfahren.ports.colibri import RechtFehlt
from kundenportal.fachverfahren.speicher import SpeicherSysteme
from kundenportal.leitfaden.standorte import standorte_laden
from tests.conftest import CONTENT


class Referenz:
    """Die Referenz auf der Datenbank, mit derselben Schnittstelle wie SpeicherSysteme."""

    def ausgangslage_laden(self, lage: dict[str, Any]) -> str | None:
        from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden

        return ausgangslage_laden(lage)

    def systeme(self) -> Systeme:
        from kundenportal.fachverfahren.registry import systeme

        return systeme()


Adapter = Referenz | SpeicherSysteme


@pytest.fixture(params=[pytest.param("referenz", marks=pytest.mark.django_db), "speicher"])
def adapter(request: pytest.FixtureRequest) -> Adapter:
    if request.param == "referenz":
        return Referenz()
    return SpeicherSysteme(standorte_laden(CONTENT / "standorte.yaml"))
KUNDE = {"kundennummer": "955A800001", "vorname": "Helga", "nachname": "Braun", "geburtsdatum": "1954-04-10",
         "wohnort_agentur": "Nürnberg", "betreuung": "av", "status": "arbeitslos"}


@pytest.fixture
def s(adapter: Adapter) -> Systeme:
    adapter.ausgangslage_laden({"kunde": KUNDE, "colibri": {"alg_bezug": True}, "step": {"sicherheitsstufe": "eid"},
                        "kiwi": {"kindergeldnummer": "123FK1", "familienkasse": "Köln",
                                 "kinder": [{"id": "K1", "vorname": "Tim", "haushalt": "eltern"}]}})
    return adapter.systeme()


def test_verbis_abmeldung_setzt_status_grund_und_datum(s: Systeme) -> None:
    kunde = s.verbis.abmelden("955A800001", "altersrente_regel", dt.date(2020, 5, 1), "tester")
    assert (kunde.status, kunde.abmeldegrund, kunde.abmeldedatum) == ("abgemeldet", "altersrente_regel",
                                                                       dt.date(2020, 5, 1))
    assert s.verbis.kunde("955A800001") == kunde
    assert s.verbis.kunden_suchen(name="braun", geburtsdatum=dt.date(1954, 4, 10))[0].kundennummer == "955A800001"


def test_colibri_verweigert_vorgaenge_ohne_recht(s: Systeme) -> None:
    s.colibri.au_erfassen("955A800001", dt.date(2020, 3, 23), dt.date(2020, 4, 3), "tester")
    with pytest.raises(RechtFehlt, match="braucht das Recht grosses_anordnen"):
        s.colibri.leistung_aufheben("955A800001", "rente", dt.date(2020, 5, 1), "tester")
    assert s.colibri.alg_bezug("955A800001") is True


def test_step_und_kiwi_lesen_und_schreiben(s: Systeme) -> None:
    konto = s.step.konto("955A800001")
    assert konto is not None and konto.sicherheitsstufe == "eid"
    assert s.step.konto("955A000000") is None
    s.kiwi.oeffentlicher_dienst_erfassen("955A800001", "ja", "tester")
    s.kiwi.haushaltszugehoerigkeit_hinterlegen("955A800001", "K1", "eltern_ausbildung", "tester")
    fall = s.kiwi.fall("955A800001")
    assert fall is not None and fall.oeffentlicher_dienst == "ja" and fall.kinder[0].haushalt == "eltern_ausbildung"
    with pytest.raises(LookupError):
        s.kiwi.haushaltszugehoerigkeit_hinterlegen("955A800001", "K9", "x", "tester")


def test_aufgabe_nehmen_und_schliessen(s: Systeme) -> None:
    a = s.aufgaben.erstellen("os_algplus", "Regelaltersrente", "955A800001", "", "tester", "k1")
    assert [x.id for x in s.aufgaben.liste("os_algplus", "offen")] == [a.id]
    assert s.aufgaben.nehmen(a.id, "sachbearbeitung").status == "in_bearbeitung"
    with pytest.raises(ValueError, match="nicht offen"):
        s.aufgaben.nehmen(a.id, "jemand_anders")
    with pytest.raises(ValueError, match="nicht bei jemand_anders in Bearbeitung"):
        s.aufgaben.schliessen(a.id, "jemand_anders", "Erledigt.")
    with pytest.raises(ValueError, match="Ergebnis fehlt"):
        s.aufgaben.schliessen(a.id, "sachbearbeitung", "  \n ")
    assert s.aufgaben.liste("os_algplus")[0].status == "in_bearbeitung"
    erledigt = s.aufgaben.schliessen(a.id, "sachbearbeitung", "  Rente bewilligt.  ")
    assert (erledigt.status, erledigt.bearbeiter, erledigt.ergebnis) == ("erledigt", "sachbearbeitung",
                                                                          "Rente bewilligt.")
    assert erledigt.erledigt is not None and s.aufgaben.liste("os_algplus", "erledigt") == [erledigt]
    with pytest.raises(ValueError, match="nicht bei sachbearbeitung in Bearbeitung"):
        s.aufgaben.schliessen(a.id, "sachbearbeitung", "Noch einmal.")


def test_aufgabe_schliessen_nur_wenn_genommen(s: Systeme) -> None:
    a = s.aufgaben.erstellen("os_algplus", "Regelaltersrente", "955A800001", "", "tester", "k1")
    with pytest.raises(ValueError, match="Status offen"):
        s.aufgaben.schliessen(a.id, "sachbearbeitung", "Erledigt.")
    assert s.aufgaben.liste("os_algplus") == [a] and a.ergebnis == "" and a.erledigt is None


def test_aufgabe_zurueckgeben_nur_wer_sie_hat(s: Systeme) -> None:
    a = s.aufgaben.erstellen("fk_direktion_qs", "Prüfung", "955A800001", "Bitte prüfen.", "tester", "k1")
    with pytest.raises(ValueError, match="nicht bei sachbearbeitung in Bearbeitung \\(Status offen\\)"):
        s.aufgaben.zurueckgeben(a.id, "sachbearbeitung")
    s.aufgaben.nehmen(a.id, "sachbearbeitung")
    with pytest.raises(ValueError, match="nicht bei jemand_anders in Bearbeitung"):
        s.aufgaben.zurueckgeben(a.id, "jemand_anders")
    assert s.aufgaben.liste("fk_direktion_qs")[0].bearbeiter == "sachbearbeitung"
    zurueck = s.aufgaben.zurueckgeben(a.id, "sachbearbeitung")
    assert (zurueck.status, zurueck.bearbeiter, zurueck.ergebnis, zurueck.erledigt) == ("offen", "", "", None)
    assert s.aufgaben.liste("fk_direktion_qs", "offen") == [zurueck]
    assert s.aufgaben.nehmen(a.id, "jemand_anders").bearbeiter == "jemand_anders"     # wieder zu übernehmen
    s.aufgaben.schliessen(a.id, "jemand_anders", "Geprüft.")
    with pytest.raises(ValueError, match="Status erledigt"):
        s.aufgaben.zurueckgeben(a.id, "jemand_anders")
    assert s.aufgaben.liste("fk_direktion_qs")[0].status == "erledigt"


def test_verbis_kunde_per_email_nur_bei_eindeutiger_adresse(adapter: Adapter) -> None:
    for nummer, email in [("955A800011", "Helga.Braun@Example.org"), ("955A800012", "familie@example.org"),
                          ("955A800013", "FAMILIE@example.org")]:
        adapter.ausgangslage_laden({"kunde": {"kundennummer": nummer, "vorname": "V", "nachname": "N",
                                      "wohnort_agentur": "Nürnberg", "email": email}})
    verbis = adapter.systeme().verbis
    kunde = verbis.kunde_per_email(" helga.braun@example.ORG ")
    assert kunde is not None and kunde == verbis.kunde("955A800011")
    assert verbis.kunde_per_email("familie@example.org") is None          # zwei Kunden: keine Zuordnung
    assert verbis.kunde_per_email("niemand@example.org") is None
    assert verbis.kunde_per_email("") is None


def test_verbis_kunden_per_email_wie_je_adresse_einzeln(adapter: Adapter) -> None:
    for nummer, email in [("955A800021", "Helga.Braun@Example.org"), ("955A800022", "familie@example.org"),
                          ("955A800023", "FAMILIE@example.org"), ("955A800024", "jürgen.groß@example.org"),
                          ("955A800025", "a_b%c@example.org")]:
        adapter.ausgangslage_laden({"kunde": {"kundennummer": nummer, "vorname": "V", "nachname": "N",
                                      "wohnort_agentur": "Nürnberg", "email": email}})
    verbis = adapter.systeme().verbis
    adressen = [" helga.braun@example.ORG ", "helga.braun@example.org", "familie@example.org", "niemand@example.org",
                "", "  ", "jürgen.groß@example.org", "JÜRGEN.groß@example.org", "a_b%c@EXAMPLE.org", "aXbYc@example.org"]
    zusammen = verbis.kunden_per_email(adressen)
    assert zusammen == {a: verbis.kunde_per_email(a) for a in adressen}
    assert zusammen[" helga.braun@example.ORG "] == verbis.kunde("955A800021")
    assert zusammen["a_b%c@EXAMPLE.org"] == verbis.kunde("955A800025") and zusammen["aXbYc@example.org"] is None
    assert zusammen["familie@example.org"] is None and verbis.kunden_per_email([]) == {}


@pytest.mark.django_db
def test_referenz_stempelt_mit_der_fachlichen_zeit(settings: Any) -> None:
    """Mit Stichtag (Schulung, Demo) tragen Aufgabe, Versand, AU-Meldung und Protokoll der Referenz das Datum des
    Stichtags wie `erledigt` — vorher die Wanduhr: eine Aufgabe war dann vor ihrer Erstellung erledigt."""
    from kundenportal.fachverfahren.referenz import models as m

    settings.KUNDENPORTAL_STICHTAG = "2020-04-06"
    s = Referenz()
    s.ausgangslage_laden({"kunde": KUNDE})
    systeme = s.systeme()
    a = systeme.aufgaben.erstellen("os_algplus", "Regelaltersrente", "955A800001", "", "tester", "k1")
    systeme.aufgaben.nehmen(a.id, "sachbearbeitung")
    erledigt = systeme.aufgaben.schliessen(a.id, "sachbearbeitung", "Rente bewilligt.")
    assert a.erstellt.date() == dt.date(2020, 4, 6) and erledigt.erledigt is not None
    assert erledigt.erstellt <= erledigt.erledigt
    systeme.versand.papierantrag("955A800001", "insolvenzgeld", "tester")
    stempel = [*m.Versandauftrag.objects.values_list("erstellt", flat=True),
               *m.Aenderung.objects.values_list("zeit", flat=True)]
    assert stempel and {z.astimezone(dt.UTC).date() for z in stempel} <= {dt.date(2020, 4, 5), dt.date(2020, 4, 6)}


def test_aufgaben_zu_einer_kundennummer(s: Systeme) -> None:
    a = s.aufgaben.erstellen("os_algplus", "Regelaltersrente", "955A800001", "", "tester", "k1")
    s.aufgaben.erstellen("os_algplus", "Regelaltersrente", "955A800002", "", "tester", "k2")
    assert s.aufgaben.liste("os_algplus", kundennummer="955A800001") == [a]
    assert s.aufgaben.liste("os_algplus", "erledigt", kundennummer="955A800001") == []
    assert len(s.aufgaben.liste("os_algplus")) == 2
