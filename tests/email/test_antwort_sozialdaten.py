"""Kundendaten (Sozialdaten) gehen per E-Mail nur hinaus, wenn die Identität in der Arbeitshilfe *bei der
Freigabe* mit „ja“ bestätigt ist und die Antwort an die Adresse geht, die VerBIS beim zugeordneten Kunden
hinterlegt hat (domain.md 5.2, A3). Sonst lehnt die Freigabe ab — auch einen alten Entwurf, einen von Hand
geänderten Text, ein „Erneut senden“ — und der Worker sendet nur, was freigegeben ist."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client, override_settings

from kundenportal.emb.mime import zerlegen
from kundenportal.emb.models import Antwort, Mail, Protokoll
from kundenportal.emb.services import (
    AntwortNichtMoeglich,
    antwort_aendern,
    antwort_entwerfen,
    antwort_erneut_senden,
    antwort_freigeben,
    antwort_zustellen,
    bearbeitung_beantworten,
    bearbeitung_starten,
    bearbeitung_zurueck,
    mail_beanspruchen,
    mail_einlesen,
    zuordnung_bestaetigen,
)
from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.gespraech import services as gespraech_services
from kundenportal.gespraech.ansicht import Ansicht
from kundenportal.gespraech.fehler import GespraechFehler
from kundenportal.leitfaden.vokabular import BERLIN

from .conftest import Smtp
from .test_terminabsage import KUNDENNUMMER, MAIL, uwe_berger_laden

pytestmark = pytest.mark.django_db
JETZT = dt.datetime(2020, 3, 24, 9, 0, tzinfo=BERLIN)
ANDERER = "955A300079"
FREMD = MAIL.replace(b"uwe.berger@web.example", b"jemand@andere.example").replace(
    b"Message-ID: <absage-berger-1@", b"Message-ID: <fremd-1@").replace(
    b"Guten Tag,", f"Guten Tag, meine Kundennummer ist {KUNDENNUMMER}.".encode())


@pytest.fixture
def kunde(settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-24"
    uwe_berger_laden()
    ausgangslage_laden({"kunde": {"kundennummer": ANDERER, "vorname": "Eva", "nachname": "Kraus",
                                  "wohnort_agentur": "Nürnberg", "email": "eva.kraus@web.example"}})


def _mail(anna: Any, roh: bytes = MAIL) -> Mail:
    mail = mail_einlesen(roh, quelle="test").mail
    assert mail.kundennummer == KUNDENNUMMER
    assert mail_beanspruchen(anna, mail.id, JETZT)
    zuordnung_bestaetigen(anna, mail.id, "terminabsage", JETZT)
    return mail


def _antworten(anna: Any, mail: Mail, antworten: dict[str, str]) -> Ansicht:
    ansicht = bearbeitung_starten(anna, mail.id, JETZT)
    while ansicht.art == "frage":
        ansicht = bearbeitung_beantworten(anna, mail.id, ansicht.fakt, antworten[ansicht.fakt])
    return ansicht


ERST_STARTEN = ("Erst die Identität bestätigen: Starten Sie die Arbeitshilfe und beantworten Sie die Frage zur Identität "
                "mit „Ja“; dann entsteht die Antwort mit den Daten des Falls. Bis dahin enthält die Antwort keine "
                "Kundendaten, sie bittet um Kundennummer, Name und Geburtsdatum.")
ERST_BEANTWORTEN = ERST_STARTEN.replace("Starten Sie die Arbeitshilfe und beantworten Sie die Frage zur Identität",
                                        "Beantworten Sie in der Arbeitshilfe die Frage zur Identität")
ENTWURF_GESPERRT = ("Der vorhandene Entwurf enthält Kundendaten und beruht auf früheren Antworten der Arbeitshilfe; er "
                    "wird deshalb nicht gezeigt. Verwerfen Sie ihn und entwerfen Sie die Antwort neu.")


@pytest.mark.usefixtures("kunde")
def test_vor_dem_ja_entsteht_kein_entwurf_mit_kundendaten(client: Client, anna: Any) -> None:
    mail = _mail(anna)
    client.force_login(anna)
    seite = client.get(f"/emb/{mail.id}/").content.decode()
    assert f'<p class="kern-body" id="kundendaten-hinweis">{ERST_STARTEN}</p>' in seite
    assert "Antwort ohne Kundendaten entwerfen" in seite and "Antwort aus Vorlage entwerfen" not in seite
    assert 'name="vorlage" value="identitaet_unklar"' in seite and "(Vorlage „Bitte um Angaben zur Person“)" in seite
    with pytest.raises(AntwortNichtMoeglich) as abgelehnt:
        antwort_entwerfen(anna, mail.id, JETZT, vorlage="allgemein")                 # Name und Kundennummer
    assert str(abgelehnt.value) == (f"{ERST_STARTEN} Die Vorlage „Allgemeine Antwort“ enthält Kundendaten und wird "
                                    "deshalb nicht entworfen; ohne Kundendaten geht die Vorlage „Bitte um Angaben zur "
                                    "Person“.")
    seite = client.post(f"/emb/{mail.id}/antwort/", {"vorlage": "termin_bleibt"}, follow=True).content.decode()
    assert "Die Vorlage „Termin bleibt bestehen“ enthält Kundendaten und wird deshalb nicht entworfen" in seite
    assert not Antwort.objects.filter(mail=mail).exists()

    assert bearbeitung_starten(anna, mail.id, JETZT).fakt == "identitaet_geprueft"    # gefragt, nicht beantwortet
    assert ERST_BEANTWORTEN in client.get(f"/emb/{mail.id}/").content.decode()
    with pytest.raises(AntwortNichtMoeglich, match=r"^Erst die Identität bestätigen: Beantworten Sie in der "
                                                   r"Arbeitshilfe .* Die Vorlage „Termin abgesagt“ enthält Kundendaten"):
        antwort_entwerfen(anna, mail.id, JETZT, vorlage="termin_abgesagt")
    client.post(f"/emb/{mail.id}/antwort/")                     # ohne Vorlage: die ohne Kundendaten
    ohne = Antwort.objects.get(mail=mail)
    assert ohne.vorlage == "identitaet_unklar"
    assert "Berger" not in ohne.text and KUNDENNUMMER not in ohne.betreff + ohne.text
    client.post(f"/emb/{mail.id}/antwort/", {"aktion": "verwerfen", "antwort": ohne.id})

    bearbeitung_beantworten(anna, mail.id, "identitaet_geprueft", "ja")      # per htmx: der Knopf steht noch da
    client.post(f"/emb/{mail.id}/antwort/", {"vorlage": "identitaet_unklar"})  # „Antwort ohne Kundendaten entwerfen“
    ohne = Antwort.objects.get(mail=mail)
    assert ohne.vorlage == "identitaet_unklar" and "Berger" not in ohne.text
    client.post(f"/emb/{mail.id}/antwort/", {"aktion": "verwerfen", "antwort": ohne.id})
    seite = client.get(f"/emb/{mail.id}/").content.decode()
    assert "Antwort aus Vorlage entwerfen" in seite and 'id="kundendaten-hinweis"' not in seite
    mit = antwort_entwerfen(anna, mail.id, JETZT, vorlage="allgemein")
    assert mit.text.startswith("Guten Tag Uwe Berger,") and f"Ihre Kundennummer: {KUNDENNUMMER}" in mit.text


@pytest.mark.usefixtures("kunde")
def test_entwurf_nach_zurueck_vor_die_identitaet_wird_nicht_gezeigt_und_geht_nicht_hinaus(
        client: Client, anna: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Der Gesprächsbereich der Mailseite schickt „Zurück“ an das Gespräch (gespraech.views): Dort sperrt der
    Entwurf es (emb.services.zurueck_sperre, beim Gespräch angemeldet). Liegt trotzdem ein Entwurf neben einer
    offenen Identitätsfrage (ein Stand von vor dieser Sperre), zeigt die Seite ihn nicht, und er geht nicht
    hinaus — die letzte Sicherung."""
    mail = _mail(anna)
    _antworten(anna, mail, {"identitaet_geprueft": "ja", "terminanliegen": "vereinbaren"})
    entwurf = antwort_entwerfen(anna, mail.id, JETZT)
    assert entwurf.vorlage == "termin_vereinbaren" and entwurf.text.startswith("Guten Tag Uwe Berger,")
    client.force_login(anna)
    seite = client.get(f"/emb/{mail.id}/").content.decode()
    assert "Zurück: vorige Antwort ändern" not in seite and ">ändern<" not in seite     # erst den Entwurf verwerfen
    assert ("Antworten der Arbeitshilfe ändern: Verwerfen Sie zuerst den Antwortentwurf; er beruht auf ihnen."
            in seite)

    kontakt = Mail.objects.get(id=mail.id).kontakt
    assert kontakt is not None
    zurueck = client.post(f"/kontakt/{kontakt.pk}/zurueck/", {"fakt": "identitaet_geprueft",
                                                               "rueckkehr": f"/emb/{mail.id}/"}, HTTP_HX_REQUEST="true")
    assert zurueck["HX-Redirect"] == f"/emb/{mail.id}/"     # die Arbeitshilfe ist am Ende: die Seite ganz neu
    seite = client.get(f"/emb/{mail.id}/").content.decode()
    assert ("Zu dieser Mail liegt ein Antwortentwurf; er beruht auf den bisherigen Antworten der Arbeitshilfe. "
            "Verwerfen Sie ihn, bevor Sie eine Antwort ändern, und entwerfen Sie die Antwort danach neu.") in seite
    assert "Guten Tag Uwe Berger" in seite                   # die Identität bleibt „ja“, der Entwurf sichtbar

    monkeypatch.setattr(gespraech_services, "_ZURUECK_SPERREN", [])       # ein Stand von vor der Sperre
    client.post(f"/kontakt/{kontakt.pk}/zurueck/", {"fakt": "identitaet_geprueft", "rueckkehr": f"/emb/{mail.id}/"},
                HTTP_HX_REQUEST="true")
    seite = client.get(f"/emb/{mail.id}/").content.decode()
    assert f"{ERST_BEANTWORTEN} {ENTWURF_GESPERRT}" in seite
    assert "Guten Tag Uwe Berger" not in seite and 'name="text"' not in seite and "Entwurf verwerfen" in seite
    with pytest.raises(AntwortNichtMoeglich, match=r"^Die Identität ist in der Arbeitshilfe nicht mit „ja“ bestätigt"):
        antwort_freigeben(anna, entwurf.id, JETZT)                                 # noch nicht wieder gefragt
    bearbeitung_beantworten(anna, mail.id, "identitaet_geprueft", "nein")
    with pytest.raises(AntwortNichtMoeglich, match=r"Vorlage „Bitte um Angaben zur Person“") as abgelehnt:
        antwort_freigeben(anna, entwurf.id, JETZT)                                 # nach „nein“
    assert "nennt die Kundennummer und den Nachnamen" in str(abgelehnt.value)
    assert Antwort.objects.get(id=entwurf.id).status == Antwort.Status.ENTWURF
    vorschau = client.post(f"/emb/{mail.id}/antwort/", {"aktion": "vorschau", "antwort": entwurf.id,
                                                        "betreff": entwurf.betreff, "text": entwurf.text})
    assert 'id="senden"' not in vorschau.content.decode() and "Senden nicht möglich (2)" in vorschau.content.decode()


