"""Befunde aus dem Rundgang einer Teamleitung durch die Anlagen 5 und 7 (Demodaten von `make run`):
Abgaben aus dem aufgezeichneten Weg statt aus dem Ergebnis (domain.md A12), Datumsbereich, Ergänzung eines
fehlenden Beginns oder Endes, Zeiträume vor der Weisung, CSV der Anlage 7, Zähler und Nenner zu jedem Prozentwert,
QS-Quoten nach Standortgruppe und Zeit zur Weisung, Maßnahmen je Standort."""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Sum
from django.test import Client

from kundenportal import zeit
from kundenportal.fuehrung import services
from kundenportal.fuehrung.anlage7 import anlage7, anlage7_vorgabe
from kundenportal.fuehrung.csv_export import ANLAGE7_KOPF
from kundenportal.fuehrung.demo import demo_kontakte_anlegen
from kundenportal.fuehrung.kennzahlen import SGB3_KANAELE, Zeitraum, ZeitraumFehler, anlage5
from kundenportal.fuehrung.kennzahlen_zeit import BERLIN
from kundenportal.fuehrung.models import Massnahme, Tageszahl, Verdichtungsstand
from kundenportal.fuehrung.verdichtung import verdichten
from kundenportal.gespraech.models import Kontakt
from kundenportal.qs import queries as qs_queries

pytestmark = pytest.mark.django_db
VON, BIS = dt.date(2020, 2, 1), dt.date(2020, 4, 30)
BEREICH = "Bitte ein Datum zwischen dem 01.01.2000 und dem 31.12.2100 angeben."


@pytest.fixture
def demo(db: Any) -> int:
    return demo_kontakte_anlegen()          # wie `make run`: 380 Gespräche und die QS-Stichprobe März in Nürnberg


def _zeile(b: Any, titel: str) -> Any:
    return next(z for z in b.zeilen if z.titel == titel)


def _abgaben_aus_dem_weg(kontakt: Kontakt) -> set[str]:
    """Die Backoffices, an die der aufgezeichnete Weg abgegeben hat — unabhängig vom Code gelesen."""
    lauf = kontakt.lauf
    stellen = set()
    for eintrag in lauf.get("protokoll", []):
        if eintrag.startswith("auftrag:"):
            satz = lauf["auftraege"][eintrag.removeprefix("auftrag:")]
            if satz.get("system") == "aufgaben":
                stellen.add(satz["an"])
            elif satz.get("system") == "telefonie":
                stellen.add("bns")
    return stellen


# --- 1. Abgabequote und Erstkontaktlösung: eine Aufgabe an OS AlgPlus ist eine Abgabe, gleich welches Ergebnis --

def test_aufgabe_an_os_algplus_zaehlt_als_abgabe_auch_bei_abmeldung(demo: int) -> None:
    sgb3 = list(Kontakt.objects.filter(kanal__in=SGB3_KANAELE))
    os_algplus = [k for k in sgb3 if "os_algplus" in _abgaben_aus_dem_weg(k)]
    # Die Lage aus dem Rundgang: die meisten Aufgaben an OS AlgPlus enden als Abmeldung oder Statuswechsel.
    assert len(os_algplus) == 22
    assert sum(k.ergebnis == "an_os_algplus_abgegeben" for k in os_algplus) == 2
    assert {k.ergebnis for k in os_algplus} >= {"abmeldung_erfasst", "an_os_algplus_abgegeben"}
    assert all("Aufgabe an OS AlgPlus" in k.vermerk for k in os_algplus if k.ergebnis != "an_os_algplus_abgegeben")

    b = anlage5(Zeitraum(VON, BIS))
    quote = _zeile(b, "Abgabequote an OS AlgPlus")
    assert sum(t for t, _ in quote.anteile) == 22
    bns = _zeile(b, "Abgabequote an Betriebsnummern-Service")
    assert sum(t for t, _ in bns.anteile) == sum("bns" in _abgaben_aus_dem_weg(k) for k in sgb3)
    geloest = sum(not _abgaben_aus_dem_weg(k) and k.ergebnis not in ("abbruch_identitaet", "abgebrochen", "")
                  for k in sgb3)
    erstkontakt = _zeile(b, "Erstkontaktlösung (abgeschlossen ohne Abgabe)")
    assert sum(t for t, _ in erstkontakt.anteile) == geloest
    assert sum(g for _, g in erstkontakt.anteile) == len(sgb3)


