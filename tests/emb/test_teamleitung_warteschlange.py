"""Die Teamleitung E-Mail in der Warteschlange: Sie sieht die Mails ihres Rechtskreises mit denselben Filtern und
demselben Zugriffsprotokoll wie die E-Mail-Bearbeitung, dazu wer welche Mail seit wann hält — ohne „Übernehmen“ und
ohne den Text der Mails. Eine gehaltene Mail gibt sie mit Grund frei: Das tut, was „Zurück in die Warteschlange“ der
Person tut (Arbeitshilfe abgebrochen, Entwurf und Vermerk verworfen), und steht mit ihrem Namen und dem Grund im
Protokoll der Mail und im Zugriffsprotokoll. Wer die Mail hatte, erfährt beim nächsten Schritt, dass die Teamleitung
sie freigegeben hat. Die Zuordnung bleibt als Vorschlag stehen; wer die Mail danach übernimmt, bestätigt sie selbst."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal import zeit
from kundenportal.emb.models import Antwort, Mail, Protokoll
from kundenportal.emb.services import (
    NICHT_UEBERNOMMEN,
    antwort_entwerfen,
    bearbeitung_beantworten,
    bearbeitung_starten,
    mail_beanspruchen,
    mail_einlesen,
    mail_freigeben,
    mail_freigeben_als_teamleitung,
    vermerk_merken,
    zuordnung_bestaetigen,
)
from kundenportal.emb.services.bearbeitung import NICHT_BESTAETIGT
from kundenportal.emb.templatetags.emb_anzeige import seit
from kundenportal.gespraech import services as gespraech
from kundenportal.gespraech.fehler import GespraechFehler
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten.models import Zugriff
from kundenportal.leitfaden.vokabular import BERLIN
from kundenportal.verdrahtung import katalog
from tests.email.test_terminabsage import KUNDENNUMMER, MAIL, uwe_berger_laden

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def kunde(settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-24"
    uwe_berger_laden("Bonn")


@pytest.fixture
def tanja(benutzer: Callable[..., Any]) -> Any:
    return benutzer("teamleitung_emb", "tanja")


def _angemeldet(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _mitten_in_der_arbeit(anna: Any, seit_: dt.timedelta = dt.timedelta(hours=2, minutes=10, seconds=20)) -> Mail:
    """Anna hat die Mail seit `seit_`: Zuordnung bestätigt, Identität bestätigt, Antwort entworfen, Vermerk getippt."""
    jetzt = zeit.jetzt()
    mail = mail_einlesen(MAIL, quelle="test", jetzt=jetzt - dt.timedelta(hours=3)).mail
    assert mail_beanspruchen(anna, mail.id, jetzt - seit_)
    zuordnung_bestaetigen(anna, mail.id, "terminabsage", jetzt)
    bearbeitung_starten(anna, mail.id, jetzt)
    bearbeitung_beantworten(anna, mail.id, "identitaet_geprueft", "ja")
    antwort_entwerfen(anna, mail.id, jetzt)
    vermerk_merken(anna, mail.id, "Kunde bittet um Absage, Kinderbetreuung fällt aus.")
    return Mail.objects.get(id=mail.id)


def _familienkasse(benutzer: Callable[..., Any], mail: Mail) -> None:
    """Ordnet die Mail einem Kontakt der Familienkasse zu: dann gehört sie zu deren Rechtskreis."""
    fk = benutzer("agent_scfk", "fk-agent")
    leitfaden = next(lf.id for lf in katalog().leitfaeden.values() if "scfk" in lf.kopf.kanaele and not lf.kopf.baustein)
    kontakt = gespraech.kontakt_abschliessen(fk, gespraech.kontakt_starten(fk, leitfaden, KUNDENNUMMER), "Vermerk.")
    Mail.objects.filter(id=mail.id).update(kontakt=kontakt)


def test_teamleitung_sieht_wer_welche_mail_seit_wann_haelt_ohne_zu_uebernehmen(anna: Any, tanja: Any) -> None:
    mail = _mitten_in_der_arbeit(anna)
    offen = mail_einlesen(MAIL.replace(b"absage-berger-1", b"absage-berger-2"), quelle="test").mail
    client = _angemeldet(tanja)
    seite = client.get("/emb/")
    html = seite.content.decode()
    assert seite.status_code == 200
    assert "(<bdi>anna</bdi>, <time datetime=" in html and ">seit 2 Std. 10 Min.</time>)" in html
    assert f'href="/emb/{mail.id}/teamleitung-freigeben/"' in html and ">Freigeben</span>" in html
    assert "Übernehmen" not in html and "Nächste Mail" not in html and "nur meine" not in html
    assert f'href="/emb/{mail.id}/"' not in html and f'href="/emb/{offen.id}/"' not in html   # kein Mailtext
    assert "davon meine" not in html and "Als Teamleitung sehen Sie, wer welche Mail seit wann bearbeitet." in html
    # dasselbe Zugriffsprotokoll wie die Liste der Agenten: je Kunde ein Eintrag
    assert Zugriff.objects.filter(user=tanja, aktion="emb_warteschlange_lesen", kundennummer=KUNDENNUMMER).exists()
    # dieselben Filter: „in Bearbeitung“ zeigt nur Annas Mail
    client.post("/emb/", {"status": "in_bearbeitung"})
    gefiltert = client.get("/emb/").content.decode()
    assert "1 Mail<" in gefiltert or "· 1 Mail" in gefiltert
    # den Text der Mail, ihre Anhänge und die Bearbeitung öffnet sie nicht
    assert client.get(f"/emb/{mail.id}/").status_code == 403
    assert client.post(f"/emb/{offen.id}/beanspruchen/").status_code == 403
    assert client.post("/emb/naechste/").status_code == 403
    assert Mail.objects.get(id=offen.id).bearbeiter == ""


def test_haltedauer_lesbar() -> None:
    jetzt = dt.datetime(2020, 3, 24, 12, 0, tzinfo=BERLIN)
    assert seit(jetzt - dt.timedelta(seconds=20), jetzt) == "seit weniger als 1 Min."
    assert seit(jetzt - dt.timedelta(minutes=7, seconds=59), jetzt) == "seit 7 Min."
    assert seit(jetzt - dt.timedelta(hours=2, minutes=10), jetzt) == "seit 2 Std. 10 Min."
    assert seit(jetzt - dt.timedelta(hours=3), jetzt) == "seit 3 Std."
    assert seit(jetzt - dt.timedelta(days=1, hours=1), jetzt) == "seit 23.03.2020, 11:00 Uhr"
    assert seit(None, jetzt) == ""


def test_teamleitung_gibt_frei_wie_zurueck_in_die_warteschlange(anna: Any, tanja: Any) -> None:
    mail = _mitten_in_der_arbeit(anna)
    alter_kontakt = mail.kontakt_id
    client = _angemeldet(tanja)
    formular = client.get(f"/emb/{mail.id}/teamleitung-freigeben/").content.decode()
    assert "<dt>Bearbeitet von</dt><dd><bdi>anna</bdi>" in formular and "seit 2 Std. 10 Min." in formular
    assert "Kinderbetreuung" not in formular                          # kein Text der Mail

    ohne = client.post(f"/emb/{mail.id}/teamleitung-freigeben/")      # ohne Grund: am Feld, nichts geändert
    assert ohne.status_code == 400
    assert "Grund: Bitte wählen Sie, warum Sie die Mail freigeben." in ohne.content.decode()
    anders = client.post(f"/emb/{mail.id}/teamleitung-freigeben/", {"grund": "anderer", "erlaeuterung": "  "})
    assert anders.status_code == 400 and "Erläuterung: Bei „Anderer Grund“ schreiben Sie kurz" in anders.content.decode()
    zu_lang = client.post(f"/emb/{mail.id}/teamleitung-freigeben/", {"grund": "anderer", "erlaeuterung": "x" * 5000})
    assert zu_lang.status_code == 400 and "Erläuterung: Bitte höchstens 200 Zeichen (jetzt 5000)." in zu_lang.content.decode()
    unbekannt = client.post(f"/emb/{mail.id}/teamleitung-freigeben/", {"grund": "<script>"})
    assert unbekannt.status_code == 400 and "<script>" not in unbekannt.content.decode()
    assert Mail.objects.get(id=mail.id).bearbeiter == "anna"

    antwort = client.post(f"/emb/{mail.id}/teamleitung-freigeben/", {"grund": "abwesend"}, follow=True)
    assert "Die Mail „Termin am 27.03. absagen“ ist zurück in der Warteschlange; anna bearbeitet sie nicht mehr." \
        in antwort.content.decode()
    m = Mail.objects.get(id=mail.id)
    assert (m.status, m.bearbeiter, m.beansprucht_am, m.kontakt_id) == (Mail.Status.OFFEN, "", None, None)
    assert (m.vermerk_entwurf, m.vermerk_grundlage, m.bestaetigt_von) == ("", "", "")
    assert (m.klasse, m.kundennummer, m.leitfaden) == ("terminabsage", KUNDENNUMMER, mail.leitfaden)   # Vorschlag
    assert not Antwort.objects.filter(mail=mail).exists()
    kontakt = Kontakt.objects.get(pk=alter_kontakt)
    assert (kontakt.status, kontakt.ergebnis, kontakt.user) == ("abgeschlossen", "abgebrochen", anna)
    assert kontakt.vermerk.startswith("E-Mail-Bearbeitung abgebrochen (Mail von der Teamleitung zurück in die "
                                      "Warteschlange gegeben).")
    assert "abwesend" not in kontakt.vermerk and "Urlaub" not in kontakt.vermerk   # der Grund bleibt intern
    eintrag = Protokoll.objects.get(mail=mail, art="teamleitung_freigegeben")
    assert eintrag.benutzer == "tanja" and eintrag.details["bearbeiter"] == "anna"
    assert eintrag.details["grund"] == "abwesend" and eintrag.details["beansprucht_am"]
    assert Protokoll.objects.filter(mail=mail, art="antwort_verworfen", benutzer="tanja").exists()
    assert Zugriff.objects.filter(user=tanja, aktion="emb_teamleitung_freigeben", kundennummer=KUNDENNUMMER,
                                  kontakt=alter_kontakt).exists()

    # Ein zweites Freigeben (anderer Tab): nichts mehr zu tun, eine Meldung statt eines Fehlers
    nochmal = client.post(f"/emb/{mail.id}/teamleitung-freigeben/", {"grund": "abwesend"}, follow=True)
    assert "Diese Mail bearbeitet niemand mehr; es gibt nichts freizugeben." in nochmal.content.decode()
    assert "bearbeitet niemand; es gibt nichts freizugeben." in client.get(
        f"/emb/{mail.id}/teamleitung-freigeben/", follow=True).content.decode()


def test_wer_die_mail_hatte_erfaehrt_es_beim_naechsten_schritt(anna: Any, bernd: Any, tanja: Any) -> None:
    mail = _mitten_in_der_arbeit(anna)
    mail_freigeben_als_teamleitung(tanja, mail.id, zeit.jetzt(), "verteilen")
    client = _angemeldet(anna)
    html = client.post(f"/emb/{mail.id}/erledigen/", {"vermerk": "Erledigt."}, follow=True).content.decode()
    assert "Die Teamleitung (tanja) hat diese Mail am 24.03.2020 um" in html
    assert "Uhr zurück in die Warteschlange gegeben; Sie bearbeiten sie nicht mehr." in html
    # Tippen im Vermerk (htmx): die Seite lädt neu und sagt dasselbe
    getippt = client.post(f"/emb/{mail.id}/arbeitshilfe/", {"vermerk_merken": "1", "vermerk": "weiter"}, **HTMX)
    assert getippt.headers["HX-Redirect"] == f"/emb/{mail.id}/"
    assert "Die Teamleitung (tanja) hat diese Mail" in client.get(f"/emb/{mail.id}/").content.decode()
    assert Mail.objects.get(id=mail.id).vermerk_entwurf == ""
    # Übernimmt Anna sie selbst wieder und gibt sie zurück, gilt wieder die allgemeine Meldung
    assert mail_beanspruchen(anna, mail.id, zeit.jetzt())
    assert mail_freigeben(anna, mail.id, zeit.jetzt())
    assert NICHT_UEBERNOMMEN in client.post(f"/emb/{mail.id}/freigeben/", follow=True).content.decode()


def test_naechste_person_bestaetigt_die_zuordnung_selbst(anna: Any, bernd: Any, tanja: Any) -> None:
    mail = _mitten_in_der_arbeit(anna)
    mail_freigeben_als_teamleitung(tanja, mail.id, zeit.jetzt(), "abwesend")
    assert mail_beanspruchen(bernd, mail.id, zeit.jetzt())
    html = _angemeldet(bernd).get(f"/emb/{mail.id}/").content.decode()
    assert "aus einer früheren Bearbeitung: Terminabsage / Terminverschiebung (nicht bestätigt)" in html
    assert "Die Zuordnung stammt aus einer früheren Bearbeitung dieser Mail, die abgebrochen ist" in html
    assert "Arbeitshilfe starten" not in html
    assert f'value="{KUNDENNUMMER}"' in html                  # die Kundennummer steht als Vorschlag im Feld
    with pytest.raises(GespraechFehler) as fehler:
        bearbeitung_starten(bernd, mail.id, zeit.jetzt())
    assert fehler.value.meldung == NICHT_BESTAETIGT
    zuordnung_bestaetigen(bernd, mail.id, "terminabsage", zeit.jetzt(), kundennummer=KUNDENNUMMER)
    ansicht = bearbeitung_starten(bernd, mail.id, zeit.jetzt())
    assert ansicht.fakt == "identitaet_geprueft" and ansicht.kontakt.user == bernd    # die Identität neu prüfen


def test_rechte_je_rolle_und_rechtskreis(anna: Any, tanja: Any, benutzer: Callable[..., Any]) -> None:
    mail = _mitten_in_der_arbeit(anna)
    url = f"/emb/{mail.id}/teamleitung-freigeben/"
    for rolle in ("agent_emb", "teamleitung", "agent_scfk", "agent_sc3", "administration"):
        client = _angemeldet(benutzer(rolle, f"r-{rolle}"))
        assert client.get(url).status_code == 403, rolle
        assert client.post(url, {"grund": "abwesend"}).status_code == 403, rolle
    for rolle in ("teamleitung", "agent_scfk", "teamleitung_fk"):
        assert _angemeldet(benutzer(rolle, f"w-{rolle}")).get("/emb/").status_code == 403, rolle
    assert Mail.objects.get(id=mail.id).bearbeiter == "anna"
    assert _angemeldet(tanja).get("/emb/999999/teamleitung-freigeben/").status_code == 404

    # Eine Mail eines anderen Rechtskreises (Familienkasse): nicht in ihrer Liste, nicht freizugeben
    _familienkasse(benutzer, mail)
    client = _angemeldet(tanja)
    assert f"/emb/{mail.id}/teamleitung-freigeben/" not in client.get("/emb/").content.decode()
    assert client.get(url).status_code == 403
    assert client.post(url, {"grund": "abwesend"}).status_code == 403
    assert Mail.objects.get(id=mail.id).bearbeiter == "anna"


def test_teamleitung_mit_kanal_email_uebernimmt_und_gibt_frei(anna: Any, benutzer: Callable[..., Any]) -> None:
    beides = benutzer("teamleitung_emb", "tl-beides")
    beides.groups.add(*benutzer("agent_emb", "x").groups.all())
    _mitten_in_der_arbeit(anna)
    mail_einlesen(MAIL.replace(b"absage-berger-1", b"absage-berger-3"), quelle="test")
    html = _angemeldet(beides).get("/emb/").content.decode()
    assert "Nächste Mail" in html and ">Übernehmen</span>" in html and ">Freigeben</span>" in html


def test_deaktiviertes_konto_haelt_die_mail_nicht_fest(anna: Any, tanja: Any) -> None:
    """Ist das Konto der Person deaktiviert, darf sie ihren Kontakt nicht mehr abschließen: Die Mail wird trotzdem
    frei, der Kontakt löst sich von ihr, und das Protokoll der Mail sagt, dass er offen blieb."""
    mail = _mitten_in_der_arbeit(anna)
    anna.is_active = False
    anna.save(update_fields=["is_active"])
    assert mail_freigeben_als_teamleitung(tanja, mail.id, zeit.jetzt(), "anderer", "Konto deaktiviert") == "anna"
    m = Mail.objects.get(id=mail.id)
    assert (m.status, m.bearbeiter, m.kontakt_id) == (Mail.Status.OFFEN, "", None)
    assert Protokoll.objects.filter(mail=mail, art="arbeitshilfe_offen_geblieben").exists()
    assert Protokoll.objects.get(mail=mail, art="teamleitung_freigegeben").details["erlaeuterung"] == \
        "Konto deaktiviert"