@pytest.mark.usefixtures("kunde")
def test_zurueck_in_die_warteschlange_verwirft_den_entwurf(client: Client, anna: Any, bernd: Any) -> None:
    mail = _mail(anna)
    _antworten(anna, mail, {"identitaet_geprueft": "ja", "terminanliegen": "vereinbaren"})
    entwurf = antwort_entwerfen(anna, mail.id, JETZT)
    client.force_login(anna)
    assert "(verwirft den Antwortentwurf und den Vermerk)" in client.get(f"/emb/{mail.id}/").content.decode()
    seite = client.post(f"/emb/{mail.id}/freigeben/", follow=True).content.decode()
    assert ("Die Mail „Termin am 27.03. absagen“ ist zurück in der Warteschlange. Der Antwortentwurf ist verworfen "
            "(er beruhte auf der abgebrochenen Arbeitshilfe). Wer die Mail übernimmt, entwirft die Antwort neu.") in seite
    assert not Antwort.objects.filter(mail=mail).exists()
    assert Protokoll.objects.get(mail=mail, art="antwort_verworfen").details == {
        "antwort": entwurf.id, "vorlage": "termin_vereinbaren", "an": "uwe.berger@web.example",
        "grund": "Mail zurück in die Warteschlange gegeben"}

    assert mail_beanspruchen(bernd, mail.id, JETZT)        # wer übernimmt, sieht keine Kundendaten vor dem „ja“
    client.force_login(bernd)
    seite = client.get(f"/emb/{mail.id}/").content.decode()
    assert "Guten Tag Uwe Berger" not in seite and ERST_STARTEN in seite


