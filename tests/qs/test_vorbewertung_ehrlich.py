"""Die Vorbewertung schlägt „erfüllt“ nur vor, wenn der Weg es belegt (Rundgang Teamleitung Familienkasse):

- ein Kriterium, das einen Eintrag in einem Fachverfahren verlangt („in KIWI erfasst“), ist erfüllt nur, wenn die
  Aktion ausgeführt wurde — nicht, wenn nur die Frage gestellt wurde oder die Aktion an einer Störung scheiterte;
- ein Kriterium, dessen Fall nicht eintrat (Frage nicht gestellt, Antwort führte an der Erfassung vorbei), ist
  nicht anwendbar;
- „Vermerk vollständig“ und „Ergebnis passend“ bleiben bei einem Kontakt mit Störung oder Abbruch offen;
- die QS-Quote aus übernommenen Vorbewertungen ist für den gescheiterten Kontakt nicht 100 %.

Die Kontakte laufen durch den echten Gesprächsdienst (Sitzung, Fachverfahren der Referenz)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal import zeit
from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.gespraech import services as gespraech
from kundenportal.gespraech.fehler import Konflikt
from kundenportal.gespraech.models import Kontakt
from kundenportal.qs import queries, services
from kundenportal.qs.formulare import formular_fuer
from kundenportal.qs.kriterien import ERFUELLT, NICHT_ANWENDBAR, NICHT_ERFUELLT, OFFEN
from kundenportal.qs.pfad import pfad
from kundenportal.qs.vorschlag import vorbewerten

pytestmark = pytest.mark.django_db

MIT_KIWI = "955F000042"


def _vorschlag(k: Kontakt) -> dict[str, dict[str, str]]:
    bogen = formular_fuer(k)
    assert bogen is not None and bogen.schluessel == "2.2.4@2020-03-20"
    return vorbewerten(pfad(k), bogen.kriterien)


def _urteile(k: Kontakt) -> dict[str, str]:
    return {kid: v["urteil"] for kid, v in _vorschlag(k).items()}


@pytest.fixture
def agent_fk(benutzer: Callable[..., Any]) -> Any:
    return benutzer("agent_scfk", "fk-agent")


@pytest.fixture
def kiwi_kunde(db: Any) -> str:
    """Eine Kundin mit KIWI-Fall und einem Kind (die Eröffnung FK 4.001 erfasst den öffentlichen Dienst)."""
    ausgangslage_laden({"kunde": {"kundennummer": MIT_KIWI, "vorname": "Petra", "nachname": "Lindqvist",
                                  "wohnort_agentur": "Nürnberg"},
                        "kiwi": {"kindergeldnummer": "123FK42", "familienkasse": "Nürnberg",
                                 "kinder": [{"id": "K1", "vorname": "Katharina", "geburtsdatum": "2003-05-01"}]}})
    return MIT_KIWI


def _eroeffnen(agent: Any, leitfaden: str, kundennummer: str) -> Kontakt:
    """Identität bestätigt, öffentlicher Dienst „nein“ — bis zur Bestätigung der Erfassung in KIWI."""
    k = gespraech.kontakt_starten(agent, leitfaden, kundennummer)
    gespraech.kontakt_beantworten(agent, k, "identitaet_geprueft", "ja")
    gespraech.kontakt_beantworten(agent, k, "oeffentlicher_dienst", "nein")
    return k


def _gescheitert(agent: Any, kunde: str) -> Kontakt:
    """FK 4.802 ohne KIWI-Fall: die Erfassung in KIWI scheitert („kein KIWI-Fall“), der Kontakt endet mit dem
    vorgeschlagenen (erzeugten) Vermerk."""
    k = _eroeffnen(agent, "FK 4.802", kunde)
    with pytest.raises(Konflikt) as stoerung:
        gespraech.kontakt_bestaetigen(agent, k, None)
    assert stoerung.value.code == "system_nicht_gefunden" and "kein KIWI-Fall" in stoerung.value.meldung
    vermerk = gespraech.sitzung(k).vermerk()
    k = gespraech.kontakt_abschliessen(agent, k, vermerk)
    assert k.ergebnis == "abgebrochen"
    return k


def _gezogen_und_angemeldet(agent: Any, kunde: str, benutzer: Callable[..., Any], client: Client) -> Any:
    """Ein an KIWI gescheiterter Kontakt in der Stichprobe der Teamleitung Familienkasse; sie ist angemeldet."""
    _gescheitert(agent, kunde)
    tl = benutzer("teamleitung_fk", "tl-fk")
    b = services.stichprobe_nach_plan(tl, monat=zeit.heute(), jetzt=zeit.jetzt(), kanal="scfk", seed=1) \
        .bewertungen.get()
    client.force_login(tl)
    return b


def test_gescheiterte_erfassung_in_kiwi_ist_nicht_erfuellt(agent_fk: Any, kunde: str) -> None:
    k = _gescheitert(agent_fk, kunde)
    v = _vorschlag(k)
    assert {kid: x["urteil"] for kid, x in v.items()} == {
        "identitaet": ERFUELLT, "ergebnis": OFFEN, "vermerk": OFFEN, "b1_oed": NICHT_ERFUELLT}
    assert v["b1_oed"]["grund"].startswith("Aktion in KIWI (Kindergeld) nicht ausgeführt: Kontakt mit Störung in "
                                           "KIWI (Kindergeld) beendet (FK 4.001, Aktion: ")
    assert v["vermerk"]["grund"].startswith("Kontakt mit Störung in KIWI (Kindergeld) beendet: ")
    assert pfad(k).fehlende_vermerkzeilen == []              # keine Aktion lief: „vollständig“ allein belegt nichts


def test_nicht_bestaetigte_erfassung_ist_nicht_erfuellt(agent_fk: Any, kiwi_kunde: str) -> None:
    k = _eroeffnen(agent_fk, "FK 4.802", kiwi_kunde)          # Bestätigung steht an, Kontakt endet
    k = gespraech.kontakt_abschliessen(agent_fk, k, "Kunde hat aufgelegt.")
    v = _vorschlag(k)
    assert v["b1_oed"]["urteil"] == NICHT_ERFUELLT
    assert v["b1_oed"]["grund"].startswith("Aktion in KIWI (Kindergeld) nicht bestätigt und nicht ausgeführt: "
                                           "Kontakt vor der Bestätigung der Aktion in KIWI (Kindergeld) beendet")
    assert (v["vermerk"]["urteil"], v["ergebnis"]["urteil"]) == (OFFEN, OFFEN)


def test_ausgefuehrte_erfassung_ist_erfuellt(agent_fk: Any, kiwi_kunde: str) -> None:
    k = _eroeffnen(agent_fk, "FK 4.802", kiwi_kunde)
    gespraech.kontakt_bestaetigen(agent_fk, k, None)
    ansicht = gespraech.kontakt_beantworten(agent_fk, k, "videoberatung_gewuenscht", "nein")
    k = gespraech.kontakt_abschliessen(agent_fk, k, ansicht.vermerk)
    v = _vorschlag(k)
    assert {kid: x["urteil"] for kid, x in v.items()} == {
        "identitaet": ERFUELLT, "ergebnis": ERFUELLT, "vermerk": ERFUELLT, "b1_oed": ERFUELLT}
    assert v["b1_oed"]["grund"].startswith("Aktion in KIWI (Kindergeld) ausgeführt (FK 4.001, Aktion: ")


def test_frage_nicht_gestellt_ist_nicht_anwendbar(agent_fk: Any, kunde: str) -> None:
    k = gespraech.kontakt_starten(agent_fk, "FK 4.405", kunde)
    gespraech.kontakt_beantworten(agent_fk, k, "identitaet_geprueft", "nein")
    k = gespraech.kontakt_abschliessen(agent_fk, k, "Identität nicht bestätigt.")
    v = _vorschlag(k)
    assert (v["b1_oed"]["urteil"], v["b4_haushalt"]["urteil"]) == (NICHT_ANWENDBAR, NICHT_ANWENDBAR)
    assert v["b4_haushalt"]["grund"] == "Regel 2.2 b) 4 auf dem Weg nicht erreicht (Frage nicht gestellt)."
    assert (v["ergebnis"]["urteil"], v["vermerk"]["urteil"]) == (ERFUELLT, ERFUELLT)


def _auszug(agent: Any, kunde: str, grund: str, eltern: str | None = None) -> Kontakt:
    k = _eroeffnen(agent, "FK 4.405", kunde)
    gespraech.kontakt_bestaetigen(agent, k, None)
    gespraech.kontakt_beantworten(agent, k, "kind_id", "K1")
    ansicht = gespraech.kontakt_beantworten(agent, k, "auszug_grund", grund)
    if eltern is not None:
        ansicht = gespraech.kontakt_beantworten(agent, k, "eltern_zusammenlebend", eltern)
        if eltern == "ja":
            ansicht = gespraech.kontakt_bestaetigen(agent, k, None)
    return gespraech.kontakt_abschliessen(agent, k, ansicht.vermerk)


def test_auszug_aus_sonstigem_grund_ist_nicht_anwendbar(agent_fk: Any, kiwi_kunde: str) -> None:
    k = _auszug(agent_fk, kiwi_kunde, "sonstiges")
    v = _vorschlag(k)
    assert {kid: x["urteil"] for kid, x in v.items()} == {
        "identitaet": ERFUELLT, "ergebnis": ERFUELLT, "vermerk": ERFUELLT, "b1_oed": ERFUELLT,
        "b4_haushalt": NICHT_ANWENDBAR}
    assert v["b4_haushalt"]["grund"].startswith("Fall der Regel 2.2 b) 4 nicht eingetreten: der Weg führte ohne "
                                                "Eintrag weiter (FK 4.405, Hinweis: Das Kind hat den Haushalt nicht")


def test_getrennte_eltern_sind_nicht_anwendbar_hinterlegt_ist_erfuellt(agent_fk: Any, kiwi_kunde: str,
                                                                       benutzer: Callable[..., Any]) -> None:
    assert _urteile(_auszug(agent_fk, kiwi_kunde, "ausbildung", "nein"))["b4_haushalt"] == NICHT_ANWENDBAR
    hinterlegt = _vorschlag(_auszug(benutzer("agent_scfk", "fk-agent-2"), kiwi_kunde, "ausbildung", "ja"))
    assert hinterlegt["b4_haushalt"] == {
        "urteil": ERFUELLT, "grund": "Aktion in KIWI (Kindergeld) ausgeführt (FK 4.405, Aktion: Hinterlegen Sie in "
                                     "KIWI, dass das Kind trotz auswärtiger …; "
                                     "Regel 2.2 b) 4)."}


def test_abbruch_waehrend_der_regel_bleibt_offen(agent_fk: Any, kiwi_kunde: str) -> None:
    """Endet der Kontakt bei der Frage der Regel (Eltern zusammenlebend?), entscheidet der Weg nicht."""
    k = _eroeffnen(agent_fk, "FK 4.405", kiwi_kunde)
    gespraech.kontakt_bestaetigen(agent_fk, k, None)
    gespraech.kontakt_beantworten(agent_fk, k, "kind_id", "K1")
    gespraech.kontakt_beantworten(agent_fk, k, "auszug_grund", "ausbildung")
    k = gespraech.kontakt_abschliessen(agent_fk, k, "Kunde hat aufgelegt.")
    v = _vorschlag(k)
    assert v["b4_haushalt"] == {"urteil": OFFEN, "grund": "Kontakt vorzeitig beendet, während die Regel 2.2 b) 4 "
                                                          "anstand; ob ihr Fall eintrat, bitte selbst prüfen."}
    assert (v["b1_oed"]["urteil"], v["vermerk"]["urteil"], v["ergebnis"]["urteil"]) == (ERFUELLT, OFFEN, OFFEN)


def test_quote_aus_uebernommener_vorbewertung_ist_nicht_100_prozent(agent_fk: Any, kunde: str,
                                                                    benutzer: Callable[..., Any],
                                                                    client: Client) -> None:
    """Die Teamleitung übernimmt die Vorbewertung und bewertet nur, was offen ist (hier großzügig: erfüllt)."""
    b = _gezogen_und_angemeldet(agent_fk, kunde, benutzer, client)
    seite = client.get(f"/qs/bewertung/{b.pk}/").content.decode()
    assert ("Zugehörigkeit zum öffentlichen Dienst geprüft und in KIWI erfasst: <strong>nicht erfüllt</strong> – "
            "vorbewertet: Aktion in KIWI (Kindergeld) nicht ausgeführt") in seite
    assert ("Vermerk vollständig und sachlich (keine Diagnosen, keine Wertungen): <strong>offen</strong> – "
            "nicht vorbewertet: Kontakt mit Störung in KIWI (Kindergeld) beendet") in seite
    assert 'value="erfuellt" class="kern-form-check__radio" id="id_vermerk_0" required checked' not in seite
    urteile = {kid: v["urteil"] or ERFUELLT for kid, v in b.vorschlag.items()} | {"gespraech": ERFUELLT}
    antwort = client.post(f"/qs/bewertung/{b.pk}/", urteile)
    assert antwort.status_code == 302
    quoten = {z.kriterium: z.quote for z in queries.quoten(standort="Nürnberg", von=zeit.heute(), bis=zeit.heute())}
    assert (quoten["b1_oed"].erfuellt, quoten["b1_oed"].bewertet) == (0, 1)
    gesamt = sum(q.erfuellt for q in quoten.values()), sum(q.bewertet for q in quoten.values())
    assert gesamt[0] < gesamt[1]                                # nicht 100 %


# Dieselbe Regel auf den anderen Bögen: die Absage im ATV (2.2 a) 2) am Telefon (2.2.1), in der Eingangszone (2.2.2)
# und per E-Mail (2.2.3) — alle über den Baustein BS Terminabsage.
KANAELE = [("agent_sc3", "SC 3.003", "2.2.1@2020-03-20"), ("agent_ez", "EZ 1.003", "2.2.2@2020-03-20"),
           ("agent_emb", "EMB Terminabsage", "2.2.3@2020-03-20")]


def _absage(agent: Any, leitfaden: str, kunde: str, erforderlich: str = "nein") -> tuple[Kontakt, Any]:
    k = gespraech.kontakt_starten(agent, leitfaden, kunde)
    gespraech.kontakt_beantworten(agent, k, "identitaet_geprueft", "ja")
    ansicht = gespraech.kontakt_beantworten(agent, k, "terminanliegen", "absagen")
    ansicht = gespraech.kontakt_beantworten(agent, k, "termin_id", ansicht.optionen[0].wert)
    ansicht = gespraech.kontakt_beantworten(agent, k, "teilnahme_erforderlich", erforderlich)
    if erforderlich == "nein":
        ansicht = gespraech.kontakt_beantworten(agent, k, "absagegrund", "Arbeit gefunden")
    return k, ansicht


def _bogen_vorschlag(k: Kontakt, schluessel: str) -> dict[str, dict[str, str]]:
    bogen = formular_fuer(k)
    assert bogen is not None and bogen.schluessel == schluessel
    return vorbewerten(pfad(k), bogen.kriterien)


@pytest.mark.parametrize(("rolle", "leitfaden", "bogen"), KANAELE)
def test_absage_an_stoerung_des_atv_gescheitert(rolle: str, leitfaden: str, bogen: str, kunde: str,
                                                benutzer: Callable[..., Any], settings: Any) -> None:
    agent = benutzer(rolle)
    k, _ = _absage(agent, leitfaden, kunde)
    settings.FACHVERFAHREN_STOERUNG = ["atv"]
    with pytest.raises(Konflikt):
        gespraech.kontakt_bestaetigen(agent, k, None)
    settings.FACHVERFAHREN_STOERUNG = []
    k = gespraech.kontakt_abschliessen(agent, k, gespraech.sitzung(k).vermerk())
    v = _bogen_vorschlag(k, bogen)
    assert v["a2_abgesagt"]["urteil"] == NICHT_ERFUELLT
    assert v["a2_abgesagt"]["grund"].startswith("Aktion in ATV (Terminverwaltung) nicht ausgeführt: Kontakt mit "
                                                "Störung in ATV (Terminverwaltung) beendet (BS Terminabsage, Aktion")
    assert (v["vermerk"]["urteil"], v["ergebnis"]["urteil"], v["identitaet"]["urteil"]) == (OFFEN, OFFEN, ERFUELLT)


@pytest.mark.parametrize(("rolle", "leitfaden", "bogen"), KANAELE)
def test_termin_bleibt_nach_vorteilsuebersetzung_ist_nicht_anwendbar(rolle: str, leitfaden: str, bogen: str,
                                                                      kunde: str,
                                                                      benutzer: Callable[..., Any]) -> None:
    agent = benutzer(rolle)
    k, _ = _absage(agent, leitfaden, kunde, erforderlich="ja")
    ansicht = gespraech.kontakt_beantworten(agent, k, "teilnahme_moeglich", "ja")
    k = gespraech.kontakt_abschliessen(agent, k, ansicht.vermerk)
    assert k.ergebnis == "termin_bleibt"
    v = _bogen_vorschlag(k, bogen)
    assert v["a2_abgesagt"]["urteil"] == NICHT_ANWENDBAR
    assert v["a2_abgesagt"]["grund"].startswith("Fall der Regel 2.2 a) 2 nicht eingetreten: der Weg führte ohne "
                                                "Eintrag weiter (BS Terminabsage, Frage: Kann der Kunde")
    assert (v["vermerk"]["urteil"], v["ergebnis"]["urteil"]) == (ERFUELLT, ERFUELLT)


def test_sicherheitsstufe_an_stoerung_von_step_gescheitert(kunde: str, benutzer: Callable[..., Any],
                                                            settings: Any) -> None:
    """Auch eine Abfrage, die die Regel verlangt (Sicherheitsstufe in STEP, 2.2 a) 6), zählt nur, wenn sie lief."""
    agent = benutzer("agent_sc3")
    k = gespraech.kontakt_starten(agent, "SC 3.307", kunde)
    gespraech.kontakt_beantworten(agent, k, "identitaet_geprueft", "ja")
    settings.FACHVERFAHREN_STOERUNG = ["step"]
    with pytest.raises(Konflikt):
        gespraech.kontakt_beantworten(agent, k, "antrag_online_gewuenscht", "ja")
    settings.FACHVERFAHREN_STOERUNG = []
    k = gespraech.kontakt_abschliessen(agent, k, "STEP gestört, Kunde ruft wieder an.")
    v = _bogen_vorschlag(k, "2.2.1@2020-03-20")
    assert v["a6_sicherheitsstufe"]["urteil"] == NICHT_ERFUELLT
    assert v["a6_sicherheitsstufe"]["grund"].startswith("Abfrage in STEP (Online-Konto) nicht ausgeführt: Kontakt mit "
                                                        "Störung in STEP (Online-Konto) beendet")


def test_ueberholte_vorbewertung_wird_beim_oeffnen_neu_gebildet(agent_fk: Any, kunde: str,
                                                                 benutzer: Callable[..., Any], client: Client) -> None:
    """Eine vor der ehrlichen Vorbewertung gezogene Stichprobe trug „erfüllt“ für die gescheiterte KIWI-Erfassung:
    beim Öffnen gilt der Weg nach den heutigen Regeln; eine gespeicherte Bewertung behält ihren Vorschlag."""
    _gescheitert(agent_fk, kunde)
    tl = benutzer("teamleitung_fk", "tl-fk")
    b = services.stichprobe_nach_plan(tl, monat=zeit.heute(), jetzt=zeit.jetzt(), kanal="scfk", seed=1) \
        .bewertungen.get()
    frisch = dict(b.vorschlag)
    alt = {kid: {"urteil": ERFUELLT, "grund": "alte Regel: Frage gestellt"} for kid in frisch}
    type(b).objects.filter(pk=b.pk).update(vorschlag=alt)
    client.force_login(tl)
    seite = client.get(f"/qs/bewertung/{b.pk}/").content.decode()
    assert "alte Regel" not in seite
    assert "<strong>nicht erfüllt</strong> – vorbewertet: Aktion in KIWI (Kindergeld) nicht ausgeführt" in seite
    b.refresh_from_db()
    assert b.vorschlag == frisch
    urteile = {kid: v["urteil"] or ERFUELLT for kid, v in b.vorschlag.items()} | {"gespraech": ERFUELLT}
    assert client.post(f"/qs/bewertung/{b.pk}/", urteile).status_code == 302
    type(b).objects.filter(pk=b.pk).update(vorschlag=alt)       # gespeichert: kein Neubilden mehr
    client.get(f"/qs/bewertung/{b.pk}/")
    b.refresh_from_db()
    assert b.vorschlag == alt


def test_vorschlag_steht_am_feld_und_freigegebenes_ist_kein_formular(agent_fk: Any, kunde: str,
                                                                     benutzer: Callable[..., Any],
                                                                     client: Client) -> None:
    """Rundgang Teamleitung: ein vorausgewähltes „erfüllt“ war am Feld nicht als Vorschlag zu erkennen; nach der
    Freigabe stand der Bogen noch zum Ändern da und lehnte erst beim Speichern ab."""
    b = _gezogen_und_angemeldet(agent_fk, kunde, benutzer, client)
    seite = client.get(f"/qs/bewertung/{b.pk}/").content.decode()
    assert "Vorschlag aus dem Weg: erfüllt – " in seite                   # Identität, am Feld
    assert "Nicht vorbewertet, bitte selbst urteilen: Kontakt mit Störung in KIWI" in seite
    gespraech_hinweis = seite.split('id="id_gespraech_helptext"')[1][:200]          # Kriterium ohne Vorbewertung
    assert "Nicht vorbewertet: Das zeigt der aufgezeichnete Weg nicht — bitte selbst urteilen." in gespraech_hinweis
    assert 'id="id_identitaet_helptext"' in seite or "identitaet_helptext" in seite
    urteile = {kid: v["urteil"] or ERFUELLT for kid, v in b.vorschlag.items()} | {"gespraech": ERFUELLT}
    assert client.post(f"/qs/bewertung/{b.pk}/", urteile).status_code == 302
    assert client.post(f"/qs/bewertung/{b.pk}/freigeben/").status_code == 302
    seite = client.get(f"/qs/bewertung/{b.pk}/").content.decode()
    assert 'id="qs-unveraenderlich"' in seite and "Bewertung speichern" not in seite
    assert "<strong>nicht erfüllt</strong>" in seite.split('id="qs-urteile"')[1].split("</ul>")[0]
    client.force_login(agent_fk)        # „Meine Bewertungen“: welcher Anruf — Uhrzeit und Ergebnis
    meine = client.get("/qs/meine/").content.decode()
    assert re.search(r"FK 4\.802, Kontakt vom \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr – Vorzeitig beendet</h2>", meine)
