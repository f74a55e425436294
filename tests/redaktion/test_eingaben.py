"""Eingaben der Redaktion: was nicht passt, wird abgelehnt — mit einer deutschen Meldung am Feld, der
Beschriftung statt eines Feldcodes und der Eingabe im Feld; nichts endet in einem Serverfehler, nichts geht
verloren. Dazu die Rückfrage vor „Entwurf verwerfen“ und das Format des Felds „Aktion“."""

from __future__ import annotations

import datetime as dt
import html as html_modul
import re
from typing import Any

import pytest

from kundenportal.redaktion.models import Entwurf, Freigabepaket
from kundenportal.redaktion.queries import katalog_aus_datenbank
from kundenportal.redaktion.services.entwurf import EntwurfFehler, entwurf_speichern, entwurf_verwerfen
from kundenportal.redaktion.services.freigabe import FreigabeFehler, paket_anlegen
from kundenportal.redaktion.yamlfeld import feld_setzen
from tests.fixtures_katalog import Anmelden

from .werkzeug import entwurf_3307, paket_mit

pytestmark = pytest.mark.django_db
HTMX: dict[str, Any] = {"HTTP_HX_REQUEST": "true"}
PAPIER = {"schritt": "papier", "tun": "speichern", "id": "papier", "aktion": "versand/papierantrag",
          "param-0-name": "leistung", "param-0-wert": "insolvenzgeld", "regel": "2.2 a) 6",
          "vermerk": "Insolvenzgeld: Papierantrag versandt.", "ausgang": "nach", "nach": "versandt"}
ONLINE = {"schritt": "online", "tun": "speichern", "id": "online", "fakt": "antrag_online_gewuenscht",
          "text": "Möchte der Kunde das Insolvenzgeld online beantragen?", "ausgang": "je_antwort",
          "antwort-0-wert": "ja", "antwort-0-nach": "stufe", "antwort-1-wert": "nein", "antwort-1-nach": "papier"}


def _feld(html: str, feld_id: str) -> str:
    """Das Element mit der id (input oder textarea samt Inhalt)."""
    treffer = re.search(rf'<(input|textarea)[^>]*\bid="{feld_id}"[^>]*>(?:(.*?)</textarea>)?', html, re.S)
    assert treffer, feld_id
    return html_modul.unescape(treffer[0])


def _post_schritt(client: Any, e: Entwurf, daten: dict[str, Any], **kw: Any) -> tuple[int, str]:
    antwort = client.post(f"/redaktion/entwuerfe/{e.pk}/schritt/", {**daten, "version": e.version}, **kw)
    return antwort.status_code, antwort.content.decode()


# --- 3: keine Serverfehler bei Eingaben ---------------------------------------------------------------

def _szenario(client: Any, e: Entwurf, ausgangslage: str) -> str:
    antwort = client.post(f"/redaktion/entwuerfe/{e.pk}/szenario/", {
        "szenario_id": "sc-3307-probe", "titel": "Probe", "datum": "2020-04-01", "kanal": "sc3", "standort": "Nürnberg",
        "ausgangslage": ausgangslage, "antworten": "{}"})
    assert antwort.status_code == 200
    return html_modul.unescape(antwort.content.decode())


@pytest.mark.parametrize(("ausgangslage", "meldung"), [
    ("kunde: {kundennummer: 955A200177, geburtsdatum: 1990-13-01}",
     "Ausgangslage, Feld kunde.geburtsdatum: 1990-13-01 ist kein gültiges Datum (JJJJ-MM-TT"),
    ("termine: 5", "Ausgangslage, Feld termine: erwartet eine Liste von Terminen (- {id: T1, beginn: "
                   "2020-04-01T09:00, agentur: Nürnberg}), nicht 5"),
    ("aufgaben: {an: x}", "Ausgangslage, Feld aufgaben: erwartet eine Liste von Aufgaben"),
    ("kiwi: {kindergeldnummer: 1, kinder: 3}", "Ausgangslage, Feld kiwi.kinder: erwartet eine Liste von Kindern"),
    ("kunde: 5", "Ausgangslage, Feld kunde: erwartet eine Abbildung"),
    ("kunde: {kundennummer: 1, lieblingsfarbe: blau}", "Ausgangslage, Feld kunde.lieblingsfarbe: unbekanntes Feld"),
    ("termine: [{beginn: 2020-02-30T09:00:00}]", "Ausgangslage, Feld termine[0].beginn: 2020-02-30T09:00:00 ist "
                                                 "kein gültiges Datum"),
    ("- a\n- b", "Ausgangslage: erwartet eine Abbildung (kunde: …, step: …)"),
    ("kunde: [", "Ausgangslage: kein gültiges YAML — Zeile 1, Spalte 8: die Liste, die mit „[“ beginnt, wird nicht "
                 "geschlossen (es fehlt „]“)"),
])
def test_szenario_mit_falscher_ausgangslage_nennt_das_feld(db_katalog: None, anmelden: Anmelden, benutzer: Any,
                                                           ausgangslage: str, meldung: str) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    html = _szenario(anmelden("redaktion"), e, ausgangslage)
    assert meldung in html and "Der Weg bricht ab" not in html


