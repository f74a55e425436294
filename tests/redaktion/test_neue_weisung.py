"""Die nächste Weisung ohne Entwickler: die Redaktion erfasst eine neue Weisung im Browser am Freigabepaket; sie wird
mit ihm geprüft, unter vier Augen freigegeben und als Katalogdatei veröffentlicht — die Seite der Weisung zeigt ihre
Regelspur. Dazu: Regelverweise, die die Weisung nicht hat, mehrdeutige Gültigkeit, „Gültig ab“ vor der Weisung, der
Link eines veröffentlichten Entwurfs, Befunde in Worten, das leere Paket."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.redaktion.models import Entwurf, Freigabepaket, Katalogdatei
from kundenportal.redaktion.pruefung import katalog_befunde
from kundenportal.redaktion.queries import katalog_aus_datenbank
from kundenportal.redaktion.services.entwurf import entwurf_beginnen, entwurf_speichern, kopf_setzen
from kundenportal.redaktion.services.freigabe import (
    FreigabeFehler,
    entwurf_zuordnen,
    paket_anlegen,
    paket_einreichen,
    paket_freigeben,
    tor_laufen_lassen,
)
from kundenportal.redaktion.services.szenario import szenario_speichern
from kundenportal.redaktion.services.weisung import weisung_erfassen
from kundenportal.redaktion.yamlfeld import feld_setzen

from .test_lebenszyklus import SZENARIO
from .werkzeug import BASIS

pytestmark = pytest.mark.django_db
Benutzer = Callable[..., Any]
Anmelden = Callable[..., Client]
NUMMER = "202612001"
PAPIER = (SZENARIO.replace("sc-3307-redaktion-eid", "sc-3307-redaktion-papier").replace("Basis-Stufe, eID", "Papier")
          .replace("erhoehung_sicherheitsstufe: eid", "erhoehung_sicherheitsstufe: abgelehnt")
          .replace("ergebnis: hinweis_sicherheitsstufe", "ergebnis: papierantrag_versandt"))


@pytest.fixture
def stichtag(settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-10"


def _formular(**neu: str) -> dict[str, str]:
    daten = {"weisung-nummer": NUMMER, "weisung-titel": "Insolvenzgeld: Sicherheitsstufe neu geregelt",
             "weisung-datum": "01.12.2026", "weisung-gueltig_ab": "01.01.2027",
             "weisung-geschaeftszeichen": "QUB5 – 6801.4", "weisung-bezug": "Weisung 202003006 vom 20.03.2020",
             "weisung-kopf_sgb_ii": "nicht betroffen", "weisung-kopf_sgb_iii": "Weisung",
             "weisung-kopf_familienkasse": "", "regel-TOTAL_FORMS": "3", "regel-INITIAL_FORMS": "0",
             "regel-0-punkt": "2.1", "regel-0-titel": "Online-Antrag nur mit Ausweissichtverfahren",
             "regel-1-punkt": "2.2 a) 1", "regel-1-titel": "Papierantrag bleibt möglich",
             "regel-2-punkt": "", "regel-2-titel": ""}
    return daten | {k if k.startswith("regel-") else f"weisung-{k}": v for k, v in neu.items()}


def _feldfehler(html: str, feld: str) -> str:
    """Die Meldung am Feld (portal/_feld.html: <p class="kern-error" id="…_error">)."""
    m = re.search(rf'id="{feld}_error"><span[^>]*></span><span class="kern-body">([^<]*)</span>', html)
    assert m, f"keine Meldung an {feld}"
    return m.group(1)


def _entwurf_der_neuen_weisung(autor: Any, regel: str = "2.1") -> Entwurf:
    """SC 3.307 unter der neuen Weisung: Hinweistext geändert, die Regelverweise der Schritte nennen `regel`."""
    basis = Katalogdatei.objects.get(pfad=BASIS)
    e = entwurf_beginnen(autor, katalog_aus_datenbank(), basis=basis, stand=dt.date(2026, 12, 10))
    text = e.text.replace('weisung: "202003006"', f'weisung: "{NUMMER}"').replace('regel: "2.2 a) 6"',
                                                                                  f'regel: "{regel}"')
    text = feld_setzen(text, "erhoehung", "text", "Neu: nur mit Ausweissichtverfahren. Wie geht es weiter?")
    text = feld_setzen(text, "stufe", "weiter.0.wenn", "stufe_ausweissicht == true")
    e, _ = entwurf_speichern(autor, e.pk, katalog_aus_datenbank(), text=text, version=e.version)
    return e


def test_neue_weisung_im_browser_erfasst_freigegeben_und_mit_regelspur_veroeffentlicht(
        db_katalog: None, stichtag: None, anmelden: Anmelden, benutzer: Benutzer) -> None:
    autorin = benutzer("redaktion", "autorin")
    redaktion = Client()
    redaktion.force_login(autorin)
    # Paket mit unbekannter Nummer: keine Ablehnung, sondern weiter zum Formular der neuen Weisung.
    antwort = redaktion.post("/redaktion/pakete/anlegen/", {
        "paket-weisung": NUMMER, "paket-titel": "Insolvenzgeld 2027", "paket-datum": "01.12.2026",
        "paket-gueltig_ab": "01.01.2027"}, follow=True)
    p = Freigabepaket.objects.get()
    assert antwort.redirect_chain[-1][0] == f"/redaktion/pakete/{p.pk}/weisung/"
    html = antwort.content.decode()
    assert f"Weisung {NUMMER} gibt es im Katalog noch nicht: hier erfassen" in html
    assert f'value="{NUMMER}"' in html and 'value="2026-12-01"' in html       # Vorschläge aus dem Paket

    # Abgelehnt: Meldungen am Feld, Eingaben bleiben.
    antwort = redaktion.post(f"/redaktion/pakete/{p.pk}/weisung/", _formular(**{
        "nummer": "2026120", "gueltig_ab": "30.11.2026", "regel-1-punkt": "2.1", "regel-2-punkt": "Punkt eins",
        "regel-2-titel": "x"}))
    html = antwort.content.decode()
    assert antwort.status_code == 400 and not Freigabepaket.objects.get().neue_weisung
    assert _feldfehler(html, "id_weisung-nummer") == ("Die Nummer einer Weisung hat 9 Ziffern: Jahr, Monat, "
                                                      "laufende Nummer (z. B. 202612001).")
    assert _feldfehler(html, "id_weisung-gueltig_ab").startswith("Gültig ab (30.11.2026) liegt vor dem Datum")
    assert _feldfehler(html, "id_regel-1-punkt") == ("Punkt 2.1 steht doppelt (schon in Zeile 1): jeden Punkt nur "
                                                     "einmal eintragen.")
    assert _feldfehler(html, "id_regel-2-punkt").startswith("Punkt „Punkt eins“: Form wie in der Weisung")
    assert 'value="QUB5 – 6801.4"' in html and 'value="Papierantrag bleibt möglich"' in html
    # Eine Nummer des Katalogs wird nie überschrieben.
    antwort = redaktion.post(f"/redaktion/pakete/{p.pk}/weisung/", _formular(nummer="202003006"))
    assert _feldfehler(antwort.content.decode(), "id_weisung-nummer").startswith(
        "Weisung 202003006 gibt es im Katalog schon („Weiterentwicklung der Prozesse im Kundenportal“ vom 20.03.2020)")
    assert Katalogdatei.objects.filter(pfad="weisungen/202003006.yaml").get().text.startswith('nummer: "202003006"')

    antwort = redaktion.post(f"/redaktion/pakete/{p.pk}/weisung/", _formular())
    assert antwort.status_code == 302 and antwort["Location"] == f"/redaktion/pakete/{p.pk}/"
    p.refresh_from_db()
    assert p.neue_weisung["regeln"] == [{"punkt": "2.1", "titel": "Online-Antrag nur mit Ausweissichtverfahren"},
                                        {"punkt": "2.2 a) 1", "titel": "Papierantrag bleibt möglich"}]
    assert p.neue_weisung["kopf"] == {"sgb_ii": "nicht betroffen", "sgb_iii": "Weisung"}
    # Ein zweites Paket derselben neuen Weisung: abgelehnt, am Feld.
    with pytest.raises(FreigabeFehler, match=f"Die neue Weisung {NUMMER} wird schon im Paket „Insolvenzgeld 2027“"):
        paket_anlegen(autorin, weisung=NUMMER, titel="Zweites", datum=dt.date(2026, 12, 1))

    # Ein Regelverweis auf einen Punkt, den die neue Weisung nicht hat, ist ein Befund am Schritt.
    e = _entwurf_der_neuen_weisung(autorin, regel="2.2 a) 6")
    assert {(b["schritt"], b["feld"]) for b in e.befunde} == {
        ("stufe", "schritte.stufe.regel"), ("erhoehung", "schritte.erhoehung.regel"), ("papier", "schritte.papier.regel")}
    assert e.befunde[0]["meldung"] == (f"Regelverweis „2.2 a) 6“: die Weisung {NUMMER} hat keinen Punkt 2.2 a) 6 "
                                       "(vorhanden: 2.1, 2.2 a) 1) — einen vorhandenen Punkt eintragen oder den Punkt "
                                       "in der Weisung ergänzen")
    seite = redaktion.get(f"/redaktion/entwuerfe/{e.pk}/").content.decode()
    assert "Feld „Regelverweis“: Regelverweis „2.2 a) 6“" in seite and "schritte.stufe.regel" not in seite
    e, _ = entwurf_speichern(autorin, e.pk, katalog_aus_datenbank(), text=e.text.replace('"2.2 a) 6"', '"2.1"'),
                             version=e.version)
    assert e.befunde == []

    entwurf_zuordnen(autorin, p.pk, e.pk)
    szenario_speichern(autorin, SZENARIO)
    szenario_speichern(autorin, PAPIER)
    tor = tor_laufen_lassen(autorin, p.pk)
    assert tor["ok"], {k: tor[k] for k in ("ungedeckt", "befunde", "weisung", "nicht_auf_entwurf", "ungueltig")}
    paket_einreichen(autorin, p.pk)
    with pytest.raises(FreigabeFehler, match="Vier-Augen"):
        paket_freigeben(autorin, p.pk, gueltig_ab=dt.date(2027, 1, 1))
    pruefer = benutzer("freigabe", "pruefer")
    with pytest.raises(FreigabeFehler, match=rf"^Gültig ab: 15.12.2026 liegt vor dem Beginn der Weisung {NUMMER}"):
        paket_freigeben(pruefer, p.pk, gueltig_ab=dt.date(2026, 12, 15))
    paket_freigeben(pruefer, p.pk, gueltig_ab=dt.date(2027, 1, 1))

    datei = Katalogdatei.objects.get(art=Katalogdatei.WEISUNG, pfad=f"weisungen/{NUMMER}.yaml")
    assert datei.freigabe_id == p.pk and datei.status == Katalogdatei.VEROEFFENTLICHT
    assert '  - punkt: "2.1"\n    titel: "Online-Antrag nur mit Ausweissichtverfahren"\n    umsetzung:\n      - ' \
           '{leitfaden: "SC 3.307", schritte: ["stufe", "erhoehung", "papier"]}\n' in datei.text
    katalog = katalog_aus_datenbank()
    w = katalog.weisungen[NUMMER]
    assert (w.titel, w.gueltig_ab, w.geschaeftszeichen, w.kopf) == (
        "Insolvenzgeld: Sicherheitsstufe neu geregelt", dt.date(2027, 1, 1), "QUB5 – 6801.4",
        {"sgb_ii": "nicht betroffen", "sgb_iii": "Weisung"})
    assert katalog_befunde(katalog) == []                          # der Katalog prüft sauber (auch die Regelspur)

    seite = anmelden("agent_sc3").get(f"/weisungen/{NUMMER}/").content.decode()
    assert f"Weisung {NUMMER} vom 01.12.2026: Insolvenzgeld: Sicherheitsstufe neu geregelt" in seite
    assert "<strong>2.1</strong> Online-Antrag nur mit Ausweissichtverfahren" in seite
    assert "/katalog/" in seite or "SC 3.307" in seite
    assert "<strong>2.2 a) 1</strong> Papierantrag bleibt möglich" in seite and "noch keinem Schritt zugeordnet" in seite

    # Der Link des veröffentlichten Entwurfs führt zum Paket, mit der Fassung, die er geworden ist.
    antwort = redaktion.get(f"/redaktion/entwuerfe/{e.pk}/", follow=True)
    assert antwort.redirect_chain == [(f"/redaktion/pakete/{p.pk}/", 302)]
    assert (f"Der Entwurf {e.pk} ist mit dem Paket zur Weisung {NUMMER} freigegeben (freigegeben und geplant) und "
            "jetzt die veröffentlichte Fassung SC 3.307, Stand 10.12.2026.") in antwort.content.decode()


def test_entwurf_den_es_nie_gab_404_fuer_die_redaktion(db_katalog: None, anmelden: Anmelden) -> None:
    antwort = anmelden("redaktion").get("/redaktion/entwuerfe/987654/")
    html = antwort.content.decode()
    assert antwort.status_code == 404 and "Den Entwurf 987654 gibt es nicht." in html
    assert "Kontakt" not in html and 'href="/redaktion/"' in html


def test_verworfener_entwurf_fuehrt_zur_uebersicht(db_katalog: None, anmelden: Anmelden, benutzer: Benutzer) -> None:
    from kundenportal.redaktion.services.entwurf import entwurf_verwerfen

    autorin = benutzer("redaktion", "verw")
    e = entwurf_beginnen(autorin, katalog_aus_datenbank(), basis=Katalogdatei.objects.get(pfad=BASIS),
                         stand=dt.date(2020, 4, 1))
    entwurf_verwerfen(autorin, e.pk, e.version)
    c = Client()
    c.force_login(autorin)
    antwort = c.get(f"/redaktion/entwuerfe/{e.pk}/", follow=True)
    assert antwort.redirect_chain == [("/redaktion/", 302)]
    assert f"Der Entwurf {e.pk} wurde am " in antwort.content.decode()


def test_gueltig_ab_des_pakets_nicht_vor_der_weisung_am_feld(db_katalog: None, anmelden: Anmelden,
                                                             benutzer: Benutzer) -> None:
    c = anmelden("redaktion")
    antwort = c.post("/redaktion/pakete/anlegen/", {"paket-weisung": "202003006", "paket-titel": "Früh",
                                                    "paket-gueltig_ab": "01.01.2020"})
    assert antwort.status_code == 400 and not Freigabepaket.objects.exists()
    assert _feldfehler(antwort.content.decode(), "id_paket-gueltig_ab") == (
        "Gültig ab: 01.01.2020 liegt vor dem Beginn der Weisung 202003006 (gültig ab 20.03.2020) — ein Datum ab dem "
        "20.03.2020 wählen.")
    p = paket_anlegen(benutzer("redaktion"), weisung="202003006", titel="x", datum=dt.date(2020, 3, 20),
                      gueltig_ab=dt.date(2027, 1, 1))
    from kundenportal.redaktion.services.freigabe import paket_fingerabdruck

    antwort = c.post(f"/redaktion/pakete/{p.pk}/aendern/", {
        "aendern-weisung": "202003006", "aendern-titel": "x", "aendern-datum": "20.03.2020",
        "aendern-gueltig_ab": "01.01.2020", "aendern-fingerabdruck": paket_fingerabdruck(p)})
    assert antwort.status_code == 400
    assert _feldfehler(antwort.content.decode(), "id_aendern-gueltig_ab").startswith("Gültig ab: 01.01.2020 liegt vor")
    assert Freigabepaket.objects.get(pk=p.pk).gueltig_ab == dt.date(2027, 1, 1)


def test_gueltig_ab_des_pakets_nicht_vor_dem_datum_einer_neuen_weisung(db_katalog: None, anmelden: Anmelden,
                                                                       benutzer: Benutzer) -> None:
    """Ein Paket einer neuen Weisung, das vor ihrem Datum gelten soll, wäre eine Sackgasse: die Weisung ließe sich
    danach mit keinem „Gültig ab“ erfassen (nicht vor ihrem Datum, nicht nach dem des Pakets). Die Meldung steht
    schon beim Anlegen am Feld; der Dienst lehnt ebenso ab (API)."""
    c = anmelden("redaktion")
    antwort = c.post("/redaktion/pakete/anlegen/", {"paket-weisung": NUMMER, "paket-titel": "Früh",
                                                    "paket-datum": "20.12.2026", "paket-gueltig_ab": "10.12.2026"})
    assert antwort.status_code == 400 and not Freigabepaket.objects.exists()
    assert _feldfehler(antwort.content.decode(), "id_paket-gueltig_ab") == (
        "Gültig ab: 10.12.2026 liegt vor dem Datum der Weisung (20.12.2026) — ein Datum ab dem 20.12.2026 wählen oder "
        "leer lassen.")
    with pytest.raises(FreigabeFehler, match=r"^Gültig ab: 10\.12\.2026 liegt vor dem Datum der Weisung"):
        paket_anlegen(benutzer("redaktion"), weisung=NUMMER, titel="x", datum=dt.date(2026, 12, 20),
                      gueltig_ab=dt.date(2026, 12, 10))
    p = paket_anlegen(benutzer("redaktion"), weisung=NUMMER, titel="x", datum=dt.date(2026, 12, 20),
                      gueltig_ab=dt.date(2026, 12, 20))
    assert p.gueltig_ab == dt.date(2026, 12, 20)


def test_leeres_paket_einreichen_sagt_dass_es_leer_ist(db_katalog: None, benutzer: Benutzer) -> None:
    autorin = benutzer("redaktion")
    p = paket_anlegen(autorin, weisung="202003006", titel="leer", datum=dt.date(2020, 3, 20))
    with pytest.raises(FreigabeFehler, match=r"^Das Paket enthält keine Entwürfe: "):
        paket_einreichen(autorin, p.pk)


def test_neue_weisung_ohne_erfassung_haelt_tor_und_einreichen_auf(db_katalog: None, stichtag: None,
                                                                  benutzer: Benutzer) -> None:
    autorin = benutzer("redaktion")
    p = paket_anlegen(autorin, weisung=NUMMER, titel="ohne", datum=dt.date(2026, 12, 1))
    e = _entwurf_der_neuen_weisung(autorin)
    assert any(b["meldung"].startswith(f"Die Weisung {NUMMER} gibt es im Katalog nicht") for b in e.befunde)
    entwurf_zuordnen(autorin, p.pk, e.pk)
    tor = tor_laufen_lassen(autorin, p.pk)
    assert not tor["ok"] and tor["befunde"][0].startswith(f"Die Weisung {NUMMER} ist neu und noch nicht erfasst")
    with pytest.raises(FreigabeFehler, match=f"Die Weisung {NUMMER} ist neu und noch nicht erfasst"):
        paket_einreichen(autorin, p.pk)


def test_entwurf_mit_demselben_gueltig_ab_wie_eine_geplante_fassung_ist_mehrdeutig(
        db_katalog: None, stichtag: None, benutzer: Benutzer) -> None:
    """Eine geplante Fassung (ab 01.01.2027, Verbund Nürnberg) und ein Entwurf mit neuerem Stand, demselben „gültig
    ab“ und denselben Standorten: die geplante gälte nie — ein Befund an „Gültig ab“ des Entwurfs, in Worten."""
    autorin, pruefer = benutzer("redaktion", "a"), benutzer("freigabe", "b")
    weisung_frei = paket_anlegen(autorin, weisung=NUMMER, titel="geplant", datum=dt.date(2026, 12, 1),
                                 gueltig_ab=dt.date(2027, 1, 1), geltungsbereich={"verbuende": ["nuernberg"]})
    weisung_erfassen(autorin, weisung_frei.pk, nummer=NUMMER, titel="T", datum=dt.date(2026, 12, 1),
                     gueltig_ab=dt.date(2027, 1, 1), regeln=[{"punkt": "2.1", "titel": "R"}])
    e = _entwurf_der_neuen_weisung(autorin)
    entwurf_zuordnen(autorin, weisung_frei.pk, e.pk)
    for sz in (SZENARIO, PAPIER):
        szenario_speichern(autorin, sz.replace("wohnort_agentur: Berlin Mitte", "wohnort_agentur: Nürnberg"))
    tor = tor_laufen_lassen(autorin, weisung_frei.pk)
    assert tor["ok"], {k: tor[k] for k in ("ungedeckt", "befunde", "weisung", "nicht_auf_entwurf", "ungueltig")}
    paket_einreichen(autorin, weisung_frei.pk)
    paket_freigeben(pruefer, weisung_frei.pk, gueltig_ab=dt.date(2027, 1, 1))

    basis = Katalogdatei.objects.get(leitfaden_id="SC 3.307", stand=dt.date(2026, 12, 10))
    neu = entwurf_beginnen(autorin, katalog_aus_datenbank(), basis=basis, stand=dt.date(2027, 3, 1))
    text = kopf_setzen(kopf_setzen(neu.text, "gueltig_ab", "2027-01-01"), "geltungsbereich", "{verbuende: [nuernberg]}")
    neu, _ = entwurf_speichern(autorin, neu.pk, katalog_aus_datenbank(), text=text, version=neu.version)
    meldungen = [(b["feld"], b["meldung"]) for b in neu.befunde]
    assert ("gueltig_ab", "Der Entwurf gilt ab 01.01.2027 an denselben Standorten und ohne Ende — also an jedem Tag "
                          "von SC 3.307, Stand 10.12.2026 (gilt ab 01.01.2027). Als neuerer Stand ersetzte er diese "
                          "Fassung ganz: sie gälte nie, ihre Änderungen fielen weg. Soll der Entwurf sie ablösen: "
                          "„Gültig ab“ auf einen Tag nach dem 01.01.2027 setzen und den Entwurf mit SC 3.307, Stand "
                          "10.12.2026 als Basis beginnen, damit ihre Änderungen erhalten bleiben.") in meldungen


def test_befund_in_worten_statt_datei_und_schluessel() -> None:
    from kundenportal.leitfaden.fehler import Befund
    from kundenportal.redaktion.befundort import befund_in_worten, feld_in_worten

    datei = "content/leitfaeden/sc/3.307/entwurf.yaml"
    assert befund_in_worten(Befund(datei, 23, "schritte.online.nach", "Ziel-Schritt x gibt es nicht"), "SC 3.307",
                            "online", datei) == ("SC 3.307, Schritt „online“, Feld „Weiter zu“ (Zeile 23): Ziel-Schritt x "
                                                 "gibt es nicht")
    assert befund_in_worten(Befund(datei, 3, "gueltig_ab", "…"), "SC 3.307", "", datei) == \
        "SC 3.307, Entwurf, Feld „Gültig ab“ (Zeile 3): …"
    assert befund_in_worten(Befund("content/leitfaeden/sc/3.307/leitfaden.yaml", 1, "titel", "…"), "SC 3.307") == \
        "SC 3.307, Leitfadenkopf, Feld „Titel“ (Zeile 1): …"
    assert feld_in_worten("schritte.stufe.weiter.0.wenn") == "Bedingung (Zweig 1)"
    assert feld_in_worten("schritte.stufe.regel") == "Regelverweis"
