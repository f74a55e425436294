"""Die Mängel aus dem Rundgang durch die E-Mail-Bearbeitung (Rolle agent_emb), je einer mit seinem Test:
der Vermerk übersteht Vorschau, Senden und die Schritte der Arbeitshilfe; eine leere Antwort geht nicht hinaus;
„Erledigt“ ohne Antwort nur mit Vermerk, der in der Kontakthistorie steht; die Zuordnung steht nach Antwort oder
Ende der Arbeitshilfe fest; ein nicht hinterlegter Absender bekommt die Bitte um Angaben zur Person; ohne
Kundennummer keine Arbeitshilfe; der Filter liest die Kundennummer wie die Kundensuche; ein zweiter Tab erfährt,
dass die Mail nicht mehr übernommen ist; die Hinweise folgen dem Stand; Quarantäne ohne Ausnahmenamen; Fokus;
lange Eingaben; Standort im Vermerk und der Wortlaut der AU-Antwort."""

from __future__ import annotations

import ast
import datetime as dt
import html as html_modul
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings

from kundenportal.emb.models import Antwort, Mail
from kundenportal.emb.queries import TEXT_LEER
from kundenportal.emb.services import (
    NICHT_UEBERNOMMEN,
    AntwortNichtMoeglich,
    ZuordnungGesperrt,
    antwort_entwerfen,
    antwort_freigeben,
    bearbeitung_beantworten,
    bearbeitung_starten,
    mail_beanspruchen,
    mail_einlesen,
    mail_freigeben,
    quarantaene_neu_zerlegen,
    schritt_sperre,
    zuordnung_bestaetigen,
)
from kundenportal.emb.services import einlesen as einlesen_modul
from kundenportal.emb.services.bearbeitung import OHNE_KUNDENNUMMER, VERMERK_FEHLT, VERMERK_UNVERAENDERT
from kundenportal.emb.vorlagen import ADRESSE_NICHT_HINTERLEGT
from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden, zustand_lesen
from kundenportal.gespraech import services as gespraech
from kundenportal.gespraech.fehler import GespraechFehler
from kundenportal.gespraech.models import Kontakt
from kundenportal.leitfaden.vokabular import BERLIN
from tests.email.conftest import Smtp, arbeitshilfe_durchlaufen, korpus_mail
from tests.email.test_terminabsage import KUNDENNUMMER, MAIL, uwe_berger_laden

pytestmark = pytest.mark.django_db
JETZT = dt.datetime(2020, 3, 24, 9, 0, tzinfo=BERLIN)
ANDERER = "955A300079"
HTMX = {"HTTP_HX_REQUEST": "true"}
ANTWORTEN = {"identitaet_geprueft": "ja", "terminanliegen": "absagen", "termin_id": "T1",
             "teilnahme_erforderlich": "ja", "teilnahme_moeglich": "nein", "absagegrund": "Kinderbetreuung fällt aus",
             "neuer_termin_gewuenscht": "nein"}
FREMD = MAIL.replace(b"uwe.berger@web.example", b"jemand@andere.example").replace(
    b"Message-ID: <absage-berger-1@", b"Message-ID: <fremd-1@").replace(
    b"Guten Tag,", f"Guten Tag, meine Kundennummer ist {KUNDENNUMMER}.".encode())
SONSTIGES = (b"From: Eva Kraus <eva.kraus@web.example>\r\nMessage-ID: <frage-1@web.example>\r\n"
             b"Subject: Frage zu meinem Antrag\r\n\r\nWann bekomme ich Bescheid zu meinem Antrag?\r\n")
EMB = Path(__file__).resolve().parents[2] / "kundenportal" / "emb"


@pytest.fixture(autouse=True)
def kunde(settings: Any) -> None:
    """Uwe Berger wohnt im Bezirk Bonn; die Beschäftigten (Fixture `benutzer`) sitzen in Nürnberg."""
    settings.KUNDENPORTAL_STICHTAG = "2020-03-24"
    uwe_berger_laden("Bonn")
    ausgangslage_laden({"kunde": {"kundennummer": ANDERER, "vorname": "Eva", "nachname": "Kraus",
                                  "wohnort_agentur": "Nürnberg", "email": "eva.kraus@web.example"}})


def _uebernommen(user: Any, roh: bytes = MAIL, klasse: str = "terminabsage") -> Mail:
    """Eine Mail, übernommen und mit ihrem Anliegen bestätigt (die Kundennummer wie erkannt)."""
    mail = mail_einlesen(roh, quelle="test", jetzt=JETZT).mail
    assert mail_beanspruchen(user, mail.id, JETZT)
    zuordnung_bestaetigen(user, mail.id, klasse, JETZT)
    return Mail.objects.get(id=mail.id)