@pytest.mark.usefixtures("kunde")
def test_zurueck_mit_offenem_entwurf_wird_abgelehnt(anna: Any) -> None:
    mail = _mail(anna)
    assert _antworten(anna, mail, {"identitaet_geprueft": "ja", "terminanliegen": "vereinbaren"}).art == "ende"
    entwurf = antwort_entwerfen(anna, mail.id, JETZT)
    assert entwurf.vorlage == "termin_vereinbaren" and KUNDENNUMMER in entwurf.text
    with pytest.raises(GespraechFehler) as fehler:
        bearbeitung_zurueck(anna, mail.id, "identitaet_geprueft")
    assert fehler.value.code == "antwort_entwurf"
    assert "Verwerfen Sie ihn, bevor Sie eine Antwort ändern" in fehler.value.meldung


@pytest.mark.usefixtures("kunde")
def test_geaenderte_zuordnung_verwirft_den_entwurf_des_alten_kunden(client: Client, anna: Any) -> None:
    mail = _mail(anna)
    assert bearbeitung_starten(anna, mail.id, JETZT).fakt == "identitaet_geprueft"
    bearbeitung_beantworten(anna, mail.id, "identitaet_geprueft", "ja")     # vor dem Ende: die Zuordnung ist offen
    entwurf = antwort_entwerfen(anna, mail.id, JETZT, vorlage="termin_vereinbaren")
    client.force_login(anna)
    seite = client.post(f"/emb/{mail.id}/zuordnung/", {"klasse": "terminabsage", "kundennummer": ANDERER},
                        follow=True).content.decode()
    assert "passte zur bisherigen Zuordnung (Kunde, Kundennummer, Termin) und ist verworfen" in seite
    assert not Antwort.objects.filter(mail=mail).exists()
    assert Protokoll.objects.get(mail=mail, art="antwort_verworfen").details == {
        "antwort": entwurf.id, "vorlage": "termin_vereinbaren", "an": "uwe.berger@web.example",
        "grund": "Zuordnung geändert"}
    assert Mail.objects.get(id=mail.id).kundennummer == ANDERER