def test_szenario_mit_gueltiger_ausgangslage_fragt_weiter(db_katalog: None, anmelden: Anmelden,
                                                          benutzer: Any) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    html = _szenario(anmelden("redaktion"), e, "kunde: {kundennummer: 955A200177, geburtsdatum: 1990-12-01}\n"
                                                "step: {konto: true, sicherheitsstufe: basis}\n")
    assert "Nächste Frage:" in html and "Ausgangslage," not in html


def test_zuordnen_eines_entwurfs_den_es_nicht_mehr_gibt(db_katalog: None, anmelden: Anmelden,
                                                       benutzer: Any) -> None:
    """Die Paketseite war offen, als der Entwurf verworfen wurde: eine Meldung statt DoesNotExist."""
    redakteur = benutzer("redaktion", "erste")
    p = paket_mit(redakteur, entwurf_3307(redakteur))
    c = anmelden("redaktion")
    antwort = c.post(f"/redaktion/pakete/{p.pk}/zuordnen/", {"entwurf": "99999"}, follow=True)
    assert antwort.status_code == 200
    assert "Entwurf 99999 gibt es nicht mehr (inzwischen verworfen oder veröffentlicht): die Seite neu laden" \
           in antwort.content.decode()
    antwort = c.post(f"/redaktion/pakete/{p.pk}/zuordnen/", {"entwurf": "x"}, follow=True)
    assert "Entwurf: bitte einen Entwurf wählen." in antwort.content.decode()


def test_dienste_melden_einen_fehlenden_entwurf(db_katalog: None, benutzer: Any) -> None:
    redakteur = benutzer("redaktion", "erste")
    with pytest.raises(EntwurfFehler, match="Entwurf 99999 gibt es nicht mehr"):
        entwurf_verwerfen(redakteur, 99999, 1)
    with pytest.raises(EntwurfFehler, match="Entwurf 99999 gibt es nicht mehr"):
        entwurf_speichern(redakteur, 99999, katalog_aus_datenbank(), text="x", version=1)


# --- 4: Formulare der Übersicht -----------------------------------------------------------------------

def test_paket_anlegen_mit_fehlern_behaelt_die_eingaben(db_katalog: None, anmelden: Anmelden) -> None:
    antwort = anmelden("redaktion").post("/redaktion/pakete/anlegen/", {
        "paket-weisung": "202003006", "paket-titel": "", "paket-datum": "2020-03-30", "paket-stand": "04/2020",
        "paket-gueltig_ab": "2020-04-15", "paket-gueltig_bis": "2020-04-01"})
    html = antwort.content.decode()
    assert antwort.status_code == 400 and not Freigabepaket.objects.exists()
    assert "<title>Fehler: Redaktion" in html and "Paket nicht angelegt: bitte die markierten Angaben prüfen." in html
    assert re.search(r'<details open>\s*<summary>Freigabepaket für eine Weisung anlegen', html)
    assert 'value="202003006"' in _feld(html, "id_paket-weisung") and 'value="04/2020"' in _feld(html, "id_paket-stand")
    assert 'value="2020-04-15"' in _feld(html, "id_paket-gueltig_ab")
    # die Meldungen am Feld; der Fokus auf dem ersten Feld mit Fehler (nicht auf einer Liste darüber)
    assert 'id="id_paket-titel_error"' in html and "Dieses Feld ist zwingend erforderlich." in html
    assert "autofocus" in _feld(html, "id_paket-titel") and html.count("autofocus") == 1
    assert "Gültig bis (01.04.2020) darf nicht vor „Gültig ab“ (15.04.2020) liegen" in html
    assert 'id="id_paket-gueltig_bis_error"' in html
    assert "weisung:" not in html and "titel:" not in html


