"""Kennt der Katalog, was eine Fassung nennt? Schritte und Ziele, Ergebnisse, Fakten und ihre Optionen,
Optionen-Quellen, Abfragen, Systeme und Aktionen mit ihren Parametern und Rechten; Typfehler in Bedingungen und
Ausdrücken, unbekannte Platzhalter in Texten; Wege, die ohne Ergebnis enden."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from kundenportal.fachverfahren.ports.colibri import KUNDENPORTAL_RECHTE

from ..auftraege import ABFRAGEN, AKTIONEN, QUELLEN
from ..ausdruck import KONTEXT
from ..engine import PLATZHALTER, umgebung
from ..fehler import Befund
from ..katalog import Fassung, Katalog
from ..modell import Aktion, Einbinden, Ende, Frage, OptionenQuelle, Pruefung, Rueckkehr, nachfolger
from ..vokabular_zusatz import optionen_fuer
from .lauf import _hat_rueckkehr
from .registrierung import _befund, _feld, fassungspruefung


@fassungspruefung
def _verweise(katalog: Katalog, f: Fassung) -> Iterator[Befund]:
    daten = f.daten
    ids = [s.id for s in daten.schritte]
    gesehen = set(ids)
    if len(gesehen) < len(ids):
        for doppelt in sorted(i for i, n in Counter(ids).items() if n > 1):
            yield _befund(f, doppelt, "id", f"Schritt-id {doppelt} ist doppelt")
    if daten.start not in gesehen:
        yield Befund(f.datei, 1, "start", f"Start-Schritt {daten.start} gibt es nicht")
    ergebnisse = katalog.vokabular.ergebnisse
    for s in daten.schritte:
        ausgaenge = nachfolger(s)
        for ziel in ausgaenge:
            if ziel not in gesehen:
                yield _befund(f, s.id, "nach", f"Ziel-Schritt {ziel} gibt es nicht (vorhanden: {', '.join(ids)})")
        endet = type(s) is Ende or type(s) is Rueckkehr
        if (type(s) is Ende or type(s) is Rueckkehr) and s.ergebnis not in ergebnisse:
            yield _befund(f, s.id, "ergebnis", f"unbekanntes Ergebnis {s.ergebnis} (fakten.yaml: ergebnisse)")
        endet_im_baustein = type(s) is Einbinden and not _hat_rueckkehr(katalog, s.leitfaden)
        if not ausgaenge and not endet and not endet_im_baustein:
            yield _befund(f, s.id, "nach", "Weg endet ohne Ergebnis: Ausgang oder art: ende fehlt")
        zweige = _feld(s, "weiter", [])
        if zweige and zweige[-1].wenn is not None:
            yield _befund(f, s.id, "weiter", "der letzte Zweig braucht '- sonst: <schritt>', sonst kann der "
                          "Weg ohne Ergebnis enden")


@fassungspruefung
def _fragen(katalog: Katalog, f: Fassung) -> Iterator[Befund]:
    vok = katalog.vokabular
    for s in f.daten.schritte:
        if type(s) is not Frage:
            continue
        fakt = vok.fakten.get(s.fakt)
        if fakt is None:
            yield _befund(f, s.id, "fakt", f"unbekannter Fakt {s.fakt}: erst in content/fakten.yaml anlegen")
            continue
        if s.optionen_aus is not None:
            yield from _quelle(katalog, f, s.id, s.optionen_aus)
        if not s.je_antwort:
            continue
        optionen = ("ja", "nein") if fakt.typ == "bool" else optionen_fuer(vok, s.fakt, f.schluessel, f.gueltig_ab)
        if not optionen:
            if set(s.je_antwort) != {"sonst"}:
                yield _befund(f, s.id, "je_antwort", f"{s.fakt} ({fakt.typ}) hat keine festen Optionen: "
                              "'weiter' mit Bedingungen verwenden")
            continue
        for option in s.je_antwort:
            if option != "sonst" and option not in optionen:
                yield _befund(f, s.id, "je_antwort", f"{option} ist keine Option von {s.fakt} ({', '.join(optionen)})")
        if "sonst" not in s.je_antwort:
            for option in optionen:
                if option not in s.je_antwort:
                    yield _befund(f, s.id, "je_antwort", f"Option {option} von {s.fakt} hat keinen Ausgang")


def _quelle(katalog: Katalog, f: Fassung, sid: str, q: OptionenQuelle) -> Iterator[Befund]:
    if q.quelle not in QUELLEN:
        yield _befund(f, sid, "optionen_aus.quelle", f"unbekannte Optionen-Quelle {q.quelle} "
                      f"(vorhanden: {', '.join(sorted(QUELLEN))})")


@fassungspruefung
def _auftraege(katalog: Katalog, f: Fassung) -> Iterator[Befund]:
    vok = katalog.vokabular
    systeme: set[str] | None = None           # vok.systeme baut die Menge je Aufruf: einmal je Fassung
    for s in f.daten.schritte:
        if type(s) is Pruefung and s.abfrage not in ABFRAGEN:
            yield _befund(f, s.id, "abfrage", f"unbekannte Abfrage {s.abfrage} (vorhanden: {', '.join(sorted(ABFRAGEN))})")
        if type(s) is not Aktion:
            continue
        if systeme is None:
            systeme = vok.systeme
        if s.system not in systeme:
            yield _befund(f, s.id, "system", f"unbekanntes System {s.system} (bekannt: {', '.join(sorted(systeme))})")
            continue
        art = vok.aktionen.get((s.system, s.vorgang))
        if art is None or (s.system, s.vorgang) not in AKTIONEN:
            yield _befund(f, s.id, "vorgang", f"unbekannte Aktion {s.system}.{s.vorgang} (fakten.yaml: aktionen)")
            continue
        erlaubt = set(art.parameter) | {"kalender", "text"}
        for name in s.parameter:
            if name not in erlaubt:
                yield _befund(f, s.id, f"parameter.{name}", f"{s.system}.{s.vorgang} kennt den Parameter {name} nicht "
                              f"({', '.join(art.parameter)})")
        if art.recht and art.recht not in KUNDENPORTAL_RECHTE:
            yield _befund(f, s.id, "vorgang", f"Colibri-Vorgang {s.vorgang} braucht das Recht {art.recht}; das "
                          f"Kundenportal hat nur {', '.join(KUNDENPORTAL_RECHTE)}: als Aufgabe an os_algplus abgeben "
                          "(Weisung 2.2 a) 4)")


@fassungspruefung
def _ausdruecke(katalog: Katalog, f: Fassung) -> Iterator[Befund]:
    umg = umgebung(katalog)
    variablen = umg.variablen          # alle Fakten und Abfrage-Variablen, dazu KONTEXT
    for s in f.daten.schritte:
        felder = s.__dict__            # wie _feld: ein fehlendes Feld ohne pydantic-Ausnahme
        for zweig in felder.get("weiter") or ():
            if zweig.wenn is not None and (fehler := umg.pruefen(zweig.wenn)):
                yield _befund(f, s.id, "weiter.wenn", f"Bedingung '{zweig.wenn}': {fehler}")
        if type(s) is Frage and s.gueltig_wenn and (fehler := umg.pruefen(s.gueltig_wenn)):
            yield _befund(f, s.id, "gueltig_wenn", f"Bedingung '{s.gueltig_wenn}': {fehler}")
        parameter: Mapping[str, Any] = felder.get("parameter") or {}     # nur gelesen: keine Kopie je Schritt
        if type(s) is Frage and s.optionen_aus:
            parameter = {**parameter, **s.optionen_aus.parameter}
        for name, wert in parameter.items():
            if isinstance(wert, str) and wert.startswith("=") and (fehler := umg.pruefen(wert[1:], None)):
                yield _befund(f, s.id, f"parameter.{name}", f"Ausdruck '{wert[1:]}': {fehler}")
        for feld in ("text", "vermerk"):
            text = getattr(s, feld)
            if "{" not in text:          # kein Platzhalter: ohne regulären Ausdruck (je Schritt zwei Texte)
                continue
            for m in PLATZHALTER.finditer(text):
                name = m.group(1)
                if name not in variablen and name not in KONTEXT and name not in parameter and \
                        name not in ("system", "vorgang"):
                    yield _befund(f, s.id, feld, f"unbekannter Platzhalter {{{m.group(1)}}}")

