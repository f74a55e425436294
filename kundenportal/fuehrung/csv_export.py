"""CSV der Anlagen 5 und 7 (Semikolon, UTF-8 mit BOM für Tabellenprogramme; Dezimalkomma); ein leerer Zeitraum
ergibt die Kopfzeile und leere Werte — immer gültiges CSV.

Anlage 5: eine Zeile je Kennzahl, eine Spalte je Vergleichsgruppe. Anlage 7: eine Zeile je Regel, Angabe und
Vergleichsgruppe (lang statt breit: die QS-Quote gilt für alle gewählten Gruppen zusammen, eine Maßnahme für
ihren Standort — eine Spalte je Gruppe passte für sie nicht); Prozentwerte mit Zähler und Nenner."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable

from django.utils.timezone import localtime

from kundenportal.konten.rollen import KANAL_NAMEN

from .anlage7 import GRUPPEN, Regelzeile
from .kennzahlen import Bericht, Zeitraum, rueckstand_zeitpunkt, segment_name


def _zahl(w: float | None) -> str:
    return "" if w is None else f"{w:g}".replace(".", ",")


_FORMEL = ("=", "+", "-", "@", "\t", "\r")
_ZAHL = re.compile(r"^-?\d+(?:[.,]\d+)?$")


def _zelle(wert: str) -> str:
    """Kein Text, den eine Tabellenkalkulation als Formel ausführt (CSV-Injektion, etwa eine Maßnahme
    „=HYPERLINK(…)“): Text, der mit = + - @ Tab oder CR beginnt, bekommt ein ' davor; Zahlen bleiben."""
    return "'" + wert if wert.startswith(_FORMEL) and not _ZAHL.match(wert) else wert


def _csv(zeilen: Iterable[list[str]]) -> str:
    puffer = io.StringIO()
    schreiber = csv.writer(puffer, delimiter=";", lineterminator="\r\n")
    schreiber.writerows([_zelle(str(w)) for w in zeile] for zeile in zeilen)
    return "\ufeff" + puffer.getvalue()


def anlage5_csv(bericht: Bericht) -> str:
    """Wie die Seite: je Kennzahl eine Zeile, zuletzt der E-Mail-Rückstand — eine Zahl für das ganze Kundenpostfach
    (nicht je Gruppe), darum nur in der ersten Spalte der Gruppen."""
    zeilen = [["Kennzahl", "Einheit", *bericht.segment_namen],
              *([z.titel, z.einheit, *(_zahl(w) for w in z.werte)] for z in bericht.zeilen)]
    if bericht.rueckstand_mails is not None:
        tag = (rueckstand_zeitpunkt(bericht.zeitraum) - dt.timedelta(days=1)).date()
        zeilen.append([f"E-Mail-Rückstand: Mails in der Warteschlange am {tag:%d.%m.%Y} (ganzes Kundenpostfach)",
                       "Mails", str(bericht.rueckstand_mails), *([""] * (len(bericht.segment_namen) - 1))])
    return _csv(zeilen)


ANLAGE7_KOPF = ["Regel", "Titel", "Angabe", "Gruppe", "Wert", "Einheit", "Zähler", "Nenner"]


def anlage7_csv(z: Zeitraum, regeln: list[Regelzeile], zustaendig: dict[str, str] | None = None) -> str:
    """Je Regel: Kontakte, Weg über die Schritte der Regel und (ab dem Tag) Anteil auf einer Fassung der Weisung
    je Vergleichsgruppe des Filters; die QS-Quote je Kriterium; die vereinbarten Maßnahmen. Eine Regel ohne Zahlen
    (sie misst keinen Kanal der Teamleitung) hat statt ihrer eine Zeile, die das sagt — mit `zustaendig` (Regel →
    „die Teamleitung Familienkasse“), wer ihre Zahlen sieht."""
    zeilen = [ANLAGE7_KOPF]
    for r in regeln:
        kopf = [r.regel, r.titel]
        if not r.gezaehlt:
            wer = (zustaendig or {}).get(r.regel, "")
            zeilen.append([*kopf, "Keine Zahlen", "alle Gruppen",
                           f"Die Regel misst Kontakte der Kanäle {', '.join(KANAL_NAMEN.get(k, k) for k in r.kanaele)}, "
                           f"nicht Ihrer Kanäle{f'; die Zahlen dazu sieht {wer}' if wer else ''}.", "Text", "", ""])
        for i, (pilot, nach) in enumerate(GRUPPEN if r.gezaehlt else ()):
            gruppe = ("pilot" if pilot else "andere", nach)
            if gruppe not in z.segmente:
                continue
            name = segment_name(*gruppe)
            zeilen.append([*kopf, "Kontakte", name, str(r.kontakte[i]), "Anzahl", "", ""])
            teil, ganz = r.wege[i]
            zeilen.append([*kopf, "Weg über die Schritte der Regel", name, _zahl(r.umgesetzt[i]), "Prozent",
                           str(teil), str(ganz)])
            if nach:
                teil, ganz = r.auf_weisung_anteile[0 if pilot else 1]
                zeilen.append([*kopf, "Auf einer Fassung der Weisung", name, _zahl(r.auf_weisung[0 if pilot else 1]),
                               "Prozent", str(teil), str(ganz)])
        for q in r.qs:
            zeilen.append([*kopf, f"QS Anlage {q.anlage}: {q.text}", "alle gewählten Gruppen", _zahl(q.prozent),
                           "Prozent erfüllt", str(q.erfuellt), str(q.bewertet)])
        for m in r.massnahmen:
            zeilen.append([*kopf, f"Maßnahme vom {localtime(m.erstellt):%d.%m.%Y}", m.standort, m.text, "Text", "", ""])
    return _csv(zeilen)