@pytest.mark.usefixtures("kunde")
def test_nicht_hinterlegter_absender_bekommt_keine_kundendaten(client: Client, anna: Any, smtp_server: Smtp) -> None:
    mail = _mail(anna, FREMD)          # Kundennummer aus dem Text, Absender in VerBIS unbekannt
    bearbeitung_starten(anna, mail.id, JETZT)
    with pytest.raises(GespraechFehler, match="Identität lässt sich per E-Mail nicht bestätigen"):
        bearbeitung_beantworten(anna, mail.id, "identitaet_geprueft", "ja")     # die Frage lehnt schon ab
    with pytest.raises(AntwortNichtMoeglich, match=r"^Die Absenderadresse ist in VerBIS nicht beim zugeordneten "
                                                   r"Kunden hinterlegt.*„Bitte um Angaben zur Person“"):
        antwort_entwerfen(anna, mail.id, JETZT, vorlage="termin_vereinbaren")   # mit Kundendaten: kein Entwurf
    # Ein Entwurf mit Kundendaten von vor dieser Prüfung beim Entwerfen: die Freigabe lehnt ihn ab
    entwurf = antwort_entwerfen(anna, mail.id, JETZT)
    Antwort.objects.filter(id=entwurf.id).update(vorlage="termin_vereinbaren")
    with pytest.raises(AntwortNichtMoeglich, match=r"^Die Identität ist in der Arbeitshilfe nicht mit „ja“ "
                                                   r"bestätigt.*„Bitte um Angaben zur Person“"):
        antwort_freigeben(anna, entwurf.id, JETZT)
    client.force_login(anna)
    vorschau = client.post(f"/emb/{mail.id}/antwort/", {"aktion": "vorschau", "antwort": entwurf.id,
                                                        "betreff": entwurf.betreff, "text": entwurf.text}).content
    assert "Trotz Warnungen senden" not in vorschau.decode() and "Entwurf verwerfen" in vorschau.decode()

    client.post(f"/emb/{mail.id}/antwort/", {"aktion": "verwerfen", "antwort": entwurf.id})
    client.post(f"/emb/{mail.id}/antwort/")             # „Antwort aus Vorlage entwerfen“: die ohne Kundendaten
    ohne = Antwort.objects.get(mail=mail)
    assert ohne.vorlage == "identitaet_unklar"
    with override_settings(EMAIL_PORT=smtp_server.port):
        antwort_freigeben(anna, ohne.id, JETZT)
        assert antwort_zustellen(ohne.id, JETZT).status == Antwort.Status.GESENDET
    (umschlag,) = smtp_server.empfangen
    assert KUNDENNUMMER.encode() not in umschlag.original_content and b"Berger" not in umschlag.original_content