def _feld(html: str, feld_id: str) -> str:
    """Der Inhalt eines <textarea> der Seite (unescaped)."""
    treffer = re.search(rf'<textarea[^>]*\bid="{feld_id}"[^>]*>(.*?)</textarea>', html, re.S)
    assert treffer is not None, f"kein Feld {feld_id}"
    return html_modul.unescape(treffer.group(1))


def _tag(html: str, feld_id: str) -> str:
    """Das öffnende Tag des Elements mit `feld_id`."""
    treffer = re.search(rf'<[a-z0-9]+[^>]*\bid="{feld_id}"[^>]*>', html, re.S)
    assert treffer is not None, f"kein Element {feld_id}"
    return treffer.group(0)


def _vermerk(client: Client, mail: Mail) -> str:
    return _feld(client.get(f"/emb/{mail.id}/").content.decode(), "vermerk")


# 1 — Der Vermerk geht nicht verloren ------------------------------------------------------------------------------

def test_ergaenzter_vermerk_uebersteht_pruefen_senden_und_weiter_bearbeiten(
        client: Client, anna: Any, smtp_server: Smtp, eager: None, django_capture_on_commit_callbacks: Any) -> None:
    mail = _uebernommen(anna)
    ende = arbeitshilfe_durchlaufen(anna, mail.id, JETZT, ANTWORTEN)
    assert ende.art == "ende" and ende.vermerk
    client.force_login(anna)
    seite = f"/emb/{mail.id}/"
    assert _vermerk(client, mail) == ende.vermerk                     # der Vorschlag der Arbeitshilfe
    # „Antwort aus Vorlage entwerfen“ sendet das Formular mit dem Vermerk (der Browser schickt CR LF)
    ergaenzt = ende.vermerk.replace("\n", "\r\n") + "\r\nKunde zusätzlich telefonisch informiert."
    client.post(f"{seite}antwort/", {"vermerk": ergaenzt, "vermerk_grundlage": ende.vermerk})
    entwurf = Antwort.objects.get(mail=mail)
    assert _vermerk(client, mail) == f"{ende.vermerk}\nKunde zusätzlich telefonisch informiert."

    vorschau = client.post(f"{seite}antwort/", {"aktion": "vorschau", "antwort": entwurf.id, "betreff": entwurf.betreff,
                                                "text": entwurf.text, "vermerk": ergaenzt + "\r\nNoch eine Zeile.",
                                                "vermerk_grundlage": ende.vermerk})
    assert vorschau.status_code == 200 and "Antwort prüfen" in vorschau.content.decode()
    assert _vermerk(client, mail).endswith("informiert.\nNoch eine Zeile.")      # „Weiter bearbeiten“

    with override_settings(EMAIL_PORT=smtp_server.port), django_capture_on_commit_callbacks(execute=True):
        client.post(f"{seite}antwort/", {"aktion": "senden", "antwort": entwurf.id})   # die Vorschau: ohne Vermerk
    assert Antwort.objects.get(id=entwurf.id).status == Antwort.Status.GESENDET
    feld = _vermerk(client, mail)
    assert feld.endswith("Kunde zusätzlich telefonisch informiert.\nNoch eine Zeile.")

    assert client.post(f"{seite}erledigen/", {"vermerk": feld}).status_code == 302
    erledigt = Mail.objects.select_related("kontakt").get(id=mail.id)
    assert erledigt.kontakt is not None and erledigt.kontakt.vermerk.endswith("Noch eine Zeile.")
    assert (erledigt.vermerk_entwurf, erledigt.vermerk_grundlage) == ("", "")


def test_vermerk_aus_der_laufenden_arbeitshilfe_bleibt_nach_der_letzten_antwort(client: Client, anna: Any) -> None:
    mail = _uebernommen(anna)
    client.force_login(anna)
    seite = f"/emb/{mail.id}/"
    client.post(f"{seite}arbeitshilfe/")
    feld = _tag(client.get(seite).content.decode(), "vermerk")
    # beim Tippen merkt sich die Mail den Vermerk (htmx), ohne dass die Seite neu lädt
    assert f'hx-post="{seite}arbeitshilfe/"' in feld and 'hx-trigger="input changed delay:500ms, change"' in feld
    assert 'hx-swap="none"' in feld and "vermerk_merken" in feld
    gemerkt = client.post(f"{seite}arbeitshilfe/", {"vermerk_merken": "1", "vermerk": "Kunde klingt erkältet.",
                                                    "vermerk_grundlage": ""}, **HTMX)
    assert gemerkt.status_code == 204
    kontakt = Mail.objects.get(id=mail.id).kontakt
    assert kontakt is not None
    antwort = None
    for _ in range(12):          # die Schritte gehen an das Gespräch (derselbe Gesprächsbereich wie am Telefon)
        a = client.get(seite).context["a"]
        if a.art == "bestaetigung":
            antwort = client.post(f"/kontakt/{kontakt.pk}/bestaetigen/", {"zeichen": a.vorhaben.zeichen,
                                                                          "rueckkehr": seite}, **HTMX)
        elif a.art == "frage":
            antwort = client.post(f"/kontakt/{kontakt.pk}/antwort/", {"fakt": a.fakt, "wert": ANTWORTEN[a.fakt],
                                                                      "rueckkehr": seite}, **HTMX)
        else:
            break
    assert antwort is not None and antwort["HX-Redirect"] == seite     # die letzte Antwort lädt die Seite neu
    ende = client.get(seite).context["a"]
    assert ende.art == "ende" and ende.vermerk
    feld_text = _vermerk(client, mail)
    # nichts ersetzt das Getippte: der Vorschlag der Arbeitshilfe steht davor
    assert feld_text == f"{ende.vermerk.rstrip()}\nKunde klingt erkältet."


