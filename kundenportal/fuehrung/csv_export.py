"""CSV der Anlagen 5 und 7 (Semikolon, UTF-8 mit BOM für Tabellenprogramme; Dezimalkomma); ein leerer Zeitraum
ergibt die Kopfzeile und leere Werte — immer gültiges CSV.

Anlage 5: zuerst der Filter, für den die Datei gemacht ist (Zeilen „Filter;Wert“), dann eine Zeile je Kennzahl
mit Wert, Zähler und Nenner je Vergleichsgruppe des Filters, zuletzt der E-Mail-Rückstand des ganzen Postfachs.
Anlage 7: derselbe Filter davor (`_vorspann`), dann eine Zeile je Regel, Angabe und Vergleichsgruppe (lang statt
breit: die QS-Quote gilt für alle gewählten Gruppen zusammen, eine Maßnahme für ihren Standort — eine Spalte je Gruppe
passte für sie nicht); Prozentwerte mit Zähler und Nenner."""

from __future__ import annotations

import datetime as dt

from django.utils.timezone import localtime

from kundenportal.arbeitsmittel.modell import Arbeitsmittel
from kundenportal.csvdatei import csv_text as _csv
from kundenportal.konten.rollen import KANAL_NAMEN

from .anlage7 import Regelzeile, prozent
from .kennzahlen import (
    GRUPPEN,
    PHASEN,
    SGB3_KANAELE,
    Bericht,
    Zeitraum,
    gruppe_des_standorts,
    rueckstand_zeitpunkt,
)
from .kennzahlen_zeit import WEISUNG_TAG


def _zahl(w: float | None) -> str:
    return "" if w is None else f"{w:g}".replace(".", ",")


ANLAGE5_TITEL = "Anlage 5: Steuerungsübersicht der Teamleitung (Arbeitshilfe operative Führungsprozesse SGB III)"
ANLAGE5_KOPF = ["Kennzahl", "Einheit"]       # Anfang der Kopfzeile der Kennzahlen (danach die Gruppen)


def _filterzeilen(z: Zeitraum, kanaele: list[str] | None) -> list[list[str]]:
    """Für welchen Filter die Datei gemacht ist, lesbar: Zeitraum, Standort, Standortgruppe (bei einem Standort
    seine, `gruppe_des_standorts`), Zeit zur Weisung, Kanäle (Namen, keine Codes) — immer dieselben Zeilen, ein
    leerer Filter heißt „alle …“."""
    if z.kanal:
        gezaehlt = KANAL_NAMEN.get(z.kanal, z.kanal)
    else:
        gezaehlt = ", ".join(KANAL_NAMEN.get(k, k) for k in (SGB3_KANAELE if kanaele is None else kanaele)) or "keine"
    return [["Zeitraum", f"{z.von:%d.%m.%Y} bis {z.bis:%d.%m.%Y}"],
            ["Standort", z.standort or "alle Standorte"],
            ["Standortgruppe", GRUPPEN[gruppe_des_standorts(z).gruppe]],
            ["Zeit zur Weisung", PHASEN[z.phase]],
            ["Kanäle", gezaehlt]]


def _vorspann(titel: str, anlage: str, z: Zeitraum, kanaele: list[str] | None, fassung: Arbeitsmittel | None,
              erstellt: dt.datetime | None) -> list[list[str]]:
    """Was vor der Tabelle einer Anlage steht (Anlage 5 und 7 gleich): der Titel, die Zeilen „Filter;Wert“
    (`_filterzeilen`), die geltende Fassung der Anlage (`fassung`; None: keine Zeile) und wann die Datei erstellt
    ist (`erstellt`; None: keine Zeile), dann eine Leerzeile."""
    kopf = [["Filter", "Wert"], *_filterzeilen(z, kanaele)]
    if fassung is not None:
        kopf.append([f"Fassung der {anlage}", f"Stand {fassung.stand:%d.%m.%Y}"])
    if erstellt is not None:
        kopf.append(["Erstellt am", f"{localtime(erstellt):%d.%m.%Y %H:%M}"])
    return [[titel], *kopf, []]