@pytest.mark.usefixtures("kunde")
@pytest.mark.parametrize("zusatz", [f"Ihre Kundennummer: {KUNDENNUMMER[:3]} {KUNDENNUMMER[3].lower()}"
                                    f"{KUNDENNUMMER[4:7]}-{KUNDENNUMMER[7:]}, Ihr Termin am 27.03.2020.",
                                    "Sehr geehrter Herr BERGER,"])
def test_von_hand_ergaenzte_kundendaten_ohne_bestaetigte_identitaet(anna: Any, smtp_server: Smtp,
                                                                     zusatz: str) -> None:
    mail = _mail(anna)
    _antworten(anna, mail, {"identitaet_geprueft": "nein"})
    entwurf = antwort_entwerfen(anna, mail.id, JETZT)
    assert entwurf.vorlage == "identitaet_unklar"
    antwort_aendern(anna, entwurf.id, entwurf.betreff, f"{zusatz}\n{entwurf.text}")
    with pytest.raises(AntwortNichtMoeglich, match=r"Die Antwort nennt (die Kundennummer|den Nachnamen) des Kunden"):
        antwort_freigeben(anna, entwurf.id, JETZT)
    antwort_aendern(anna, entwurf.id, entwurf.betreff, entwurf.text)          # wieder ohne: geht hinaus
    with override_settings(EMAIL_PORT=smtp_server.port):
        antwort_freigeben(anna, entwurf.id, JETZT)
        assert antwort_zustellen(entwurf.id, JETZT).status == Antwort.Status.GESENDET


@pytest.mark.usefixtures("kunde")
def test_worker_sendet_nur_freigegebene_antworten(anna: Any, smtp_server: Smtp) -> None:
    mail = _mail(anna)
    _antworten(anna, mail, {"identitaet_geprueft": "ja", "terminanliegen": "vereinbaren"})
    entwurf = antwort_entwerfen(anna, mail.id, JETZT)
    with override_settings(EMAIL_PORT=smtp_server.port):
        assert antwort_zustellen(entwurf.id, JETZT).status == Antwort.Status.ENTWURF
        Antwort.objects.filter(id=entwurf.id).update(status=Antwort.Status.UNZUSTELLBAR)
        assert antwort_zustellen(entwurf.id, JETZT).status == Antwort.Status.UNZUSTELLBAR
    assert smtp_server.empfangen == [] and Antwort.objects.get(id=entwurf.id).versuche == 0
    assert not Protokoll.objects.filter(art__in=("antwort_gesendet", "versand_fehlgeschlagen")).exists()