def test_paket_mit_gueltig_bis_vor_gueltig_ab_lehnt_auch_der_dienst_ab(db_katalog: None, benutzer: Any) -> None:
    with pytest.raises(FreigabeFehler, match=re.escape("Gültig bis: 01.04.2020 liegt vor „Gültig ab“ (15.04.2020)")):
        paket_anlegen(benutzer("redaktion"), weisung="202003006", titel="x", datum=dt.date(2020, 3, 30),
                      gueltig_ab=dt.date(2020, 4, 15), gueltig_bis=dt.date(2020, 4, 1))


def test_neuer_leitfaden_mit_fehlern_behaelt_die_eingaben(db_katalog: None, anmelden: Anmelden) -> None:
    c = anmelden("redaktion")
    antwort = c.post("/redaktion/entwuerfe/neu/", {
        "neu-leitfaden_id": "SC 3.400", "neu-titel": "Neuer Leitfaden", "neu-ordner": "SC/3.400", "neu-weisung": "",
        "neu-stand": "2020-04-01"})
    html = antwort.content.decode()
    assert antwort.status_code == 400 and not Entwurf.objects.exists()
    assert 'value="SC 3.400"' in _feld(html, "id_neu-leitfaden_id") and 'value="Neuer Leitfaden"' in html
    assert 'value="SC/3.400"' in _feld(html, "id_neu-ordner")
    assert '<a href="#id_neu-ordner">Ordner unter leitfaeden/ (z. B. sc/3.400): Form: &lt;bereich&gt;/&lt;nummer&gt;' \
           in html and '<a href="#id_neu-weisung">Weisung (Nummer): Dieses Feld ist zwingend erforderlich.</a>' in html
    assert re.search(r'<details open>\s*<summary>Neuen Leitfaden anlegen', html)
    # Fehler des Dienstes (den Leitfaden gibt es schon) am Feld der Kennung
    antwort = c.post("/redaktion/entwuerfe/neu/", {
        "neu-leitfaden_id": "SC 3.307", "neu-titel": "Doppelt", "neu-ordner": "sc/3.307b", "neu-weisung": "202003006",
        "neu-stand": "2020-04-01"})
    html = antwort.content.decode()
    assert antwort.status_code == 400 and 'id="id_neu-leitfaden_id_error"' in html
    assert "Leitfaden SC 3.307 gibt es schon: aus einer Fassung beginnen" in html


def test_entwurf_beginnen_ohne_fassung_nennt_das_feld(db_katalog: None, anmelden: Anmelden) -> None:
    antwort = anmelden("redaktion").post("/redaktion/entwuerfe/beginnen/", {"beginnen-basis": "",
                                                                             "beginnen-stand": "2020-04-01"})
    html = antwort.content.decode()
    assert antwort.status_code == 400 and not Entwurf.objects.exists()
    assert '<a href="#id_beginnen-basis">Veröffentlichte Fassung: Dieses Feld ist zwingend erforderlich.</a>' in html
    assert 'value="2020-04-01"' in _feld(html, "id_beginnen-stand")


# --- 5: Entwurf verwerfen nur nach Rückfrage ----------------------------------------------------------

def test_entwurf_verwerfen_erst_nach_rueckfrage(db_katalog: None, anmelden: Anmelden, benutzer: Any) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    c = anmelden("redaktion")
    html = c.get(f"/redaktion/entwuerfe/{e.pk}/").content.decode()
    rueckfrage = re.search(r'<details class="entfernen">\s*<summary class="kern-btn kern-btn--secondary">'
                           r'<span class="kern-label">Entwurf SC 3.307 verwerfen …</span></summary>(.*?)</details>',
                           html, re.S)
    assert rueckfrage and "Entwurf SC 3.307 (Version 2) wirklich verwerfen?" in rueckfrage[1]
    assert re.search(r'<button type="submit" name="bestaetigt" value="ja" class="kern-btn kern-btn--secondary">'
                     r'<span class="kern-label">Wirklich verwerfen: Entwurf SC 3.307</span></button>', rueckfrage[1])
    ohne = re.sub(r'<details class="entfernen">.*?</details>', "", html, flags=re.S)
    assert "bestaetigt" not in ohne and "Entwurf verwerfen</span></button>" not in ohne
    antwort = c.post(f"/redaktion/entwuerfe/{e.pk}/verwerfen/", follow=True)           # ohne Rückfrage
    assert "Entwurf nicht verworfen: bitte „Wirklich verwerfen“ in der Rückfrage wählen." in antwort.content.decode()
    assert Entwurf.objects.filter(pk=e.pk).exists()
    assert re.search(rf'<input type="hidden" name="version" value="{e.version}">\s*<details class="entfernen">', html)
    antwort = c.post(f"/redaktion/entwuerfe/{e.pk}/verwerfen/", {"bestaetigt": "ja", "version": e.version},
                     follow=True)
    assert "Entwurf verworfen." in antwort.content.decode() and not Entwurf.objects.filter(pk=e.pk).exists()