# 2 — Eine leere Antwort ist ein Fehler --------------------------------------------------------------------------

def test_leere_antwort_ist_ein_fehler_am_feld_und_geht_nicht_hinaus(client: Client, anna: Any) -> None:
    mail = _uebernommen(anna)
    entwurf = antwort_entwerfen(anna, mail.id, JETZT)          # ohne Kundendaten (Identität noch nicht bestätigt)
    client.force_login(anna)
    seite = f"/emb/{mail.id}/"
    vorschau = client.post(f"{seite}antwort/", {"aktion": "vorschau", "antwort": entwurf.id,
                                                "betreff": entwurf.betreff, "text": "  \r\n  "})
    html = vorschau.content.decode()
    assert vorschau.status_code == 400 and "Antwort prüfen" not in html          # der Editor, keine Vorschau
    assert TEXT_LEER in html and 'aria-describedby="text-fehler"' in _tag(html, "text")
    assert "autofocus" in _tag(html, "text")
    assert Antwort.objects.get(id=entwurf.id).text == "  \r\n  "          # das Getippte bleibt im Entwurf
    with pytest.raises(AntwortNichtMoeglich, match="Der Text der Antwort ist leer"):
        antwort_freigeben(anna, entwurf.id, JETZT)
    gesendet = client.post(f"{seite}antwort/", {"aktion": "senden", "antwort": entwurf.id}, follow=True)
    assert "Der Text der Antwort ist leer" in gesendet.content.decode()
    assert Antwort.objects.get(id=entwurf.id).status == Antwort.Status.ENTWURF


# 3 — „Erledigt“ ohne Antwort nur mit Vermerk, in der Kontakthistorie -----------------------------------------

def test_erledigt_ohne_antwort_und_ohne_arbeitshilfe_braucht_einen_vermerk(client: Client, anna: Any) -> None:
    mail = _uebernommen(anna)
    client.force_login(anna)
    seite = f"/emb/{mail.id}/"
    for daten in ({}, {"vermerk": "  \r\n"}):
        abgelehnt = client.post(f"{seite}erledigen/", daten)
        html = abgelehnt.content.decode()
        assert abgelehnt.status_code == 400 and VERMERK_FEHLT in html
        assert 'aria-invalid="true"' in _tag(html, "vermerk") and "autofocus" in _tag(html, "vermerk")
    assert Mail.objects.get(id=mail.id).status == Mail.Status.IN_BEARBEITUNG

    erledigt = client.post(f"{seite}erledigen/", {"vermerk": "Kunde hat angerufen; der Termin bleibt."}, follow=True)
    assert "Die Mail „Termin am 27.03. absagen“ ist erledigt." in erledigt.content.decode()
    # Die Arbeitshilfe lief nicht: kein Kontakt zu ihr, aber einer in der Historie mit dem Vermerk (historie.py)
    mail = Mail.objects.select_related("kontakt_ohne_arbeitshilfe").get(id=mail.id)
    kontakt = mail.kontakt_ohne_arbeitshilfe
    assert kontakt is not None and mail.kontakt_id is None
    assert (kontakt.leitfaden, kontakt.status, kontakt.ergebnis, kontakt.kundennummer, kontakt.kanal) == (
        "E-Mail ohne Arbeitshilfe", Kontakt.ABGESCHLOSSEN, "Ohne Antwort erledigt", KUNDENNUMMER, "emb")
    assert kontakt.vermerk == "Kunde hat angerufen; der Termin bleibt."
    _, historie = gespraech.kundenhistorie_lesen(anna, KUNDENNUMMER)
    assert [k.pk for k in historie] == [kontakt.pk]                   # wie jeder andere Kontakt
    assert zustand_lesen(KUNDENNUMMER)["termine"][0]["status"] == "geplant"      # nichts im ATV getan
    assert "Kunde hat angerufen; der Termin bleibt." in client.get(seite).content.decode()