def _lauf(schluessel: str, satz: dict[str, Any]) -> dict[str, Any]:
    return {"fassung": "x", "antworten": {}, "auftraege": {schluessel: satz}, "protokoll": [f"auftrag:{schluessel}"]}


def _kontakt(user: Any, leitfaden: str, ergebnis: str, lauf: dict[str, Any], kanal: str = "sc3") -> Kontakt:
    ende = dt.datetime(2020, 3, 24, 9, tzinfo=BERLIN)
    return Kontakt.objects.create(user=user, kanal=kanal, standort="Nürnberg", leitfaden=leitfaden,
                                  stand=dt.date(2020, 3, 20), weisung="202003006", lauf=lauf, vermerk="Vermerk",
                                  status=Kontakt.ABGESCHLOSSEN, ergebnis=ergebnis, abgeschlossen=ende)


def _abgaben() -> dict[tuple[str, str], int]:
    verdichten()
    return {(z["ergebnis"], z["abgabe"]): z["n"] for z in Tageszahl.objects.values("ergebnis", "abgabe")
            .annotate(n=Sum("anzahl")).order_by()}


def test_verdichtung_erkennt_die_abgabe_am_lauf_auch_eingebunden(benutzer: Callable[..., Any]) -> None:
    agent = benutzer("agent_sc3")
    _kontakt(agent, "SC 3.004a", "abmeldung_erfasst",
             _lauf("os_algplus", {"system": "aufgaben", "vorgang": "erstellen", "an": "os_algplus", "aufgabe": 1}))
    _kontakt(agent, "FK 4.101b", "online_antrag_moeglich", kanal="scfk",   # Abgabe im eingebundenen FK 4.001
             lauf=_lauf("eroeffnung/qs_abgabe", {"system": "aufgaben", "vorgang": "erstellen", "an": "fk_direktion_qs"}))
    _kontakt(agent, "SC 3.004a", "abmeldung_erfasst", {})                 # ohne Aufgabe
    _kontakt(agent, "SC 3.017", "an_bns_weitergeleitet", {})              # ohne Lauf: das Ergebnis nennt die Abgabe
    assert _abgaben() == {("abmeldung_erfasst", "os_algplus"): 1, ("online_antrag_moeglich", "fk_direktion_qs"): 1,
                          ("abmeldung_erfasst", ""): 1, ("an_bns_weitergeleitet", "bns"): 1}
    b = anlage5(Zeitraum(dt.date(2020, 3, 24), dt.date(2020, 3, 24), "Nürnberg"))
    andere_ab = 3                                                          # Nürnberg, ab dem 20.03.2020
    assert _zeile(b, "Abgabequote an OS AlgPlus").anteile[andere_ab] == (1, 3)   # SGB III: drei Kontakte
    assert _zeile(b, "Abgabequote an Betriebsnummern-Service").anteile[andere_ab] == (1, 3)
    assert _zeile(b, "Erstkontaktlösung (abgeschlossen ohne Abgabe)").anteile[andere_ab] == (1, 3)


def test_migration_zaehlt_bestehende_tageszahlen_neu(benutzer: Callable[..., Any]) -> None:
    agent = benutzer("agent_sc3")
    _kontakt(agent, "SC 3.004a", "abmeldung_erfasst",
             _lauf("os_algplus", {"system": "aufgaben", "vorgang": "erstellen", "an": "os_algplus"}))
    _kontakt(agent, "SC 3.004a", "an_os_algplus_abgegeben", {})
    verdichten()
    Tageszahl.objects.update(abgabe="")           # so stand es vor der Migration: nur das Ergebnis zählte
    migration = importlib.import_module("kundenportal.fuehrung.migrations.0003_abgabe_je_tageszahl")
    stand = Verdichtungsstand.objects.get().bis
    migration.abgaben_nachtragen(apps, None)
    assert Verdichtungsstand.objects.get().bis == stand        # keine Neuzählung in der nächsten Anfrage
    assert set(Tageszahl.objects.values_list("ergebnis", "abgabe")) == {("abmeldung_erfasst", ""),
                                                                       ("an_os_algplus_abgegeben", "os_algplus")}
    ausgabe = io.StringIO()
    call_command("tageszahlen_neu", "--je-transaktion", "1", stdout=ausgabe)   # nach dem Deployment
    assert "Tageszahlen neu gezählt: 1 Tage" in ausgabe.getvalue()
    assert set(Tageszahl.objects.values_list("ergebnis", "abgabe")) == {("abmeldung_erfasst", "os_algplus"),
                                                                       ("an_os_algplus_abgegeben", "os_algplus")}
    assert _abgaben() == {("abmeldung_erfasst", "os_algplus"): 1, ("an_os_algplus_abgegeben", "os_algplus"): 1}