@pytest.mark.usefixtures("kunde")
def test_erneut_senden_prueft_wie_die_freigabe_und_nur_an_die_alte_adresse(
        client: Client, anna: Any, smtp_server: Smtp, monkeypatch: pytest.MonkeyPatch) -> None:
    mail = _mail(anna)
    _antworten(anna, mail, {"identitaet_geprueft": "ja", "terminanliegen": "vereinbaren"})
    antwort = antwort_entwerfen(anna, mail.id, JETZT)                          # mit Kundendaten
    Antwort.objects.filter(id=antwort.id).update(status=Antwort.Status.UNZUSTELLBAR)
    client.force_login(anna)
    kontakt = Mail.objects.get(id=mail.id).kontakt
    assert kontakt is not None                     # „Zurück“ im Gespräch: gesperrt, die Antwort ist freigegeben
    client.post(f"/kontakt/{kontakt.pk}/zurueck/", {"fakt": "identitaet_geprueft"}, HTTP_HX_REQUEST="true")
    assert "Die Antwort an den Kunden ist schon freigegeben" in client.get(f"/kontakt/{kontakt.pk}/").content.decode()
    monkeypatch.setattr(gespraech_services, "_ZURUECK_SPERREN", [])       # ein Stand von vor der Sperre
    client.post(f"/kontakt/{kontakt.pk}/zurueck/", {"fakt": "identitaet_geprueft"}, HTTP_HX_REQUEST="true")
    warteschlange = client.get("/emb/").content.decode()
    assert "Erneut senden" in warteschlange and 'name="an"' not in warteschlange
    with override_settings(EMAIL_PORT=smtp_server.port):
        seite = client.post(f"/emb/antwort/{antwort.id}/erneut/", {"an": "fremd@andere.example"},
                            follow=True).content.decode()
        assert "Identität ist in der Arbeitshilfe nicht mit „ja“ bestätigt" in seite
        with pytest.raises(AntwortNichtMoeglich, match=r"Vorlage „Bitte um Angaben zur Person“"):
            antwort_erneut_senden(anna, antwort.id, JETZT)
    antwort.refresh_from_db()
    assert (antwort.status, antwort.an) == (Antwort.Status.UNZUSTELLBAR, "uwe.berger@web.example")
    assert smtp_server.empfangen == []


def test_absendername_mit_komma_und_kodierten_woertern() -> None:
    faelle = {
        b'"Pohl, Max" <m.pohl@web.example>': ("Pohl, Max", "m.pohl@web.example"),
        b"Pohl, Max <m.pohl@web.example>": ("Pohl, Max", "m.pohl@web.example"),
        b"=?utf-8?q?Schr=C3=B6der,_J=C3=BClide?= <J.Schroeder@Kabelnet.example>":
            ("Schröder, Jülide", "j.schroeder@kabelnet.example"),
        b'"=?utf-8?q?M=C3=BCller,_Eva?=" <eva@web.example>': ("Müller, Eva", "eva@web.example"),
        b'"Max \\"Mo\\" Pohl" <m.pohl@web.example>': ('Max "Mo" Pohl', "m.pohl@web.example"),
        b"m.pohl@web.example (Max Pohl)": ("Max Pohl", "m.pohl@web.example"),
        b"m.pohl@web.example": ("", "m.pohl@web.example"),
    }
    for kopf, erwartet in faelle.items():
        zerlegt = zerlegen(b"From: " + kopf + b"\r\nMessage-ID: <n-1@web.example>\r\nSubject: x\r\n\r\nText\r\n")
        assert (zerlegt.absender_name, zerlegt.absender) == erwartet, kopf