def test_erledigt_mitten_in_der_arbeitshilfe_dieselbe_regel(client: Client, anna: Any) -> None:
    mail = _uebernommen(anna)
    bearbeitung_starten(anna, mail.id, JETZT)
    bearbeitung_beantworten(anna, mail.id, "identitaet_geprueft", "ja")
    client.force_login(anna)
    abgelehnt = client.post(f"/emb/{mail.id}/erledigen/", {"vermerk": ""})
    assert abgelehnt.status_code == 400 and VERMERK_FEHLT in abgelehnt.content.decode()
    assert "Der Vermerk darf nicht leer sein." not in abgelehnt.content.decode()
    client.post(f"/emb/{mail.id}/erledigen/", {"vermerk": "Kunde will erst telefonisch klären."})
    kontakt = Mail.objects.select_related("kontakt").get(id=mail.id).kontakt
    assert kontakt is not None and kontakt.ergebnis == "abgebrochen"
    assert kontakt.vermerk.endswith("Kunde will erst telefonisch klären.")


def test_erledigt_am_ende_ohne_antwort_ergaenzt_den_vorschlag(client: Client, anna: Any) -> None:
    mail = _uebernommen(anna)
    ende = arbeitshilfe_durchlaufen(anna, mail.id, JETZT, ANTWORTEN)
    client.force_login(anna)
    seite = f"/emb/{mail.id}/"
    unveraendert = client.post(f"{seite}erledigen/", {"vermerk": ende.vermerk.replace("\n", "\r\n")})
    assert unveraendert.status_code == 400 and VERMERK_UNVERAENDERT in unveraendert.content.decode()
    assert _feld(unveraendert.content.decode(), "vermerk") == ende.vermerk     # das Getippte bleibt im Feld
    client.post(f"{seite}erledigen/", {"vermerk": f"{ende.vermerk}\nKeine Antwort: telefonisch bestätigt."})
    kontakt = Mail.objects.select_related("kontakt").get(id=mail.id).kontakt
    assert kontakt is not None and kontakt.ergebnis == "termin_abgesagt"
    assert kontakt.vermerk.endswith("Keine Antwort: telefonisch bestätigt.")


def test_erledigt_ohne_arbeitshilfe_zum_anliegen_steht_in_der_historie(client: Client, anna: Any) -> None:
    mail = _uebernommen(anna, SONSTIGES, klasse="sonstiges")
    assert not mail.leitfaden and mail.kundennummer == ANDERER
    client.force_login(anna)
    assert client.post(f"/emb/{mail.id}/erledigen/", {"vermerk": ""}).status_code == 400
    client.post(f"/emb/{mail.id}/erledigen/", {"vermerk": "Doppelt eingegangen, siehe vorige Mail."})
    mail = Mail.objects.get(id=mail.id)
    assert (mail.status, mail.vermerk, mail.kontakt_id) == (Mail.Status.ERLEDIGT, "", None)
    _, historie = gespraech.kundenhistorie_lesen(anna, ANDERER)
    assert [(k.pk, k.vermerk) for k in historie] == [(mail.kontakt_ohne_arbeitshilfe_id,
                                                      "Doppelt eingegangen, siehe vorige Mail.")]
    assert "Doppelt eingegangen, siehe vorige Mail." in client.get(f"/emb/{mail.id}/").content.decode()


# 4 — Die Zuordnung steht nach Antwort oder Ende der Arbeitshilfe fest -------------------------------------------

def test_zuordnung_nach_dem_ende_der_arbeitshilfe_gesperrt(client: Client, anna: Any) -> None:
    mail = _uebernommen(anna)
    arbeitshilfe_durchlaufen(anna, mail.id, JETZT, ANTWORTEN)
    kontakt = Mail.objects.get(id=mail.id).kontakt_id
    client.force_login(anna)
    seite = f"/emb/{mail.id}/"
    html = client.get(seite).content.decode()
    assert 'name="kundennummer"' not in html and "Zuordnung bestätigen" not in html
    assert ("Die Zuordnung lässt sich nicht mehr ändern: Die Arbeitshilfe ist bis zu ihrem Ergebnis durchlaufen"
            in html)
    abgelehnt = client.post(f"{seite}zuordnung/", {"klasse": "au_meldung", "kundennummer": ANDERER}, follow=True)
    assert "Die Zuordnung lässt sich nicht mehr ändern" in abgelehnt.content.decode()
    mail = Mail.objects.select_related("kontakt").get(id=mail.id)
    assert (mail.kundennummer, mail.klasse, mail.kontakt_id) == (KUNDENNUMMER, "terminabsage", kontakt)
    assert mail.kontakt is not None and mail.kontakt.status == Kontakt.OFFEN      # der fertige Kontakt bleibt
    assert "Arbeitshilfe starten" not in abgelehnt.content.decode()