def anlage5_csv(bericht: Bericht, kanaele: list[str] | None = None, fassung: Arbeitsmittel | None = None,
                erstellt: dt.datetime | None = None) -> str:
    """Wie die Seite, mit dem Filter davor (`_vorspann`; `kanaele`: die gezählten Kanäle der Teamleitung, None: alle
    des SGB III; `fassung`: die Anlage 5, die gilt; `erstellt`: wann), dann je Kennzahl eine Zeile mit Wert, Zähler
    und Nenner je Vergleichsgruppe des Filters (nur Prozent hat beide; die mittlere Bearbeitungszeit im Nenner die
    gemittelten Kontakte; eine Anzahl keinen) und dem Hinweis der Seite. Zuletzt, als eigener Abschnitt, der
    E-Mail-Rückstand: eine Zahl für das ganze Kundenpostfach, nicht je Gruppe."""
    z = bericht.zeitraum
    spalten = [t for name in bericht.spalten_namen for t in (name, f"{name}: Zähler", f"{name}: Nenner")]
    zeilen = [*_vorspann(ANLAGE5_TITEL, "Anlage 5", z, kanaele, fassung, erstellt),
              [*ANLAGE5_KOPF, *spalten, "Hinweis"]]
    for zl in bericht.zeilen:
        werte: list[str] = []
        for i, w in enumerate(zl.werte):
            if zl.einheit == "Prozent" and zl.anteile:
                teil, ganz = zl.anteile[i]
                werte += [_zahl(w), str(teil), str(ganz)]
            elif zl.einheit == "Minuten" and zl.kontakte:
                werte += [_zahl(w), "", str(zl.kontakte[i])]
            else:
                werte += [_zahl(w), "", ""]
        einheit = "Minuten (Mittel über die Kontakte im Nenner)" if zl.einheit == "Minuten" else zl.einheit
        zeilen.append([zl.titel, einheit, *werte, zl.hinweis])
    if bericht.rueckstand_mails is not None:
        tag = (rueckstand_zeitpunkt(z) - dt.timedelta(days=1)).date()
        zeilen += [[], ["Ohne Standortbezug: Das Kundenpostfach ist nicht nach Standorten geteilt. Die Zahl gilt für "
                        "das ganze Postfach, gleich welche Standorte gefiltert sind."],
                   [*ANLAGE5_KOPF, "Ganzes Kundenpostfach"],
                   [f"E-Mail-Rückstand: Mails in der Warteschlange am {tag:%d.%m.%Y} (ganzes Kundenpostfach)",
                    "Mails", str(bericht.rueckstand_mails)]]
    return _csv(zeilen)


ANLAGE7_TITEL = "Anlage 7: Protokoll des Umsetzungsdialogs zur Weisung 202003006"
FREMDER_RECHTSKREIS = " Die Regel gehört zu einem anderen Rechtskreis; ihre Maßnahmen stehen nur in dessen Anlage 7."
ANLAGE7_KOPF = ["Regel", "Titel", "Angabe", "Gruppe", "Wert", "Einheit", "Zähler", "Nenner"]


def anlage7_csv(z: Zeitraum, regeln: list[Regelzeile], zustaendig: dict[str, str] | None = None,
                kanaele: list[str] | None = None, fassung: Arbeitsmittel | None = None,
                erstellt: dt.datetime | None = None) -> str:
    """Wie die Anlage 5 mit dem Filter davor (`_vorspann`; `kanaele`: die gezählten Kanäle der Teamleitung,
    `fassung`: die Anlage 7, die gilt), dann je Regel: Kontakte, Weg über die Schritte der Regel und (ab dem Tag)
    Anteil auf einer Fassung der Weisung je Vergleichsgruppe des Filters; die QS-Quote je Kriterium; die
    vereinbarten Maßnahmen. Eine Regel ohne Zahlen (sie misst keinen Kanal der Teamleitung) hat statt ihrer eine
    Zeile, die das sagt — mit `zustaendig` (Regel → „die Teamleitung Familienkasse“), wer ihre Zahlen sieht; gehört
    sie zu einem anderen Rechtskreis, fehlen auch ihre Maßnahmen (`FREMDER_RECHTSKREIS`, wie auf der Seite)."""
    zeilen = [*_vorspann(ANLAGE7_TITEL, "Anlage 7", z, kanaele, fassung, erstellt), ANLAGE7_KOPF]
    for r in regeln:
        kopf = [r.regel, r.titel]
        if not r.gezaehlt:
            wer = (zustaendig or {}).get(r.regel, "")
            zeilen.append([*kopf, "Keine Zahlen", "alle Gruppen",
                           f"Die Regel misst Kontakte der Kanäle {', '.join(KANAL_NAMEN.get(k, k) for k in r.kanaele)}, "
                           f"nicht Ihrer Kanäle{f'; die Zahlen dazu sieht {wer}' if wer else ''}."
                           + ("" if r.massnahmen_sichtbar else FREMDER_RECHTSKREIS), "Text", "", ""])
        for name_gruppe, teile in r.gruppen() if r.gezaehlt else ():
            for nach in (False, True):
                if not any(("pilot" if i == 0 else "andere", nach) in z.segmente for i in teile):
                    continue
                name = f"{name_gruppe} {'ab' if nach else 'vor dem'} {WEISUNG_TAG:%d.%m.%Y}"
                kontakte, (teil, ganz), auf = r.summe(teile, nach)
                zeilen.append([*kopf, "Kontakte", name, str(kontakte), "Anzahl", "", ""])
                zeilen.append([*kopf, "Weg über die Schritte der Regel", name,
                               _zahl(prozent(teil, ganz)) if not r.nicht_messbar else "nicht messbar", "Prozent",
                               str(teil), str(ganz)])
                if nach:
                    zeilen.append([*kopf, "Auf einer Fassung der Weisung", name, _zahl(prozent(*auf)), "Prozent",
                                   str(auf[0]), str(auf[1])])
        for q in r.qs:
            zeilen.append([*kopf, f"QS Anlage {q.anlage}: {q.text}", "alle gewählten Gruppen", _zahl(q.prozent),
                           "Prozent erfüllt", str(q.erfuellt), str(q.bewertet)])
        for m in r.massnahmen:
            zeilen.append([*kopf, f"Maßnahme vom {localtime(m.erstellt):%d.%m.%Y}", m.standort, m.text, "Text", "", ""])
    return _csv(zeilen)