# --- 2. Datum außerhalb von 2000–2100: Feldfehler, nie 500 --------------------------------------------------------

@pytest.mark.parametrize("seite", ["/fuehrung/anlage-5/", "/fuehrung/anlage-7/"])
@pytest.mark.parametrize("anfrage", [{"von": "30.12.9999", "bis": "31.12.9999"}, {"von": "30.12.9999"},
                                     {"bis": "31.12.9999"}, {"von": "01.01.1999", "format": "csv"}])
def test_datum_ausserhalb_des_bereichs_ist_ein_feldfehler(anmelden: Callable[..., Client], seite: str,
                                                           anfrage: dict[str, str]) -> None:
    antwort = anmelden("teamleitung").get(seite, anfrage)
    html = antwort.content.decode()
    assert antwort.status_code == 400
    feld = "von" if "von" in anfrage else "bis"
    assert f'<p class="kern-error" id="id_{feld}_error">' in html and BEREICH in html
    assert f"{'Von' if feld == 'von' else 'Bis'} (TT.MM.JJJJ): {BEREICH}" in html       # auch in der Meldung oben


def test_api_und_zeitraum_lehnen_datum_ausserhalb_ab(anmelden: Callable[..., Client]) -> None:
    with pytest.raises(ZeitraumFehler, match=re.escape(f"Von (30.12.9999): {BEREICH}")):
        anlage5(Zeitraum(dt.date(9999, 12, 30), dt.date(9999, 12, 31)))
    client = anmelden("teamleitung")
    for pfad in ("/api/fuehrung/anlage5", "/api/fuehrung/anlage7"):
        for anfrage in ({"von": "9999-12-30", "bis": "9999-12-31"}, {"von": "9999-12-30"}, {"bis": "1999-12-31"}):
            antwort = client.get(pfad, anfrage)
            assert antwort.status_code == 400, (pfad, anfrage)
            assert antwort.json()["code"] == "ungueltige_anfrage" and BEREICH in antwort.json()["meldung"]


# --- 4. Fehlt Beginn oder Ende: sinnvoll ergänzt, das Formular zeigt den angewandten Zeitraum -------------------

def _eingaben(html: str) -> tuple[str, str]:
    von = re.search(r'<input type="text" name="von" value="([^"]*)"', html)
    bis = re.search(r'<input type="text" name="bis" value="([^"]*)"', html)
    assert von and bis, "Von und Bis zeigen einen Wert"
    return von.group(1), bis.group(1)


def test_fehlendes_ende_oder_beginn_wird_ergaenzt_und_angezeigt(anmelden: Callable[..., Client]) -> None:
    client = anmelden("teamleitung")
    for seite in ("/fuehrung/anlage-5/", "/fuehrung/anlage-7/"):
        ohne = client.get(seite)
        # Anlage 5: das Fenster um den Weisungstag; Anlage 7: die letzten drei Monate bis heute (anlage7_vorgabe)
        vorgabe = (("01.02.2020", "30.04.2020") if "5" in seite else
                   tuple(f"{t:%d.%m.%Y}" for t in anlage7_vorgabe(zeit.heute())))
        assert ohne.status_code == 200 and _eingaben(ohne.content.decode()) == vorgabe
        nur_von = client.get(seite, {"von": "01.06.2020"})
        html = nur_von.content.decode()
        assert nur_von.status_code == 200 and "liegt vor dem Beginn" not in html
        assert _eingaben(html) == ("01.06.2020", "31.08.2020")
        assert "Zeitraum 01.06.2020 bis 31.08.2020, alle Standorte" in html
        nur_bis = client.get(seite, {"bis": "30.04.2020", "standort": "Fürth"})
        assert _eingaben(nur_bis.content.decode()) == ("01.02.2020", "30.04.2020")
        assert '<option value="Fürth" selected>' in nur_bis.content.decode()
    api = client.get("/api/fuehrung/anlage5", {"von": "2020-06-15"}).json()
    assert (api["von"], api["bis"]) == ("2020-06-15", "2020-08-31")
    assert client.get("/api/fuehrung/anlage7", {"bis": "2020-03-10"}).status_code == 200