# --- 7: leere Pflichtfelder ---------------------------------------------------------------------------

@pytest.mark.parametrize(("feld", "meldung"), [
    ("text", "Text für die Beschäftigten darf nicht leer sein: den Text eintragen, den die Beschäftigten sehen."),
    ("id", "Kennung darf nicht leer sein: Kleinbuchstaben, Ziffern und _ (z. B. hinweis_neu)."),
    ("fakt", "Fakt darf nicht leer sein: einen Fakt aus der Liste wählen."),
])
def test_leeres_pflichtfeld_wird_am_feld_abgelehnt(db_katalog: None, anmelden: Anmelden, benutzer: Any,
                                                   feld: str, meldung: str) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    c = anmelden("redaktion")
    status, html = _post_schritt(c, e, {**ONLINE, feld: "", "vermerk": "Mein neuer Vermerk."})
    assert status == 400 and "gespeichert (Version" not in html
    assert f'<p class="kern-error" id="s-online-{feld}-fehler">' in html and meldung in html
    eingabe = _feld(html, f"s-online-{feld}")
    assert 'aria-invalid="true"' in eingabe and f'aria-describedby="s-online-{feld}-fehler"' in eingabe
    assert "Mein neuer Vermerk." in _feld(html, "s-online-vermerk")                       # nichts verloren
    assert "unbekannter Fakt" not in html
    assert Entwurf.objects.get(pk=e.pk).text == e.text


def test_leeres_pflichtfeld_mit_htmx_behaelt_auch_den_quelltext(db_katalog: None, anmelden: Anmelden,
                                                                benutzer: Any) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    getippt = e.text.replace("stand: 2020-04-01", "stand: 2020-04-01\n# getippt, nicht gespeichert")
    status, html = _post_schritt(anmelden("redaktion"), e, {**ONLINE, "text": "", "quelltext": getippt}, **HTMX)
    assert status == 400 and html.startswith('<div id="editor">')
    assert "# getippt, nicht gespeichert" in _feld(html, "id_text")
    assert f'name="version" value="{e.version}" id="id_version"' in html
    assert "Text für die Beschäftigten darf nicht leer sein" in html and 'data-fokus' in html
    assert Entwurf.objects.get(pk=e.pk).text == e.text


def test_vergebene_kennung_wird_am_feld_abgelehnt(db_katalog: None, anmelden: Anmelden, benutzer: Any) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    status, html = _post_schritt(anmelden("redaktion"), e, {**ONLINE, "id": "papier", "text": "Neuer Text."})
    assert status == 400 and "Schritt papier gibt es schon: eine andere Kennung wählen" in html
    assert 'value="papier"' in _feld(html, "s-online-id") and "Neuer Text." in _feld(html, "s-online-text")


def test_schritt_einfuegen_mit_vergebener_kennung_behaelt_die_eingabe(db_katalog: None, anmelden: Anmelden,
                                                                       benutzer: Any) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    antwort = anmelden("redaktion").post(f"/redaktion/entwuerfe/{e.pk}/anfuegen/", {
        "neu-schritt_id": "papier", "neu-art": "hinweis", "neu-text": "Frist: zwei Monate.", "neu-weiter": "versandt",
        "neu-hinter": "erhoehung", "neu-version": e.version, "quelltext": e.text}, **HTMX)
    html = antwort.content.decode()
    assert antwort.status_code == 400 and Entwurf.objects.get(pk=e.pk).text == e.text
    assert 'aria-describedby="neu-schritt_id-fehler"' in _feld(html, "neu-schritt_id")
    assert 'value="papier"' in _feld(html, "neu-schritt_id") and "Frist: zwei Monate." in _feld(html, "neu-text")
    assert '<option value="erhoehung" selected>' in html and "Schritt papier gibt es schon" in html


