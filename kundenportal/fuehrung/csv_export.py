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

from .anlage7 import Regelzeile, prozent
from .kennzahlen import Bericht, Zeitraum, rueckstand_zeitpunkt
from .kennzahlen_zeit import WEISUNG_TAG


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