# --- 5. Zeiträume vor der Weisung: erklärt statt still leer oder gekürzt -----------------------------------------

def test_zeitraum_vor_der_weisung_erklaert_anlage7_und_zeigt_alle_zeilen_der_anlage5(
        demo: int, anmelden: Callable[..., Client]) -> None:
    client = anmelden("teamleitung")
    vorher = {"von": "01.02.2020", "bis": "19.03.2020"}
    html = client.get("/fuehrung/anlage-7/", vorher).content.decode()
    assert ("Die Weisung 202003006 gilt ab dem 20.03.2020; der Zeitraum endet am 19.03.2020. Bis dahin gilt die "
            "Anlage 7 in der Fassung vom 20.12.2019 ohne ihre Regeln") in html
    assert "Bitte einen Zeitraum wählen, der den 20.03.2020 einschließt" in html
    assert "Keine Regeln" not in client.get("/fuehrung/anlage-7/", {"von": "01.02.2020"}).content.decode()

    html = client.get("/fuehrung/anlage-5/", vorher).content.decode()
    tabelle = html.split('id="a5-tabelle"')[1].split("</table>")[0]
    hinweis = ("Erst in der Anlage 5 ab dem 20.03.2020 (Weisung 202003006); im Zeitraum gilt die Fassung vom "
               "20.12.2019. Die Werte zeigen den Stand vor der Weisung zum Vergleich.")
    for titel in ("Terminkontakte: Termin „abgesagt“ im ATV", "Insolvenzgeld: online (statt Papierantrag)"):
        zeile = tabelle.split(titel)[1].split("</tr>")[0]
        assert hinweis in zeile, titel
    assert tabelle.count(hinweis) == 2                       # nur diese beiden kommen erst mit der Weisung
    api = client.get("/api/fuehrung/anlage5", {"von": "2020-02-01", "bis": "2020-03-19"}).json()
    assert {z["kennzahl"]: z["hinweis"] for z in api["kennzahlen"]}["terminabsagen"] == hinweis


# --- 6. CSV der Anlage 7 -------------------------------------------------------------------------------------------

def _csv(antwort: Any) -> list[list[str]]:
    """Die Tabelle der Anlage 7 ab ihrer Kopfzeile (davor stehen Titel und Filter, tests/fuehrung/test_csv_anlage7.py)."""
    assert antwort["Content-Type"] == "text/csv; charset=utf-8"
    zeilen = list(csv.reader(io.StringIO(antwort.content.decode("utf-8-sig")), delimiter=";"))
    return zeilen[zeilen.index(ANLAGE7_KOPF):]


def test_anlage7_als_csv_folgt_dem_filter(demo: int, anmelden: Callable[..., Client]) -> None:
    client = anmelden("teamleitung", standort="Nürnberg")
    client.post("/fuehrung/anlage-7/", {"regel": "2.2 a) 2", "text": "Vorteilsübersetzung üben"})
    antwort = client.get("/fuehrung/anlage-7/", {"von": "01.02.2020", "bis": "30.04.2020", "format": "csv"})
    assert antwort["Content-Disposition"] == 'attachment; filename="anlage7_sgb3_20200201_20200430.csv"'
    zeilen = _csv(antwort)
    assert zeilen[0] == ANLAGE7_KOPF and all(len(z) == len(ANLAGE7_KOPF) for z in zeilen)
    r = {x.regel: x for x in anlage7(Zeitraum(VON, BIS))}["2.2 a) 2"]
    a2 = [z for z in zeilen if z[0] == "2.2 a) 2"]
    assert ["Kontakte", "Andere Standorte ab 20.03.2020", str(r.kontakte[3]), "Anzahl"] in [z[2:6] for z in a2]
    weg = next(z for z in a2 if z[2] == "Weg über die Schritte der Regel" and z[3] == "Andere Standorte ab 20.03.2020")
    assert weg[4] == f"{r.umgesetzt[3]:g}".replace(".", ",") and (weg[6], weg[7]) == tuple(map(str, r.wege[3]))
    assert any(z[2].startswith("QS Anlage 2.2.1: ") and z[3] == "alle gewählten Gruppen" for z in a2)
    assert any(z[2].startswith("Maßnahme vom ") and z[3:5] == ["Nürnberg", "Vorteilsübersetzung üben"] for z in a2)
    pilot = _csv(client.get("/fuehrung/anlage-7/", {"gruppe": "pilot", "phase": "ab", "format": "csv"}))
    assert {z[3] for z in pilot[1:] if z[2] == "Kontakte"} == {"Pilotstandorte ab 20.03.2020"}
    vorher = _csv(client.get("/fuehrung/anlage-7/", {"von": "01.02.2020", "bis": "19.03.2020", "format": "csv"}))
    assert vorher == [ANLAGE7_KOPF]