def test_zuordnung_nach_freigegebener_antwort_gesperrt(anna: Any) -> None:
    mail = _uebernommen(anna)
    entwurf = antwort_entwerfen(anna, mail.id, JETZT)           # ohne Arbeitshilfe: die Bitte um Angaben zur Person
    zuordnung_bestaetigen(anna, mail.id, "terminabsage", JETZT, kundennummer=KUNDENNUMMER)    # noch offen
    antwort_freigeben(anna, entwurf.id, JETZT)
    with pytest.raises(ZuordnungGesperrt, match="Die Antwort an den Kunden ist freigegeben"):
        zuordnung_bestaetigen(anna, mail.id, "terminabsage", JETZT, kundennummer=ANDERER)
    assert Mail.objects.get(id=mail.id).kundennummer == KUNDENNUMMER


# 5 — Nicht hinterlegter Absender: die Vorlage mit Titel, angeboten ----------------------------------------------

def test_nicht_hinterlegter_absender_bekommt_die_bitte_um_angaben_zur_person(client: Client, anna: Any) -> None:
    mail = _uebernommen(anna, FREMD)
    assert mail.kundennummer == KUNDENNUMMER
    bearbeitung_starten(anna, mail.id, JETZT)      # „ja“ auf die Identitätsfrage lehnt sie ab (test_identitaet_adresse)
    client.force_login(anna)
    seite = f"/emb/{mail.id}/"
    html = client.get(seite).content.decode()
    assert ADRESSE_NICHT_HINTERLEGT.format(titel="Bitte um Angaben zur Person") in html
    assert "Antwort ohne Kundendaten entwerfen" in html and "(Vorlage „Bitte um Angaben zur Person“)" in html
    assert "Antwort aus Vorlage entwerfen" not in html
    client.post(f"{seite}antwort/", {"vorlage": "identitaet_unklar"})
    entwurf = Antwort.objects.get(mail=mail)
    assert entwurf.vorlage == "identitaet_unklar" and "Berger" not in entwurf.text
    vorschau = client.post(f"{seite}antwort/", {"aktion": "vorschau", "antwort": entwurf.id,
                                                "betreff": entwurf.betreff, "text": entwurf.text}).content.decode()
    assert "domain.md" not in vorschau and "identitaet_unklar“" not in vorschau


