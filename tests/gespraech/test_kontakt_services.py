"""Die Dienste eines Kontakts: speichern nach jedem Schritt, zurückgehen, Vermerk, Protokoll."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kundenportal.fachverfahren.referenz.ausgangslage import zustand_lesen
from kundenportal.gespraech import services
from kundenportal.gespraech.fehler import GespraechFehler, KeinZugriff
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten.models import Zugriff

pytestmark = pytest.mark.django_db


def _frisch(kontakt: Kontakt) -> Kontakt:
    """Wie nach einem Neuladen oder Neustart: der Kontakt nur aus der Datenbank."""
    return Kontakt.objects.get(pk=kontakt.pk)


def test_termin_absagen_durchgehend(benutzer: Callable[..., Any], kunde: str) -> None:
    agent = benutzer("agent_sc3")
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    assert (k.leitfaden, str(k.stand), k.weisung, k.kanal) == ("SC 3.003", "2020-03-20", "202003006", "sc3")
    a = services.kontakt_stand(agent, k)
    assert a.fakt == "identitaet_geprueft" and a.kunde is None
    services.kontakt_beantworten(agent, k, "identitaet_geprueft", "ja")
    a = services.kontakt_beantworten(agent, _frisch(k), "terminanliegen", "absagen")
    assert a.fakt == "termin_id" and [o.wert for o in a.optionen] == ["T-1"]
    services.kontakt_beantworten(agent, k, "termin_id", "T-1")
    services.kontakt_beantworten(agent, k, "teilnahme_erforderlich", "nein")
    a = services.kontakt_beantworten(agent, k, "absagegrund", "Arbeit aufgenommen")
    assert a.art == "bestaetigung" and a.vorhaben is not None and a.vorhaben.was == "Termin absagen"
    assert zustand_lesen(kunde)["termine"][0]["status"] == "geplant"     # erst nach der Bestätigung
    a = services.kontakt_bestaetigen(agent, k, a.vorhaben.zeichen)
    assert a.fakt == "neuer_termin_gewuenscht"
    assert [e.art for e in a.erledigt] == ["aktion"] and "als abgesagt gekennzeichnet" in a.erledigt[0].text
    a = services.kontakt_beantworten(agent, k, "neuer_termin_gewuenscht", "nein")
    assert a.art == "ende" and a.ergebnis == "termin_abgesagt"
    assert "Grund: Arbeit aufgenommen" in a.vermerk
    assert zustand_lesen(kunde)["termine"][0]["status"] == "abgesagt"
    services.kontakt_abschliessen(agent, k, a.vermerk + "\nKunde informiert.")
    k = _frisch(k)
    assert (k.status, k.ergebnis) == ("abgeschlossen", "termin_abgesagt")
    assert k.vermerk.endswith("Kunde informiert.")


def test_fortsetzen_nach_neuladen_an_derselben_frage(benutzer: Callable[..., Any], kunde: str) -> None:
    agent = benutzer("agent_sc3")
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    services.kontakt_beantworten(agent, k, "identitaet_geprueft", "ja")
    services.kontakt_beantworten(agent, k, "terminanliegen", "absagen")
    a = services.kontakt_stand(agent, _frisch(k))
    assert a.fakt == "termin_id"
    assert [(w.fakt, w.antwort) for w in a.weg if w.art == "frage"] == [
        ("identitaet_geprueft", "ja"), ("terminanliegen", "absagen")]


def test_zweiter_tab_mit_veralteter_frage_wird_abgelehnt(benutzer: Callable[..., Any], kunde: str) -> None:
    agent = benutzer("agent_sc3")
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    services.kontakt_beantworten(agent, k, "identitaet_geprueft", "ja")
    with pytest.raises(GespraechFehler) as fehler:
        services.kontakt_beantworten(agent, k, "identitaet_geprueft", "nein")
    assert fehler.value.code == "frage_steht_nicht_an"
    assert services.kontakt_stand(agent, k).fakt == "terminanliegen"


def test_zurueck_wertet_den_weg_neu_aus(benutzer: Callable[..., Any], kunde: str) -> None:
    agent = benutzer("agent_sc3")
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    services.kontakt_beantworten(agent, k, "identitaet_geprueft", "ja")
    services.kontakt_beantworten(agent, k, "terminanliegen", "absagen")
    a = services.kontakt_zurueck(agent, k, "terminanliegen")
    assert a.fakt == "terminanliegen"
    a = services.kontakt_zurueck(agent, k, "identitaet_geprueft")
    assert a.fakt == "identitaet_geprueft" and a.kunde is None
    a = services.kontakt_beantworten(agent, k, "identitaet_geprueft", "nein")
    assert a.art == "ende" and a.ergebnis == "abbruch_identitaet"


def test_nach_ausgefuehrter_aktion_kein_zurueck(benutzer: Callable[..., Any], kunde: str) -> None:
    agent = benutzer("agent_sc3")
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    for fakt, wert in [("identitaet_geprueft", "ja"), ("terminanliegen", "absagen"), ("termin_id", "T-1"),
                       ("teilnahme_erforderlich", "nein"), ("absagegrund", "Umzug")]:
        services.kontakt_beantworten(agent, k, fakt, wert)
    a = services.kontakt_bestaetigen(agent, k, None)
    assert a.letzte_antwort == "" and a.aenderbar == set()      # kein Zurück, kein „ändern“ mehr angeboten
    with pytest.raises(GespraechFehler) as fehler:
        services.kontakt_zurueck(agent, k, "absagegrund")
    assert fehler.value.meldung == ("Nach einer ausgeführten Aktion kann diese Antwort nicht mehr geändert "
                                    "werden.")


def test_abgelehnte_antwort_mit_deutscher_begruendung(benutzer: Callable[..., Any], kunde: str) -> None:
    agent = benutzer("agent_sc3")
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    for fakt, wert in [("identitaet_geprueft", "ja"), ("terminanliegen", "absagen"), ("termin_id", "T-1"),
                       ("teilnahme_erforderlich", "nein")]:
        services.kontakt_beantworten(agent, k, fakt, wert)
    with pytest.raises(GespraechFehler) as fehler:
        services.kontakt_beantworten(agent, k, "absagegrund", "x")
    assert fehler.value.code == "antwort_abgelehnt"
    assert fehler.value.meldung == ("Antwort nicht übernommen: Bitte einen Absagegrund mit mindestens drei "
                                    "Zeichen erfassen.")
    assert services.kontakt_stand(agent, k).fakt == "absagegrund"


def test_kundendaten_erst_nach_bestaetigter_identitaet(benutzer: Callable[..., Any], kunde: str) -> None:
    agent = benutzer("agent_sc3")
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    assert services.kontakt_stand(agent, k).kunde is None
    a = services.kontakt_beantworten(agent, k, "identitaet_geprueft", "ja")
    assert a.kunde is not None and a.kunde.kunde.nachname == "Mustermann"
    assert [t.id for t in a.kunde.termine] == ["T-1"]


def test_zugriffe_werden_protokolliert(benutzer: Callable[..., Any], kunde: str) -> None:
    agent = benutzer("agent_sc3")
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    services.kontakt_stand(agent, k)
    services.kontakt_beantworten(agent, k, "identitaet_geprueft", "ja")
    services.kontakt_abschliessen(agent, k, "Vermerk")
    eintraege = list(Zugriff.objects.order_by("id").values_list("aktion", "kundennummer", "kontakt", "user"))
    assert [e[0] for e in eintraege] == ["kontakt_starten", "kontakt_lesen", "kontakt_beantworten",
                                         "verbis_profil_lesen", "kontakt_abschliessen"]
    assert {(e[1], e[2], e[3]) for e in eintraege} == {(kunde, k.pk, agent.pk)}


def test_fremder_kontakt_ist_nicht_bearbeitbar(benutzer: Callable[..., Any], kunde: str) -> None:
    k = services.kontakt_starten(benutzer("agent_sc3", "a1"), "SC 3.003", kunde)
    with pytest.raises(KeinZugriff):
        services.kontakt_beantworten(benutzer("agent_sc3", "a2"), k, "identitaet_geprueft", "ja")
    with pytest.raises(KeinZugriff):
        services.kontakt_stand(benutzer("agent_sc3", "a3"), k)


def test_leitfaden_anderer_kanal_nicht_startbar(benutzer: Callable[..., Any], kunde: str) -> None:
    with pytest.raises(KeinZugriff) as fehler:
        services.kontakt_starten(benutzer("agent_scfk"), "SC 3.003", kunde)
    assert fehler.value.meldung == "Der Leitfaden SC 3.003 steht Ihrer Rolle nicht zur Verfügung."


def test_unbekannte_kundennummer(benutzer: Callable[..., Any], db: Any) -> None:
    with pytest.raises(GespraechFehler) as fehler:
        services.kontakt_starten(benutzer("agent_sc3"), "SC 3.003", "000X")
    assert fehler.value.code == "kunde_unbekannt"


def test_gestoertes_atv_gibt_eine_klare_meldung_und_das_gespraech_bleibt(benutzer: Callable[..., Any], kunde: str,
                                                                        settings: Any) -> None:
    agent = benutzer("agent_sc3")
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    services.kontakt_beantworten(agent, k, "identitaet_geprueft", True)
    settings.FACHVERFAHREN_STOERUNG = ["atv"]
    with pytest.raises(GespraechFehler) as fehler:
        services.kontakt_beantworten(agent, k, "terminanliegen", "absagen")
    assert fehler.value.code == "system_nicht_erreichbar"
    assert fehler.value.meldung == ("ATV ist zurzeit nicht erreichbar. Es wurde nichts geändert; das Gespräch ist "
                                    "gespeichert — bitte in einem Moment erneut versuchen.")
    settings.FACHVERFAHREN_STOERUNG = []
    k.refresh_from_db()
    # Die Antwort ist gespeichert. Lesen schreibt nie: der Stand zeigt die Störung, ohne das ATV zu fragen.
    vorher = (k.lauf, k.geaendert, k.bearbeitet)
    assert services.kontakt_stand(agent, k).art == "stoerung"
    k.refresh_from_db()
    assert (k.lauf, k.geaendert, k.bearbeitet) == vorher
    # „Erneut versuchen“ (POST) erledigt die Abfrage; dann steht die nächste Frage an.
    stand = services.kontakt_weiter(agent, k)
    assert stand.art == "frage" and stand.fakt == "termin_id"
    assert services.kontakt_stand(agent, k).fakt == "termin_id"


def test_kein_kiwi_fall_ist_keine_stoerung_und_der_vermerk_sagt_es(benutzer: Callable[..., Any], client: Any,
                                                                   settings: Any) -> None:
    """Rundgang Familienkasse: Kundin ohne Kindergeldfall, FK 4.802, ÖD „nein“ bestätigt. Vorher „System nicht
    erreichbar: KIWI“ und ein sofort gespeicherter Vermerk „KIWI … war nicht erreichbar“. Jetzt: „Vorgang nicht
    ausgeführt“ mit der Meldung des Fachverfahrens (auch nach dem Neuladen), „Erneut versuchen“ nur nachrangig,
    der Vermerk ein änderbarer Vorschlag, der Weg bleibt im gespeicherten Vermerk."""
    from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden

    settings.KUNDENPORTAL_STICHTAG = "2020-03-20"
    ausgangslage_laden({"kunde": {"kundennummer": "955A300090", "vorname": "Lea", "nachname": "Neu",
                                  "geburtsdatum": "1990-01-01", "wohnort_agentur": "Hamburg"}})
    agent = benutzer("agent_scfk", standort="Hamburg")
    k = services.kontakt_starten(agent, "FK 4.802", "955A300090")
    services.kontakt_beantworten(agent, k, "identitaet_geprueft", True)
    a = services.kontakt_beantworten(agent, k, "oeffentlicher_dienst", "nein")
    assert a.art == "bestaetigung"
    with pytest.raises(GespraechFehler) as fehler:
        services.kontakt_bestaetigen(agent, k, a.vorhaben.zeichen if a.vorhaben else None)   # type: ignore[union-attr]
    assert fehler.value.code == "system_nicht_gefunden"
    stand = services.kontakt_stand(agent, k)
    assert stand.art == "stoerung" and stand.stoerung_dauerhaft and stand.stoerung_code == "nicht_gefunden"
    client.force_login(agent)
    seite = client.get(f"/kontakt/{k.pk}/").content.decode()
    assert "Vorgang nicht ausgeführt: KIWI (Kindergeld)" in seite and "System nicht erreichbar" not in seite
    assert "KIWI (Kindergeld) meldet: kein KIWI-Fall für 955A300090." in seite
    assert ("Grund des Abbruchs: KIWI (Kindergeld): kein KIWI-Fall für 955A300090. Vorgang nicht ausgeführt; "
            "Kontakt ohne Abschluss des Anliegens beendet.</textarea>") in seite    # Kopf und Weg: test_stoerung_vermerk
    assert "war nicht erreichbar" not in seite
    antwort = client.post(f"/kontakt/{k.pk}/abschliessen/", {
        "vermerk": "KIWI (Kindergeld): kein KIWI-Fall für 955A300090. Erstantrag Kinderzuschlag: Antrag per Post."})
    assert antwort.status_code == 302
    k.refresh_from_db()
    assert k.status == Kontakt.ABGESCHLOSSEN and k.ergebnis == "abgebrochen"
    assert "im öffentlichen Dienst beschäftigt? nein\nKontakt vorzeitig beendet: KIWI (Kindergeld): kein KIWI-Fall für " \
        "955A300090. Erstantrag Kinderzuschlag: Antrag per Post." in k.vermerk


def test_nach_gelungenem_schritt_ist_die_stoerung_vergessen(benutzer: Callable[..., Any], kunde: str,
                                                            settings: Any) -> None:
    agent = benutzer("agent_sc3")
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    services.kontakt_beantworten(agent, k, "identitaet_geprueft", True)
    settings.FACHVERFAHREN_STOERUNG = ["atv"]
    with pytest.raises(GespraechFehler):
        services.kontakt_beantworten(agent, k, "terminanliegen", "absagen")
    k.refresh_from_db()
    assert k.lauf["stoerung"]["code"] == "nicht_erreichbar"
    stand = services.kontakt_stand(agent, k)
    assert stand.art == "stoerung" and not stand.stoerung_dauerhaft
    assert stand.stoerung_vermerk.endswith("war nicht erreichbar; Kontakt ohne Abschluss des Anliegens beendet.")
    settings.FACHVERFAHREN_STOERUNG = []
    services.kontakt_weiter(agent, k)
    k.refresh_from_db()
    assert k.lauf["stoerung"] is None


def test_kundendaten_zeigen_den_oed_stand_in_kiwi(benutzer: Callable[..., Any], client: Any, settings: Any) -> None:
    """Rundgang Familienkasse: ÖD erst „ja“, im nächsten Anruf „nein“ erfasst — die Kundendaten zeigten den
    aktuellen Wert in KIWI nie. Jetzt steht er neben dem Kindergeldfall."""
    from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
    from kundenportal.fachverfahren.registry import systeme

    settings.KUNDENPORTAL_STICHTAG = "2020-03-20"
    ausgangslage_laden({"kunde": {"kundennummer": "955A300091", "vorname": "Ida", "nachname": "Kern",
                                  "geburtsdatum": "1985-02-02", "wohnort_agentur": "Hamburg"},
                        "kiwi": {"kindergeldnummer": "123FK000777", "familienkasse": "Hamburg",
                                 "kinder": [{"id": "K1", "vorname": "Ben", "haushalt": "eltern"}]}})
    agent = benutzer("agent_scfk", standort="Hamburg")
    client.force_login(agent)
    k = services.kontakt_starten(agent, "FK 4.802", "955A300091")
    services.kontakt_beantworten(agent, k, "identitaet_geprueft", True)
    seite = client.get(f"/kontakt/{k.pk}/").content.decode()
    assert "<dt>Öffentlicher Dienst (in KIWI)</dt><dd>noch nicht erfasst</dd>" in seite
    systeme().kiwi.oeffentlicher_dienst_erfassen("955A300091", "nein", "test")
    seite = client.get(f"/kontakt/{k.pk}/").content.decode()
    assert "<dt>Öffentlicher Dienst (in KIWI)</dt><dd>nein</dd>" in seite
    systeme().kiwi.oeffentlicher_dienst_erfassen("955A300091", "unbekannt", "test")     # wie die Antwort im Gespräch
    seite = client.get(f"/kontakt/{k.pk}/").content.decode()
    assert "<dt>Öffentlicher Dienst (in KIWI)</dt><dd>unbekannt (keine Angabe)</dd>" in seite