# --- 7. Prozentwerte mit Zähler und Nenner; 3. QS-Quoten nach Standortgruppe und Zeit zur Weisung -------------

def test_prozentwerte_zeigen_zaehler_und_nenner(demo: int, anmelden: Callable[..., Client]) -> None:
    client = anmelden("teamleitung")
    html = client.get("/fuehrung/anlage-5/", {"von": "01.02.2020", "bis": "30.04.2020"}).content.decode()
    b = anlage5(Zeitraum(VON, BIS))
    for z in b.zeilen:
        if z.einheit == "Prozent":
            w, (teil, ganz) = z.werte[3], z.anteile[3]
            assert w is not None
            zelle = f"{w:g}".replace(".", ",") + f" % ({teil} von {ganz})"
            zeile = re.sub(r"<[^>]+>", "", html.split(z.titel, 1)[1].split("</tr>")[0])  # Zähler verlinkt
            assert zelle in zeile, z.titel
    assert "42,9 % (3 von 7)" in re.sub(r"<[^>]+>", "", html)                                   # Insolvenzgeld online, andere ab
    html = client.get("/fuehrung/anlage-7/", {"von": "01.02.2020", "bis": "30.04.2020"}).content.decode()
    r = {x.regel: x for x in anlage7(Zeitraum(VON, BIS))}["2.2 a) 2"]
    teil, ganz = r.wege[3]
    assert f"{r.umgesetzt[3]:g}".replace(".", ",") + f" % ({teil} von {ganz})" in re.sub(r"<[^>]+>", "", html)
    # QS 2.2.1:a2_abgesagt, die Stichprobe März in Nürnberg
    assert '(Anlage 2.2.1)</th><td class="kern-table__cell">100 % (3 von 3)</td>' in html


def test_qs_quoten_folgen_standortgruppe_und_zeit_zur_weisung(demo: int, anmelden: Callable[..., Client]) -> None:
    def qs(**filter_: Any) -> dict[str, tuple[int, int]]:
        return {q.kriterium: (q.erfuellt, q.bewertet) for r in anlage7(Zeitraum(VON, BIS, **filter_)) for q in r.qs}

    def erwartet(von: dt.date, bis: dt.date, standort: str | None = None) -> dict[str, tuple[int, int]]:
        zahlen = {q.schluessel: (q.quote.erfuellt, q.quote.bewertet)
                  for q in qs_queries.quoten(standort=standort, von=von, bis=bis)}
        return {k: zahlen.get(k, (0, 0)) for k in qs()}

    alle = qs()
    assert alle["2.2.1:a2_abgesagt"] == (3, 3)              # die Stichprobe März in Nürnberg (kein Pilotstandort)
    assert alle == erwartet(VON, BIS)
    assert all(b == 0 for _, b in qs(gruppe="pilot").values())
    assert qs(gruppe="andere") == alle
    assert qs(phase="vor") == erwartet(VON, dt.date(2020, 3, 19)) and qs(phase="vor")["2.2.1:a2_abgesagt"] == (0, 0)
    assert qs(phase="ab") == erwartet(dt.date(2020, 3, 20), BIS)
    assert qs(standort="Fürth") == erwartet(VON, BIS, "Fürth")
    client = anmelden("teamleitung")
    for filter_ in ({"gruppe": "pilot"}, {"phase": "vor"}):
        html = client.get("/fuehrung/anlage-7/", filter_).content.decode()
        assert '(Anlage 2.2.1)</th><td class="kern-table__cell">noch nicht bewertet</td>' in html


# --- 8. Maßnahmen: nur für den eigenen Standort, fremde ohne Namen ----------------------------------------------

