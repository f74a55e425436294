"""Schreibende Dienste der Qualitätssicherung (house style, habit 3): Stichprobe ziehen (frei oder nach dem
Plan 2.2.6), Kontakt zur Bewertung öffnen (protokolliert), Bewertung auf dem Bogen der Anlage speichern,
kalibrieren (weitere Teamleitung), an die Beschäftigten freigeben. Jeder Dienst prüft das Recht selbst."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction

from kundenportal import zeit
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten import rechtskreis, zugriff
from kundenportal.konten.felder import hat_markup
from kundenportal.konten.rollen import KANAL_NAMEN
from kundenportal.konten.services import zugriff_protokollieren

from . import stichprobenplan
from .formulare import formular_fuer, plan_fuer
from .kriterien import KOMMENTAR_LAENGE, URTEILE
from .models import Bewertung, Kalibrierung, Stichprobe
from .pfad import Pfad, namen_lesen, pfad
from .pseudonym import arten_aufzaehlen, personenbezug
from .vorschlag import vorbewerten

KOMMENTAR_MARKUP = ("Der Kommentar darf keine HTML-Auszeichnungen wie <b> enthalten; „<“ und „>“ allein (etwa "
                    "„Wartezeit > 5 Min.“) sind erlaubt.")
KOMMENTAR_OHNE_PERSON = ("Der Kommentar bewertet die Gesprächsführung, nicht den einzelnen Fall: die Bewertung bleibt "
                         "pseudonymisiert (ohne Namen und Kundennummer), auch für die Beschäftigten.")
STICHPROBE_MAX = 50
PLAN_MAX = 500
TAGE_MAX = 365
# Monate, für die ein Plan gezogen wird: Kontakte gibt es erst seit der Weisung 2020; die Grenzen halten
# Datumsrechnung und Zeitzonen (Monat.von, make_naive) weit weg von den Rändern von datetime.
JAHR_MIN, JAHR_MAX = zeit.FRUEHESTENS.year, zeit.SPAETESTENS.year


class QsFehler(Exception):
    def __init__(self, code: str, meldung: str) -> None:
        super().__init__(meldung)
        self.code = code
        self.meldung = meldung


class KeinZugriff(QsFehler):
    def __init__(self, meldung: str) -> None:
        super().__init__("kein_zugriff", meldung)


def _qs(user: Any) -> str:
    if not zugriff.darf_qs(user):
        raise KeinZugriff("Die Qualitätssicherung macht die Teamleitung.")
    standort = zugriff.standort_fuer(user)
    if not standort:
        raise QsFehler("ohne_standort", "Ihrem Arbeitsplatz ist kein Standort zugeordnet; "
                       "eine Stichprobe ist nur am eigenen Standort möglich.")
    return standort


def ohne_person_meldung(text: str, warum: str, namen: tuple[str, ...] = ()) -> str:
    """Die Meldung, wenn ein freier Text der Teamleitung Angaben zur Person enthält (pseudonym.personenbezug;
    domain.md 5.2, Art. 9 DSGVO) — mit den gefundenen Arten und `warum` als Abhilfe; "" ohne solche Angaben.
    Für den Kommentar der Bewertung hier (mit den Namen des Kontakts), für die Maßnahmen der Anlage 7 in
    fuehrung.services."""
    arten = personenbezug(text, namen)
    if not arten:
        return ""
    return f"Bitte ohne Angaben zur Person: der Text enthält {arten_aufzaehlen(arten)}. {warum}"


def _kreise(user: Any) -> str:
    """Die Rechtskreise des Benutzers als Text für Meldungen („SGB III“)."""
    return ", ".join(rechtskreis.NAMEN[k] for k in sorted(zugriff.rechtskreise_fuer(user))) or "keiner"


def _kanaele_text(kanaele: list[str]) -> str:
    return ", ".join(KANAL_NAMEN.get(k, k) for k in kanaele) or "keiner"


def fremder_kanal(user: Any, kanal: str) -> str:
    """Warum `user` Kontakte des `kanal` nicht zieht oder bewertet: ein anderer Rechtskreis oder — im eigenen
    Rechtskreis — ein Kanal, dessen QS eine andere Teamleitung macht (die Teamleitung E-Mail: nur E-Mail)."""
    if rechtskreis.KANAL.get(kanal) not in zugriff.rechtskreise_fuer(user):
        return f"Kontakte dieses Kanals gehören nicht zu Ihrem Rechtskreis ({_kreise(user)})."
    return (f"Die Qualitätssicherung des Kanals {KANAL_NAMEN.get(kanal, kanal)} macht "
            f"{' oder '.join(f'die {r}' for r in zugriff.teamleitungen_der_kanaele([kanal])) or 'die Teamleitung'}; "
            f"Sie ziehen und bewerten Kontakte Ihrer Kanäle ({_kanaele_text(zugriff.qs_kanaele(user))}).")


def _leer(wann: str, standort: str, filter_: list[str]) -> QsFehler:
    """Keine Kandidaten: gespeichert wird nichts, die Meldung nennt Zeitraum, Standort und Filter."""
    gefiltert = f" ({', '.join(filter_)})" if filter_ else ""
    return QsFehler("leer", f"Keine Stichprobe gezogen: {wann} gab es am Standort {standort}{gefiltert} keine "
                    "abgeschlossenen, noch nicht gezogenen Kontakte. Bitte einen anderen Zeitraum oder Filter wählen.")


@transaction.atomic
def stichprobe_ziehen(user: Any, *, heute: dt.date, jetzt: dt.datetime, n: int = 5, tage: int = 14,
                      leitfaden: str = "", seed: int | None = None) -> Stichprobe:
    """Zieht bis zu `n` abgeschlossene Kontakte der letzten `tage` Tage (bis einschließlich `heute`)
    am Standort der Teamleitung, nur aus ihren QS-Kanälen (zugriff.qs_kanaele, im Rechtskreis), wahlweise
    nur eines Leitfadens. Ein Kontakt wird höchstens einmal gezogen; gibt es keinen, wird nichts
    gespeichert (QsFehler „leer“). Mit `seed` ist die Auswahl wiederholbar (Tests)."""
    standort = _qs(user)
    if not 1 <= n <= STICHPROBE_MAX or not 1 <= tage <= TAGE_MAX:
        raise QsFehler("umfang", f"Umfang 1 bis {STICHPROBE_MAX} Kontakte, Zeitraum 1 bis {TAGE_MAX} Tage.")
    von = heute - dt.timedelta(days=tage - 1)
    kandidaten = Kontakt.objects.filter(status=Kontakt.ABGESCHLOSSEN, standort=standort,
                                        kanal__in=zugriff.qs_kanaele(user),
                                        abgeschlossen__date__gte=von, abgeschlossen__date__lte=heute,
                                        qs_bewertungen__isnull=True)
    if leitfaden:
        kandidaten = kandidaten.filter(leitfaden=leitfaden)
    ids = sorted(kandidaten.values_list("pk", flat=True), key=str)
    if not ids:
        raise _leer(f"Vom {von:%d.%m.%Y} bis {heute:%d.%m.%Y}", standort,
                    [f"Leitfaden {leitfaden}"] if leitfaden else [])
    gezogen = random.Random(seed).sample(ids, min(n, len(ids)))
    stichprobe = Stichprobe.objects.create(user=user, standort=standort, leitfaden=leitfaden, von=von, bis=heute,
                                           gezogen=jetzt)
    _bewertungen_anlegen(stichprobe, gezogen)
    return stichprobe


def _bewertungen_anlegen(stichprobe: Stichprobe, gezogen: list[Any]) -> None:
    """Je Kontakt eine Bewertung auf dem Bogen seiner Leitfaden-Fassung, mit Vorbewertung aus dem Weg."""
    for nummer, kontakt in enumerate(Kontakt.objects.filter(pk__in=gezogen).order_by("abgeschlossen", "pk"), start=1):
        formular = formular_fuer(kontakt)
        vorschlag = vorbewerten(pfad(kontakt), formular.kriterien) if formular else {}
        Bewertung.objects.create(stichprobe=stichprobe, kontakt=kontakt, nummer=nummer, vorschlag=vorschlag,
                                 formular=formular.schluessel if formular else "")


@transaction.atomic
def stichprobe_nach_plan(user: Any, *, monat: dt.date, jetzt: dt.datetime, kanal: str = "", leitfaden: str = "",
                         stand: dt.date | None = None, seed: int | None = None) -> Stichprobe:
    """Zieht nach dem Stichprobenplan 2.2.6, der im `monat` gilt, am Standort der Teamleitung
    (je Beschäftigten, Kanal und Monat; mehr in den ersten Wochen nach einer neuen Fassung) — nur aus den
    Kanälen ihrer Rechtskreise; ein anderer `kanal` ist kein Zugriff. Ohne Kontakt wird nichts gespeichert."""
    standort = _qs(user)
    kanaele = zugriff.qs_kanaele(user)
    if kanal and kanal not in kanaele:
        raise KeinZugriff(fremder_kanal(user, kanal))
    if not JAHR_MIN <= monat.year <= JAHR_MAX:
        raise QsFehler("monat", f"Bitte einen Monat von 01.{JAHR_MIN} bis 12.{JAHR_MAX}.")
    m = stichprobenplan.Monat.von(monat)
    plan = plan_fuer(m.letzter)   # der Plan, der im Monat zuletzt gilt
    gezogen = stichprobenplan.auswahl(plan.inhalt["stichprobenplan"], standort=standort, monat=m,
                                      kanaele=[kanal] if kanal else kanaele, leitfaden=leitfaden, stand=stand,
                                      seed=seed)
    if not gezogen:
        raise _leer(f"Im Monat {m.erster:%m.%Y}", standort,
                    ([f"Kanal {KANAL_NAMEN.get(kanal, kanal)}"] if kanal else [])
                    + ([f"Leitfaden {leitfaden}"] if leitfaden else [])
                    + ([f"Fassung vom {stand:%d.%m.%Y}"] if stand else []))
    if len(gezogen) > PLAN_MAX:
        raise QsFehler("umfang", f"Der Plan ergibt {len(gezogen)} Kontakte; höchstens {PLAN_MAX} je Stichprobe — "
                       "bitte nach Kanal oder Leitfaden einschränken.")
    stichprobe = Stichprobe.objects.create(
        user=user, standort=standort, leitfaden=leitfaden, stand=stand, kanal=kanal, monat=m.erster,
        plan=f"{plan.nummer}@{plan.stand.isoformat()}", von=m.erster, bis=m.letzter, gezogen=jetzt)
    _bewertungen_anlegen(stichprobe, gezogen)
    return stichprobe


def stichprobe_lesen(user: Any, stichprobe: Stichprobe) -> Stichprobe:
    if not zugriff.darf_stichprobe_sehen(user, stichprobe):
        raise KeinZugriff("Diese Stichprobe gehört zu einem anderen Standort.")
    return stichprobe


def _bewertung_pruefen(user: Any, bewertung: Bewertung) -> None:
    """Vor jedem Lesen und Schreiben einer Bewertung: Standort der Stichprobe, dann der Rechtskreis des
    Kontakts (zugriff.darf_qs_bewertung_sehen) — abgelehnt wird, bevor etwas gelesen wird."""
    stichprobe_lesen(user, bewertung.stichprobe)
    if not zugriff.darf_qs_bewertung_sehen(user, bewertung):
        kanal = str(bewertung.kontakt.kanal)
        if rechtskreis.KANAL.get(kanal) in zugriff.rechtskreise_fuer(user):      # eigener Rechtskreis, fremder Kanal
            raise KeinZugriff(fremder_kanal(user, kanal))
        raise KeinZugriff(f"Dieser Kontakt gehört nicht zu Ihrem Rechtskreis ({_kreise(user)}); "
                          "Sie bewerten nur Kontakte Ihres Rechtskreises.")


def bewertung_oeffnen(user: Any, bewertung: Bewertung) -> Pfad:
    """Der pseudonymisierte Kontakt zur Bewertung; jedes Öffnen steht im Zugriffsprotokoll (auch das
    Lesen des Namens in VerBIS, das nur dem Schwärzen im Vermerk dient).

    Solange die Bewertung nicht gespeichert ist, wird ihre Vorbewertung aus dem Weg neu gebildet: der Weg eines
    abgeschlossenen Kontakts ändert sich nicht, wohl aber die Regeln der Vorbewertung — eine früher gezogene
    Stichprobe soll nicht mit einem überholten Vorschlag bewertet werden (etwa „erfüllt“ für eine gescheiterte
    Erfassung). Eine gespeicherte Bewertung behält den Vorschlag, den die Teamleitung vor sich hatte."""
    _bewertung_pruefen(user, bewertung)
    kontakt = bewertung.kontakt
    zugriff_protokollieren(user, "qs_kontakt_lesen", kundennummer=kontakt.kundennummer, kontakt=kontakt.pk)
    weg = pfad(kontakt, namen_lesen(kontakt))
    if bewertung.bewertet is None:
        formular = formular_fuer(kontakt)
        if formular is not None and formular.schluessel == bewertung.formular:
            neu = vorbewerten(weg, formular.kriterien)
            if neu != bewertung.vorschlag:
                bewertung.vorschlag = neu
                Bewertung.objects.filter(pk=bewertung.pk, bewertet__isnull=True).update(vorschlag=neu)
    return weg


def _namen_des_kontakts(user: Any, kontakt: Kontakt) -> tuple[str, ...]:
    """Die Namen zum Kontakt (VerBIS, bei der Familienkasse KIWI: pfad.namen_lesen), um den Kommentar auf sie zu
    prüfen — ein Lesen von Sozialdaten, es steht im Zugriffsprotokoll wie das Öffnen der Bewertung."""
    if not kontakt.kundennummer:
        return ()
    zugriff_protokollieren(user, "qs_kontakt_lesen", kundennummer=kontakt.kundennummer, kontakt=kontakt.pk)
    return namen_lesen(kontakt)


def _urteile_pruefen(bewertung: Bewertung, urteile: dict[str, str]) -> dict[str, str]:
    formular = formular_fuer(bewertung.kontakt)
    if formular is None or formular.schluessel != bewertung.formular:
        raise QsFehler("ohne_bogen", "Für diesen Kontakt gibt es keinen Bewertungsbogen (Kanal ohne QS-Anlage).")
    fehlend = [k.text for k in formular.kriterien if urteile.get(k.id) not in URTEILE]
    if fehlend:
        raise QsFehler("urteil_fehlt", f"Bitte bewerten Sie: {', '.join(fehlend)}.")
    return {k.id: urteile[k.id] for k in formular.kriterien}


def bewertung_speichern(user: Any, bewertung: Bewertung, urteile: dict[str, str], kommentar: str, *,
                        jetzt: dt.datetime) -> Bewertung:
    """Speichert je Kriterium des Bogens ein Urteil (alle nötig) und den Kommentar (ohne Markup, ohne Angaben zur
    Person: `ohne_person_meldung`, auch mit den Namen des Kontakts — die Beschäftigten sehen ihn nach der Freigabe
    unverändert). Die Prüfungen laufen vor der Transaktion: das Lesen der Namen in VerBIS bleibt im
    Zugriffsprotokoll, auch wenn der Kommentar dann abgelehnt wird."""
    _bewertung_pruefen(user, bewertung)
    geprueft = _urteile_pruefen(bewertung, urteile)
    kommentar = kommentar.strip()
    if len(kommentar) > KOMMENTAR_LAENGE:
        raise QsFehler("kommentar_lang", f"Der Kommentar hat höchstens {KOMMENTAR_LAENGE} Zeichen.")
    if hat_markup(kommentar):
        raise QsFehler("kommentar_markup", KOMMENTAR_MARKUP)
    if meldung := ohne_person_meldung(kommentar, KOMMENTAR_OHNE_PERSON):
        raise QsFehler("kommentar_person", meldung)
    if kommentar and (namen := _namen_des_kontakts(user, bewertung.kontakt)) and \
            (meldung := ohne_person_meldung(kommentar, KOMMENTAR_OHNE_PERSON, namen)):
        raise QsFehler("kommentar_person", meldung)     # der Name des Kunden oder eines Kindes, auch ohne Anrede
    return _bewertung_schreiben(user, bewertung, geprueft, kommentar, jetzt)


@transaction.atomic
def _bewertung_schreiben(user: Any, bewertung: Bewertung, geprueft: dict[str, str], kommentar: str,
                         jetzt: dt.datetime) -> Bewertung:
    bewertung = Bewertung.objects.select_for_update().get(pk=bewertung.pk)
    if bewertung.freigegeben:
        raise QsFehler("freigegeben", "Die Bewertung ist schon freigegeben und bleibt unverändert.")
    if bewertung.bewertet is not None and bewertung.pruefer_id != user.pk:
        raise QsFehler("andere_teamleitung", "Diesen Kontakt hat inzwischen eine andere Teamleitung bewertet; "
                       "Ihr Urteil geht als Kalibrierung ein. Bitte die Seite neu laden.")
    if bewertung.kalibrierungen.exists():   # die Streuung vergleicht unabhängige Urteile (Anlage 2.2.6)
        raise QsFehler("kalibriert", "Die Erstbewertung bleibt unverändert, seit andere Teamleitungen den Kontakt "
                       "kalibriert haben: Sie vergleicht sich mit deren Urteilen.")
    bewertung.urteile = geprueft
    bewertung.kommentar = kommentar
    bewertung.pruefer = user
    bewertung.bewertet = jetzt
    bewertung.save()
    return bewertung


@transaction.atomic
def kalibrierung_speichern(user: Any, bewertung: Bewertung, urteile: dict[str, str], *,
                           jetzt: dt.datetime) -> Kalibrierung:
    """Eine weitere Teamleitung desselben Standorts bewertet denselben Kontakt blind (Anlage 2.2.6,
    Kalibrierung; kalibrierung.py): ihr Urteil ändert die Bewertung nicht, es zeigt die Streuung. Gespeichert
    bleibt es unverändert — wer die Urteile der anderen gesehen hat, kalibriert nicht mehr unabhängig."""
    _bewertung_pruefen(user, bewertung)
    bewertung = Bewertung.objects.select_for_update().get(pk=bewertung.pk)    # eine Kalibrierung je Teamleitung
    if bewertung.bewertet is None:
        raise QsFehler("unbewertet", "Kalibriert wird ein schon bewerteter Kontakt.")
    if bewertung.pruefer_id == user.pk:
        raise QsFehler("selbst", "Kalibrieren heißt: eine andere Teamleitung bewertet denselben Kontakt.")
    if bewertung.kalibrierungen.filter(pruefer_id=user.pk).exists():
        raise QsFehler("schon_kalibriert", "Sie haben diesen Kontakt schon kalibriert. Eine Kalibrierung bleibt "
                       "unverändert, damit die Streuung unabhängige Urteile vergleicht.")
    geprueft = _urteile_pruefen(bewertung, urteile)
    return Kalibrierung.objects.create(bewertung=bewertung, pruefer=user, urteile=geprueft, bewertet=jetzt)


@transaction.atomic
def bewertung_freigeben(user: Any, bewertung: Bewertung, *, jetzt: dt.datetime) -> Bewertung:
    """Gibt das Ergebnis des bewerteten Kontakts für die Person frei, die ihn geführt hat (sie sieht es unter
    „Meine Bewertungen“)."""
    _bewertung_pruefen(user, bewertung)
    bewertung = Bewertung.objects.select_for_update().get(pk=bewertung.pk)
    if bewertung.bewertet is None:
        raise QsFehler("unbewertet", "Erst bewerten, dann freigeben.")
    if bewertung.freigegeben is None:
        bewertung.freigegeben = jetzt
        bewertung.save(update_fields=["freigegeben"])
    return bewertung