def test_leere_werte_im_quelltext_heissen_darf_nicht_leer_sein(db_katalog: None, benutzer: Any) -> None:
    redakteur = benutzer("redaktion", "erste")
    e = entwurf_3307(redakteur)
    text = feld_setzen(feld_setzen(e.text, "online", "fakt", ""), "stufe", "abfrage", "")
    text = text.replace('weisung: "202003006"', 'weisung: ""')
    e, pruefung = entwurf_speichern(redakteur, e.pk, katalog_aus_datenbank(), text=text, version=e.version)
    meldungen = {b.feld: b.meldung for b in pruefung.befunde}
    assert meldungen["schritte.online.fakt"] == "Fakt darf nicht leer sein: einen Fakt aus content/fakten.yaml wählen"
    assert meldungen["schritte.stufe.abfrage"] == "Abfrage darf nicht leer sein: eine Abfrage aus der Liste wählen"
    assert meldungen["weisung"] == 'Weisung darf nicht leer sein: die Nummer der Weisung eintragen, z. B. ' \
                                   'weisung: "202003006"'
    assert not any(".yaml fehlt" in m or "unbekannter Fakt" in m or "unbekannte Abfrage" in m
                   for m in meldungen.values())


def test_leerer_text_einer_frage_ist_ein_befund(db_katalog: None, benutzer: Any) -> None:
    redakteur = benutzer("redaktion", "erste")
    e = entwurf_3307(redakteur)
    text = feld_setzen(e.text, "online", "text", "")
    _, pruefung = entwurf_speichern(redakteur, e.pk, katalog_aus_datenbank(), text=text, version=e.version)
    assert [(b.feld, b.meldung) for b in pruefung.befunde] == [
        ("schritte.online.text", "Text darf nicht leer sein: die Frage eintragen, wie die Beschäftigten sie stellen")]


# --- 8: das Feld „Aktion“ -----------------------------------------------------------------------------

@pytest.mark.parametrize("eingabe", ["atv:termin_verschieben", "atv: termin verschieben", "ATV/termin_verschieben",
                                     "ATV (Terminverwaltung): termin verschieben"])
def test_aktion_mit_doppelpunkt_wird_verstanden(db_katalog: None, anmelden: Anmelden, benutzer: Any,
                                                eingabe: str) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    status, _ = _post_schritt(anmelden("redaktion"), e, {**PAPIER, "aktion": eingabe, "param-0-name": "termin_id",
                                                         "param-0-wert": "T1"})
    assert status == 302
    assert "    system: atv\n    vorgang: termin_verschieben\n" in Entwurf.objects.get(pk=e.pk).text


def test_unbekannte_aktion_mit_meinten_sie(db_katalog: None, anmelden: Anmelden, benutzer: Any) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    c = anmelden("redaktion")
    status, html = _post_schritt(c, e, {**PAPIER, "aktion": "versand:papierantrg"})
    assert status == 400 and Entwurf.objects.get(pk=e.pk).text == e.text
    assert "Aktion versand/papierantrg gibt es nicht in der Aktions-Registry. Meinten Sie versand/papierantrag?" in html
    assert 'value="versand:papierantrg"' in _feld(html, "s-papier-aktion")             # so, wie eingegeben
    status, html = _post_schritt(c, e, {**PAPIER, "aktion": "papierantrag"})
    assert "Aktion „papierantrag“: System und Vorgang mit / trennen, z. B. atv/termin_verschieben. " \
           "Meinten Sie versand/papierantrag?" in html
    status, html = _post_schritt(c, e, {**PAPIER, "aktion": ""})
    assert "Aktion darf nicht leer sein: System/Vorgang eintragen, z. B. atv/termin_verschieben." in html


def test_beschriftung_und_vorschlaege_zeigen_das_format(db_katalog: None, anmelden: Anmelden, benutzer: Any) -> None:
    e = entwurf_3307(benutzer("redaktion", "erste"))
    html = anmelden("redaktion").get(f"/redaktion/entwuerfe/{e.pk}/").content.decode()
    assert "Fachverfahren: Vorgang" not in html and ">Aktion (System/Vorgang)</label>" in html
    assert "Form System/Vorgang, z. B. atv/termin_verschieben" in html
    liste = re.search(r'<datalist id="liste-aktionen">(.*?)</datalist>', html, re.S)
    assert liste and '<option value="atv/termin_verschieben">ATV (Terminverwaltung), Vorgang „termin verschieben“' \
                     '</option>' in liste[1]
    assert not re.search(r">[^<]*: [^<]*</option>", liste[1])                      # kein „System: Vorgang“ mehr