def _docstrings(baum: ast.AST) -> set[int]:
    ids = set()
    for knoten in ast.walk(baum):
        if isinstance(knoten, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and knoten.body:
            erster = knoten.body[0]
            if isinstance(erster, ast.Expr) and isinstance(erster.value, ast.Constant):
                ids.add(id(erster.value))
    return ids


def test_kein_text_fuer_menschen_nennt_domain_md_oder_einen_vorlagenschluessel() -> None:
    """Texte für Beschäftigte nennen nie Entwicklerdokumente oder Schlüssel wie „identitaet_unklar“ (Docstrings
    und Kommentare schon)."""
    funde = []
    for datei in sorted(EMB.rglob("*.py")):
        if "migrations" in datei.parts:
            continue
        baum = ast.parse(datei.read_text(encoding="utf-8"))
        doku = _docstrings(baum)
        for knoten in ast.walk(baum):
            if (isinstance(knoten, ast.Constant) and isinstance(knoten.value, str) and id(knoten) not in doku
                    and ("domain.md" in knoten.value or re.search(r"„[a-z]+_[a-z_]+“", knoten.value))):
                funde.append(f"{datei.relative_to(EMB)}:{knoten.lineno}: {knoten.value[:60]}")
    for vorlage in sorted((EMB / "templates").rglob("*.html")):
        ohne_kommentare = re.sub(r"\{#.*?#\}", "", vorlage.read_text(encoding="utf-8"), flags=re.S)
        if "domain.md" in ohne_kommentare:
            funde.append(str(vorlage.relative_to(EMB)))
    assert funde == []


# 6 — Ohne Kundennummer keine Arbeitshilfe ------------------------------------------------------------------------

def test_ohne_kundennummer_startet_die_arbeitshilfe_nicht(client: Client, anna: Any) -> None:
    mail = mail_einlesen(MAIL, quelle="test", jetzt=JETZT).mail
    assert mail_beanspruchen(anna, mail.id, JETZT)
    client.force_login(anna)
    seite = f"/emb/{mail.id}/"
    client.post(f"{seite}zuordnung/", {"klasse": "terminabsage", "kundennummer": ""})
    html = client.get(seite).content.decode()
    assert OHNE_KUNDENNUMMER in html and "Arbeitshilfe starten" not in html
    abgelehnt = client.post(f"{seite}arbeitshilfe/", follow=True).content.decode()
    assert "Ordnen Sie zuerst eine Kundennummer zu" in abgelehnt
    per_htmx = client.post(f"{seite}arbeitshilfe/", **HTMX)
    assert per_htmx["HX-Refresh"] == "true"                  # die Seite zeigt die Meldung
    assert "Ordnen Sie zuerst eine Kundennummer zu" in client.get(seite).content.decode()
    assert Mail.objects.get(id=mail.id).kontakt_id is None and not Kontakt.objects.exists()


# 7 — Der Filter liest die Kundennummer wie die Kundensuche -------------------------------------------------------

def test_filter_kundennummer_klein_und_mit_leerzeichen(client: Client, anna: Any) -> None:
    mail_einlesen(MAIL, quelle="test", jetzt=JETZT)
    client.force_login(anna)
    client.post("/emb/", {"kundennummer": "955a 300 078"})
    html = client.get("/emb/").content.decode()
    assert "1 Mail</caption>" in html and 'value="955A300078"' in html
    client.post("/emb/", {"kundennummer": "955A-300/078 "})
    assert "1 Mail</caption>" in client.get("/emb/").content.decode()
    client.post("/emb/", {"kundennummer": "9" * 5000})
    html = client.get("/emb/").content.decode()
    assert "9" * 41 not in html and 'maxlength="40"' in _tag(html, "f-kundennummer")


# 8 — Ein zweiter Tab erfährt, dass die Mail nicht mehr übernommen ist ------------------------------------------

def test_jede_aktion_nach_dem_zurueckgeben_sagt_nicht_mehr_uebernommen(client: Client, anna: Any) -> None:
    mail = _uebernommen(anna)
    bearbeitung_starten(anna, mail.id, JETZT)
    entwurf = antwort_entwerfen(anna, mail.id, JETZT)
    alter_kontakt = Mail.objects.get(id=mail.id).kontakt_id
    assert mail_freigeben(anna, mail.id, JETZT)                 # Tab A: „Zurück in die Warteschlange“
    client.force_login(anna)
    seite = f"/emb/{mail.id}/"
    link = '<a href="/emb/">Zur Warteschlange</a>'
    for ziel, daten in ((f"{seite}antwort/", {}),
                        (f"{seite}antwort/", {"aktion": "vorschau", "antwort": entwurf.id, "betreff": "B", "text": "T"}),
                        (f"{seite}antwort/", {"aktion": "senden", "antwort": entwurf.id}),
                        (f"{seite}erledigen/", {"vermerk": "Grund"}),
                        (f"{seite}zuordnung/", {"klasse": "terminabsage", "kundennummer": KUNDENNUMMER}),
                        (f"{seite}arbeitshilfe/", {"fakt": "terminanliegen", "wert": "absagen"}),
                        (f"{seite}freigeben/", {})):
        antwort = client.post(ziel, daten, follow=True)
        html = antwort.content.decode()
        assert antwort.status_code == 200, ziel
        assert NICHT_UEBERNOMMEN in html and link in html, (ziel, daten)
        assert "Dieser Kontakt ist abgeschlossen" not in html
        assert "Erledigt</span>" not in html and "Antwort aus Vorlage entwerfen" not in html     # die Seite zeigt den Stand
    # per htmx (Arbeitshilfe, Vermerk, Antwortbereich): die ganze Seite lädt neu und sagt es
    for antwort in (client.post(f"{seite}arbeitshilfe/", {"fakt": "terminanliegen", "wert": "absagen"}, **HTMX),
                    client.post(f"{seite}arbeitshilfe/", {"vermerk_merken": "1", "vermerk": "x"}, **HTMX),
                    client.get(f"{seite}?teil=antwort", **HTMX)):
        assert antwort["HX-Redirect"] == seite
    assert NICHT_UEBERNOMMEN in client.get(seite).content.decode()
    # ein Schritt direkt im Gespräch (die Prüfung ist dort angemeldet, apps.py): dieselbe Meldung
    with pytest.raises(GespraechFehler) as fehler:
        schritt_sperre(anna, alter_kontakt)
    assert (fehler.value.code, fehler.value.meldung) == ("mail_nicht_uebernommen", NICHT_UEBERNOMMEN)


def test_schritt_sperre_laesst_die_bearbeitende_person_und_das_telefon_durch(anna: Any, benutzer: Any) -> None:
    mail = _uebernommen(anna)
    bearbeitung_starten(anna, mail.id, JETZT)
    kontakt = Mail.objects.get(id=mail.id).kontakt_id
    schritt_sperre(anna, kontakt)
    with pytest.raises(GespraechFehler):
        schritt_sperre(benutzer("agent_emb", "bernd"), kontakt)
    schritt_sperre(anna, Kontakt.objects.get(pk=kontakt))          # auch mit dem Kontakt statt seiner id
    telefon = benutzer("agent_sc3", "telefon")
    am_telefon = gespraech.kontakt_starten(telefon, "SC 3.003", KUNDENNUMMER)
    schritt_sperre(telefon, am_telefon)                              # anderer Kanal: ohne Abfrage frei
    schritt_sperre(telefon, am_telefon.pk)                           # keine Mail: frei


# 9 — Die Hinweise folgen dem Stand --------------------------------------------------------------------------------

def test_hinweise_der_seitenleiste_folgen_dem_stand(client: Client, anna: Any) -> None:
    mail = mail_einlesen(MAIL, quelle="test", jetzt=JETZT).mail
    assert mail_beanspruchen(anna, mail.id, JETZT)
    client.force_login(anna)
    seite = f"/emb/{mail.id}/"
    html = client.get(seite).content.decode()
    assert "Bestätigen Sie zuerst oben die Zuordnung (Anliegen und Kundennummer)" in html
    assert "Erst die Identität bestätigen: Bestätigen Sie oben die Zuordnung, starten Sie dann die Arbeitshilfe" in html
    assert "Arbeitshilfe starten" not in html

    client.post(f"{seite}zuordnung/", {"klasse": "terminabsage", "kundennummer": KUNDENNUMMER})
    html = client.get(seite).content.decode()
    assert "Arbeitshilfe starten" in html and "Erst die Identität bestätigen: Starten Sie die Arbeitshilfe" in html

    client.post(f"{seite}arbeitshilfe/")
    bereich = _tag(client.get(seite).content.decode(), "antwort-bereich")
    # nach jedem Schritt der Arbeitshilfe holt sich der Antwortbereich neu (htmx)
    assert 'hx-trigger="htmx:afterSettle from:#gespraech delay:150ms"' in bereich and "?teil=antwort" in bereich
    kontakt = Mail.objects.get(id=mail.id).kontakt_id
    client.post(f"/kontakt/{kontakt}/antwort/", {"fakt": "identitaet_geprueft", "wert": "ja", "rueckkehr": seite},
                **HTMX)
    teil = client.get(f"{seite}?teil=antwort", **HTMX)
    html = teil.content.decode()
    assert teil.status_code == 200 and html.lstrip().startswith('<div id="antwort-bereich"')
    assert "Erst die Identität bestätigen" not in html and "Antwort aus Vorlage entwerfen" in html
    assert "Die Vorlage richtet sich nach dem Ergebnis der Arbeitshilfe" in html
    client.post(f"{seite}antwort/")                            # ein Entwurf: der Editor bleibt, wie er ist
    assert client.get(f"{seite}?teil=antwort", **HTMX).status_code == 204


# 10 — Quarantäne: ein Grund auf Deutsch, jeder Versuch zählt ------------------------------------------------------

class Unerwartet(Exception):
    pass


def test_quarantaene_grund_ohne_ausnahmenamen_und_versuche_zaehlen(monkeypatch: pytest.MonkeyPatch,
                                                                   benutzer: Any) -> None:
    def scheitern(roh: bytes) -> Any:
        raise Unerwartet("intern")

    monkeypatch.setattr(einlesen_modul, "zerlegen_begrenzt", scheitern)
    mail = mail_einlesen(b"Message-ID: <q@web.example>\r\nSubject: x\r\n\r\nText\r\n", quelle="test").mail
    assert mail.status == Mail.Status.QUARANTAENE and mail.zerlegungsversuche == 1
    assert mail.quarantaene_grund == ("Die Zerlegung scheiterte an einem unerwarteten Fehler; Einzelheiten stehen im "
                                      "Protokoll des Servers.")
    leitung = benutzer("teamleitung_emb", "tanja")
    assert quarantaene_neu_zerlegen(leitung, mail.id, JETZT).zerlegungsversuche == 2
    client = Client()
    client.force_login(leitung)
    html = client.post(f"/emb/quarantaene/{mail.id}/neu-zerlegen/", follow=True).content.decode()
    assert "Die Zerlegung ist wieder gescheitert (3. Versuch). Die Zerlegung scheiterte an einem unerwarteten" in html
    assert "Unerwartet" not in html and "Zerlegung gescheitert:" not in html
    assert "<dt>Zerlegungsversuche</dt><dd>3</dd>" in html


# 11 — Fokus nach Filtern, Entwerfen, Prüfen, Zurückgeben und Erledigen ------------------------------------------

def test_fokus_folgt_der_aktion(client: Client, anna: Any) -> None:
    mail = _uebernommen(anna)
    client.force_login(anna)
    assert "autofocus" not in _tag(client.get("/emb/").content.decode(), "treffer")
    client.post("/emb/", {"klasse": "terminabsage"})
    treffer = _tag(client.get("/emb/").content.decode(), "treffer")       # nach „Filtern“: die Treffer
    assert 'tabindex="-1"' in treffer and "autofocus" in treffer
    assert "autofocus" not in _tag(client.get("/emb/").content.decode(), "treffer")    # nur einmal

    seite = f"/emb/{mail.id}/"
    client.post(f"{seite}antwort/")                            # „Antwort … entwerfen“: weiter im Text
    assert "autofocus" in _tag(client.get(seite).content.decode(), "text")
    assert "autofocus" not in _tag(client.get(seite).content.decode(), "text")
    entwurf = Antwort.objects.get(mail=mail)
    vorschau = client.post(f"{seite}antwort/", {"aktion": "vorschau", "antwort": entwurf.id,
                                                "betreff": entwurf.betreff, "text": entwurf.text}).content.decode()
    # „Prüfen“: ohne Fehler und Warnungen die Antwort selbst (sonst der Kasten mit den Fehlern oder Warnungen)
    assert '<h2 id="vorschau-titel" tabindex="-1" autofocus>' in vorschau and vorschau.count("autofocus") == 1

    zurueck = client.post(f"{seite}freigeben/", follow=True).content.decode()      # die Meldung bekommt den Fokus
    assert 'id="meldungen" tabindex="-1"' in zurueck and "ist zurück in der Warteschlange." in zurueck
    assert "autofocus" not in zurueck


# 12 — Lange Eingaben werden nicht ganz wiederholt ----------------------------------------------------------------

def test_lange_kundennummer_wird_gekuerzt_wiederholt(client: Client, anna: Any) -> None:
    mail = _uebernommen(anna)
    client.force_login(anna)
    antwort = client.post(f"/emb/{mail.id}/zuordnung/", {"klasse": "terminabsage", "kundennummer": "9" * 5000})
    html = antwort.content.decode()
    assert antwort.status_code == 400
    assert f"Die Eingabe „{'9' * 20}…“ ist mit 5000 Zeichen zu lang für eine Kundennummer" in html
    assert "9" * 41 not in html
    feld = _tag(html, "kundennummer")
    assert 'maxlength="40"' in feld and f'value="{"9" * 40}"' in feld
    kurz = client.post(f"/emb/{mail.id}/zuordnung/", {"klasse": "terminabsage", "kundennummer": "12345678901234567890123"})
    assert "„12345678901234567890…“ ist keine Kundennummer" in kurz.content.decode()


# 13 — Standort im Vermerk, Wortlaut der AU-Antwort --------------------------------------------------------------

def test_vermerk_nennt_den_standort_der_beschaeftigten(anna: Any) -> None:
    mail = _uebernommen(anna)
    ende = arbeitshilfe_durchlaufen(anna, mail.id, JETZT, ANTWORTEN)
    kopf = ende.vermerk.split("\n")[0]
    assert "(E-Mail-Bearbeitung, Nürnberg)" in kopf and "Bonn" not in kopf       # wie am Telefon
    kontakt = Kontakt.objects.get(pk=Mail.objects.get(id=mail.id).kontakt_id)
    assert kontakt.standort == "Nürnberg"


def test_au_antwort_dankt_nicht_fuer_eine_bescheinigung_die_per_post_kommt(anna: Any, settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-25"
    ausgangslage_laden({"kunde": {"kundennummer": "535P478094", "vorname": "Sandra", "nachname": "Böhm",
                                  "wohnort_agentur": "Fürth", "email": "s.boehm@t-mail.example"},
                        "colibri": {"alg_bezug": True}})
    mail = _uebernommen(anna, korpus_mail("0013"), klasse="au_meldung")
    jetzt = dt.datetime(2020, 3, 25, 9, 0, tzinfo=BERLIN)
    ende = arbeitshilfe_durchlaufen(anna, mail.id, jetzt, {"identitaet_geprueft": "ja", "au_beginn": "2020-03-23",
                                                           "au_ende": "2020-03-27"})
    assert ende.ergebnis == "au_erfasst"
    entwurf = antwort_entwerfen(anna, mail.id, jetzt)
    assert entwurf.vorlage == "au_erfasst" and entwurf.betreff == "Ihre Arbeitsunfähigkeit (Kundennummer 535P478094)"
    assert "vielen Dank für Ihre Nachricht zu Ihrer Arbeitsunfähigkeit" in entwurf.text
    assert "Bescheinigung noch nicht geschickt, senden Sie sie uns bitte zu" in entwurf.text
    assert "Dank für Ihre Arbeitsunfähigkeitsbescheinigung" not in entwurf.text


def test_seitentitel_der_mail_ohne_betreff(client: Client, anna: Any) -> None:
    """Der Titel landet im Browserverlauf: dort steht die Nummer der Mail, nicht ihr Betreff (er kann Sozialdaten
    tragen, etwa eine Kundennummer)."""
    mail = _uebernommen(anna)
    client.force_login(anna)
    html = client.get(f"/emb/{mail.id}/").content.decode()
    titel = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert titel.startswith(f"Mail {mail.id}") and mail.betreff not in titel
