"""Die Registry der Optionen-Quellen: sie liefern die Optionen einer Frage aus einem System (Termine, freie
Zeiten, Agenturen, Kinder) und prüfen eine Antwort dagegen.

Die Quelle `kinder` hat einen Begleiter unter den Abfragen, `kinder_ab_alter`: er zählt mit derselben Regel, wie
viele Kinder die Quelle mit demselben `ab_alter` anbieten würde — ein Leitfaden prüft damit vor der Frage, ob es
überhaupt eine Auswahl gibt (eine Frage ohne Optionen ließe die Agentin nur den Abbruch)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kundenportal.fachverfahren.ports import Systeme
from kundenportal.fachverfahren.ports.kiwi import Kind

from ..kontext import Kontext
from ..registry import Registry
from ..vokabular import BERLIN, wert_text
from .abfragen import abfrage
from .termin import _kalender, _kundennummer, _termin_label


@dataclass(frozen=True)
class Option:
    wert: Any
    label: str


@dataclass(frozen=True)
class OptionenQuelle:
    name: str
    optionen: Callable[[Systeme, Kontext, Mapping[str, Any]], list[Option]]
    ablehnung: Callable[[Systeme, Kontext, Mapping[str, Any], Any], str | None] | None = None


QUELLEN: Registry[str, OptionenQuelle] = Registry("Optionen-Quelle")


def _geplante(systeme: Systeme, kontext: Kontext, _p: Mapping[str, Any]) -> list[Option]:
    termine = systeme.atv.termine(_kundennummer(kontext))
    return [Option(t.id, _termin_label(t)) for t in termine if t.status == "geplant"]


QUELLEN.eintragen("geplante_termine", OptionenQuelle("geplante_termine", _geplante))


def _wohnort(systeme: Systeme, kontext: Kontext) -> str:
    kunde = systeme.verbis.kunde(_kundennummer(kontext))
    return kunde.wohnort_agentur if kunde else (kontext.standort or "")


def _bbie_agenturen(systeme: Systeme, kontext: Kontext, _p: Mapping[str, Any]) -> list[Option]:
    wohnort = _wohnort(systeme, kontext)
    return [Option(a.name, a.name if a.bbie_ab is None or a.bbie_ab <= kontext.datum
                   else f"{a.name} (BBiE ab {a.bbie_ab:%d.%m.%Y})")
            for a in kontext.standorte.bbie_agenturen(wohnort)]


def _bbie_ablehnung(systeme: Systeme, kontext: Kontext, _p: Mapping[str, Any], wert: Any) -> str | None:
    return kontext.standorte.bbie_ablehnung(_wohnort(systeme, kontext), str(wert), None)


QUELLEN.eintragen("bbie_agenturen", OptionenQuelle("bbie_agenturen", _bbie_agenturen, _bbie_ablehnung))


def naechster_werktag(jetzt: dt.datetime) -> dt.datetime:
    """0 Uhr des nächsten Werktags (Montag bis Freitag) nach dem Tag von `jetzt` (Berliner Zeit)."""
    tag = jetzt.astimezone(BERLIN).date() + dt.timedelta(days=1)
    while tag.weekday() >= 5:
        tag += dt.timedelta(days=1)
    return dt.datetime.combine(tag, dt.time(0), BERLIN)


def _freie(systeme: Systeme, kontext: Kontext, p: Mapping[str, Any]) -> list[Option]:
    ab = kontext.jetzt
    if kontext.kanal == "emb":
        # Eine Antwort per E-Mail liest der Kunde nicht sofort: ein Termin in einer halben Stunde verfiele. Die
        # E-Mail-Bearbeitung bietet Termine ab dem nächsten Werktag an (Rundgang E-Mail, Dezember 2026).
        ab = naechster_werktag(ab)
    if p.get("bereich") == "bb_im_erwerbsleben":
        agentur = kontext.standorte.agenturen.get(str(p.get("agentur")))
        if agentur and agentur.bbie_ab:
            ab = max(ab, dt.datetime.combine(agentur.bbie_ab, dt.time(0), BERLIN))
    if p.get("ab_tag"):   # Filter "ab Tag" (Datum oder Zeitpunkt): die nächsten zehn ab diesem Tag
        tag = p["ab_tag"]
        tag = tag.astimezone(BERLIN).date() if isinstance(tag, dt.datetime) else dt.date.fromisoformat(str(tag))
        ab = max(ab, dt.datetime.combine(tag, dt.time(0), BERLIN))
    return [Option(z, f"{wert_text(z)} Uhr") for z in systeme.atv.freie_termine(_kalender(p), ab, 10)]


def _freie_ablehnung(systeme: Systeme, kontext: Kontext, p: Mapping[str, Any], wert: Any) -> str | None:
    if wert <= kontext.jetzt:
        return f"{wert_text(wert)} liegt nicht in der Zukunft"
    if p.get("bereich") == "bb_im_erwerbsleben":
        grund = kontext.standorte.bbie_ablehnung(_wohnort(systeme, kontext), str(p.get("agentur")),
                                                 wert.astimezone(BERLIN).date())
        if grund:
            return grund
    if p.get("bereich") == "weiterbildungsberatung":
        agentur = kontext.standorte.agenturen.get(str(p.get("agentur")))
        if agentur and agentur.bbie_ab and wert.astimezone(BERLIN).date() >= agentur.bbie_ab:
            return (f"Die Weiterbildungsberatung (Pilot) in {agentur.name} endet am Vortag des BBiE-Starts "
                    f"{agentur.bbie_ab:%d.%m.%Y}; für spätere Termine die Berufsberatung im Erwerbsleben buchen")
    if not systeme.atv.ist_frei(_kalender(p), wert):
        return f"Termin nicht mehr frei: {wert_text(wert)} im Kalender {_kalender(p)}"
    return None


QUELLEN.eintragen("freie_termine", OptionenQuelle("freie_termine", _freie, _freie_ablehnung))


def _kinder_des_falls(systeme: Systeme, kontext: Kontext) -> list[Kind]:
    fall = systeme.kiwi.fall(_kundennummer(kontext))
    return list(fall.kinder) if fall else []


def alter_am(geburtsdatum: dt.date, tag: dt.date) -> int:
    """Die vollendeten Lebensjahre am `tag`: am Geburtstag zählt das neue Jahr schon (der Tag der Geburt wird
    mitgerechnet, § 187 Abs. 2 BGB); wer am 29.02. geboren ist, ist in Jahren ohne 29.02. am 01.03. ein Jahr älter."""
    return tag.year - geburtsdatum.year - ((tag.month, tag.day) < (geburtsdatum.month, geburtsdatum.day))


def tag_mit_alter(geburtsdatum: dt.date, jahre: int) -> dt.date:
    """Der Tag, an dem ein Kind `jahre` alt wird (wie `alter_am`: 29.02. in Jahren ohne ihn → 01.03.)."""
    try:
        return geburtsdatum.replace(year=geburtsdatum.year + jahre)
    except ValueError:
        return dt.date(geburtsdatum.year + jahre, 3, 1)


def _ab_alter(p: Mapping[str, Any], wer: str) -> int | None:
    """Der Parameter `ab_alter` (ganze Jahre, als Text oder Zahl; `"=…"` wertet die Engine vorher aus) — None ohne ihn."""
    roh = p.get("ab_alter")
    if roh is None or (isinstance(roh, str) and not roh.strip()):
        return None
    text = str(roh).strip()
    if isinstance(roh, bool) or not text.isdigit():
        raise ValueError(f"{wer}: ab_alter muss eine ganze Zahl von Jahren sein (z. B. \"18\"), nicht {roh!r}")
    return int(text)


def _jahre(alter: int) -> str:
    return "noch kein Jahr alt" if alter < 1 else ("1 Jahr alt" if alter == 1 else f"{alter} Jahre alt")


def _ab_alter_auswahl(kinder: list[Kind], ab_alter: int, tag: dt.date) -> tuple[list[Option], list[str]]:
    """Die Optionen der Kinder, die am `tag` mindestens `ab_alter` sind (ohne Geburtsdatum: dabei, das Alter ist
    unbekannt), und die jüngeren in Worten — eine Regel für die Quelle `kinder` und die Abfrage `kinder_ab_alter`."""
    optionen: list[Option] = []
    juenger: list[str] = []
    for k in kinder:
        if k.geburtsdatum is None:
            optionen.append(Option(k.id, f"{k.id} – {k.vorname} (kein Geburtsdatum in KIWI: Alter bitte erfragen)"))
            continue
        alter = alter_am(k.geburtsdatum, tag)
        if alter >= ab_alter:
            optionen.append(Option(k.id, f"{k.id} – {k.vorname} ({k.geburtsdatum:%d.%m.%Y}, {_jahre(alter)})"))
        else:
            juenger.append(f"{k.id} – {k.vorname}, {_jahre(alter)}, {ab_alter} am "
                           f"{tag_mit_alter(k.geburtsdatum, ab_alter):%d.%m.%Y}")
    return optionen, juenger


def _kinder(systeme: Systeme, kontext: Kontext, p: Mapping[str, Any]) -> list[Option]:
    """Die Kinder des KIWI-Falls. Mit `ab_alter`: nur die, die am Tag des Kontakts (`kontext.datum`) mindestens so
    alt sind, mit ihrem Alter im Label; ein Kind ohne Geburtsdatum in KIWI steht dabei (sein Alter ist unbekannt:
    die Agentin klärt es, statt dass es unsichtbar bleibt). Ohne `ab_alter` alle Kinder, wie seit jeher."""
    ab_alter = _ab_alter(p, "Optionen-Quelle kinder")
    kinder = _kinder_des_falls(systeme, kontext)
    if ab_alter is None:
        return [Option(k.id, f"{k.id} – {k.vorname}" + (f" ({k.geburtsdatum:%d.%m.%Y})" if k.geburtsdatum else ""))
                for k in kinder]
    return _ab_alter_auswahl(kinder, ab_alter, kontext.datum)[0]


def _kinder_ablehnung(systeme: Systeme, kontext: Kontext, p: Mapping[str, Any], wert: Any) -> str | None:
    """Ohne `ab_alter` wie die Prüfung der Engine gegen die angebotenen Optionen (dieselbe Meldung). Mit `ab_alter`
    nennt die Ablehnung eines jüngeren Kindes das Kind und sein Alter am Tag des Kontakts."""
    ab_alter = _ab_alter(p, "Optionen-Quelle kinder")
    kind = next((k for k in _kinder_des_falls(systeme, kontext) if k.id == wert), None)
    if ab_alter is None:
        return None if kind is not None else f"{wert!r} ist keine der angebotenen Optionen"
    if kind is None:
        return f"{wert} ist kein Kind in diesem KIWI-Fall"
    if kind.geburtsdatum is None:
        return None
    alter = alter_am(kind.geburtsdatum, kontext.datum)
    if alter >= ab_alter:
        return None
    return (f"{kind.id} – {kind.vorname} ist am {kontext.datum:%d.%m.%Y} {_jahre(alter)}; zur Wahl stehen nur "
            f"Kinder ab {ab_alter} Jahren" + (" (volljährige Kinder)" if ab_alter == 18 else "")
            + f" — {ab_alter} wird es am {tag_mit_alter(kind.geburtsdatum, ab_alter):%d.%m.%Y}")


QUELLEN.eintragen("kinder", OptionenQuelle("kinder", _kinder, _kinder_ablehnung))


@abfrage("kinder_ab_alter", {"anzahl_kinder_ab_alter": "zahl", "kinder_unter_alter": "text"},
         "KIWI: Kinder, die am Tag des Kontakts das Mindestalter erreicht haben (Parameter ab_alter in Jahren; ein "
         "Kind ohne Geburtsdatum zählt mit) — so viele bietet die Optionen-Quelle kinder mit demselben ab_alter an")
def _kinder_ab_alter(systeme: Systeme, kontext: Kontext, p: Mapping[str, Any]) -> dict[str, Any]:
    """`anzahl_kinder_ab_alter`: so viele Optionen liefert `kinder` mit demselben `ab_alter` (0: die Frage hätte
    keine Auswahl). `kinder_unter_alter`: die jüngeren Kinder mit Alter und dem Tag, an dem sie `ab_alter` werden."""
    ab_alter = _ab_alter(p, "Abfrage kinder_ab_alter")
    if ab_alter is None:
        raise ValueError("Abfrage kinder_ab_alter braucht den Parameter ab_alter (ganze Jahre, z. B. \"18\")")
    optionen, juenger = _ab_alter_auswahl(_kinder_des_falls(systeme, kontext), ab_alter, kontext.datum)
    return {"anzahl_kinder_ab_alter": len(optionen), "kinder_unter_alter": "; ".join(juenger) or "im Fall ist kein Kind erfasst"}


# Aus welchem Fachverfahren eine Optionen-Quelle liest (für „System nicht erreichbar“).
QUELLEN_SYSTEM: Mapping[str, str] = {"geplante_termine": "atv", "freie_termine": "atv",
                                     "bbie_agenturen": "verbis", "kinder": "kiwi"}