def test_massnahme_nur_fuer_den_eigenen_standort(demo: int, anmelden: Callable[..., Client],
                                                 benutzer: Callable[..., Any]) -> None:
    client = anmelden("teamleitung", standort="Nürnberg")
    fuerth = client.get("/fuehrung/anlage-7/", {"standort": "Fürth"}).content.decode()
    assert "Maßnahme zu 2.2 a) 2 festhalten" not in fuerth
    meldung = ("Maßnahmen halten Sie nur für Ihren Standort Nürnberg fest, nicht für Fürth. Bitte den Standort "
               "Nürnberg (oder alle Standorte) wählen.")
    assert meldung in fuerth
    antwort = client.post("/fuehrung/anlage-7/?standort=F%C3%BCrth",
                          {"regel": "2.2 a) 2", "standort": "Fürth", "text": "In Fürth üben"}, follow=True)
    assert meldung in antwort.content.decode().split('id="regel-1"')[0]    # die Meldung nach dem Absenden
    assert not Massnahme.objects.exists()

    alle = client.get("/fuehrung/anlage-7/").content.decode()
    assert "Gilt für Ihren Standort Nürnberg." in alle
    client.post("/fuehrung/anlage-7/", {"regel": "2.2 a) 2", "standort": "", "text": "Im Team üben"})
    client.post("/fuehrung/anlage-7/?standort=N%C3%BCrnberg",
                {"regel": "2.2 a) 3", "standort": "Nürnberg", "text": "Rentenarten wiederholen"})
    assert set(Massnahme.objects.values_list("regel", "standort")) == {("2.2 a) 2", "Nürnberg"),
                                                                       ("2.2 a) 3", "Nürnberg")}
    tl_fuerth = benutzer("teamleitung", "tl-fuerth", standort="Fürth")
    services.massnahme_festhalten(tl_fuerth, weisung="202003006", regel="2.2 a) 2", text="Absage im ATV zeigen",
                                  jetzt=dt.datetime(2020, 4, 2, 10, tzinfo=BERLIN), fuer_standort="Fürth")
    alle = client.get("/fuehrung/anlage-7/").content.decode()
    assert "Absage im ATV zeigen (Fürth, 02.04.2020)" in alle and "tl-fuerth" not in alle   # fremder Standort: ohne Namen
    assert "Im Team üben (Nürnberg, " in alle and "teamleitung_Nürnberg)" in alle            # eigener: mit Namen
    pilot = client.get("/fuehrung/anlage-7/", {"gruppe": "pilot"}).content.decode()
    assert "Absage im ATV zeigen" in pilot and "Im Team üben" not in pilot
    fuerth = client.get("/fuehrung/anlage-7/", {"standort": "Fürth"}).content.decode()
    assert "Absage im ATV zeigen" in fuerth and "Im Team üben" not in fuerth


def test_csv_fuehrt_keine_formeln_aus() -> None:
    """Eine Maßnahme „=HYPERLINK(…)“ steht in der CSV als Text, Zahlen bleiben Zahlen."""
    from kundenportal.fuehrung.csv_export import _csv

    text = _csv([["=HYPERLINK(\"http://x\")", "+1+1", "@SUMME(A1)", "-3,5", "12", "normal"]])
    zeile = next(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert zeile == ["'=HYPERLINK(\"http://x\")", "'+1+1", "'@SUMME(A1)", "-3,5", "12", "normal"]


def test_anlage7_qs_nur_aus_dem_eigenen_rechtskreis(monkeypatch: pytest.MonkeyPatch,
                                                    anmelden: Callable[..., Client]) -> None:
    """Die QS-Quoten der Anlage 7 rechnet die Seite nur über die Kanäle des Rechtskreises der Teamleitung."""
    from kundenportal.qs import queries as qs_queries

    gesehen: list[object] = []
    echt = qs_queries.quoten

    def quoten(**kw: Any) -> Any:
        gesehen.append(kw.get("kanaele"))
        return echt(**kw)

    monkeypatch.setattr(qs_queries, "quoten", quoten)
    antwort = anmelden("teamleitung").get("/fuehrung/anlage-7/", {"von": "01.03.2020", "bis": "30.04.2020"})
    assert antwort.status_code == 200 and gesehen
    assert all(k is not None and "scfk" not in k and "sc3" in k for k in gesehen)
