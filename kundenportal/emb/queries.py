"""Lesen für die E-Mail-Bearbeitung: Warteschlange (älteste zuerst, Filter, seitenweise aus der
Datenbank), Zählungen, Quarantäne und die Warnungen vor dem Senden einer Antwort."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import BinaryField, Count, Q, QuerySet
from django.db.models.functions import Substr

from kundenportal.fachverfahren.ports import SystemNichtErreichbar
from kundenportal.fachverfahren.ports.verbis import kundennummer_normalisieren
from kundenportal.fachverfahren.registry import systeme
from kundenportal.lesbar import zahl as _zahl

from .antwortdaten import ARBEITSHILFE_OFFEN, arbeitshilfe_offen, identitaet_bestaetigt, mit_kundendaten
from .anzeige import NICHT_LESBAR, betreff_unlesbar, lesbar
from .mime import KOPF_HOECHSTENS, kopf_lesen
from .models import Antwort, Mail
from .versand import empfaenger_fehler, steuerzeichen
from .vorlagen import ABWESENHEITSNOTIZ_VERMERK, LUECKE, VORLAGEN, weitergabe_sperre
from .weiterleitung import STELLEN, weitergegeben_an
from .zuordnung import ABWESENHEITSNOTIZ, kundennummer_finden

IN_WARTESCHLANGE = (Mail.Status.OFFEN, Mail.Status.IN_BEARBEITUNG)
SPALTEN = ("id", "anliegen", "eingegangen", "absender", "absender_name", "betreff", "warnungen", "kundennummer", "vorschlag",
           "klasse", "leitfaden", "status", "bearbeiter", "message_id_mehrfach", "beansprucht_am", "bestaetigt_von",
           "weiterleitung__an")


def warteschlange(*, klasse: str = "", status: str = "", kundennummer: str = "", bearbeiter: str = "",
                  nur_warnungen: bool = False, nur_weitergeleitete: bool = False) -> QuerySet[Mail]:
    """Nur die Spalten der Liste (nie Rohtext oder Text); sortiert über den Index `mail_warteschlange`.
    `nur_weitergeleitete`: nur Mails, die an eine zuständige Stelle weitergeleitet sind (services.weiterleitung)."""
    # die Weiterleitung (Spalte Status) kommt mit den Zeilen der Seite; Zählen und Blättern lesen sie nicht
    mails = Mail.objects.only(*SPALTEN).select_related("weiterleitung").order_by("eingegangen", "id")
    erlaubt = {s for s, _ in Mail.Status.choices} - {Mail.Status.EINGANG, Mail.Status.QUARANTAENE, Mail.Status.VERWORFEN}
    mails = mails.filter(status=status) if status in erlaubt else mails.filter(status__in=IN_WARTESCHLANGE)
    if klasse:
        mails = mails.filter(anliegen=klasse)
    if kundennummer:     # wie die Kundensuche: „900d 000003“ findet 900D000003
        mails = mails.filter(kundennummer=kundennummer_normalisieren(kundennummer))
    if bearbeiter:
        mails = mails.filter(bearbeiter=bearbeiter)
    if nur_warnungen:
        mails = mails.exclude(warnungen=[])
    if nur_weitergeleitete:
        mails = mails.filter(weiterleitung__isnull=False)
    return mails


def zaehlen(benutzer: str) -> dict[str, int]:
    """Wie viele Mails je Status (ohne erledigte), dazu „meine“ — eine GROUP-BY-Abfrage, die nur den Index
    liest: die Status stehen als Liste da (`status IN …`), ein `NOT status = 'erledigt'` liest PostgreSQL
    Zeile für Zeile aus der Tabelle."""
    zahlen: dict[str, int] = {str(s): 0 for s in (*IN_WARTESCHLANGE, Mail.Status.QUARANTAENE, Mail.Status.EINGANG)}
    for zeile in Mail.objects.filter(status__in=list(zahlen)).order_by().values("status").annotate(n=Count("id")):
        zahlen[zeile["status"]] = zeile["n"]
    zahlen["meine"] = Mail.objects.filter(status=Mail.Status.IN_BEARBEITUNG, bearbeiter=benutzer).count()
    return zahlen


def rueckstand(zeitpunkt: dt.datetime) -> int:
    """Wie viele Mails zum `zeitpunkt` in der Warteschlange lagen — der E-Mail-Rückstand der Anlage 5
    (Führungsprozesse, domain.md A12): eingegangen davor, zerlegt (nicht im Eingang, nicht in der Quarantäne)
    und bis dahin nicht erledigt. Gezählt werden Mails, nicht Kontakte: eine Mail, zu der noch niemand die
    Arbeitshilfe begonnen hat, zählt mit. Das Kundenpostfach ist eines (SGB III, konten.rechtskreis.von_mail),
    nicht je Standort."""
    noch_offen = Q(status__in=IN_WARTESCHLANGE) | Q(status=Mail.Status.ERLEDIGT, erledigt_am__gte=zeitpunkt)
    return Mail.objects.filter(noch_offen, eingegangen__lt=zeitpunkt).order_by().count()


class Blaettern(Paginator):  # type: ignore[type-arg]
    """Seiten aus der Datenbank in zwei Schritten: erst die 50 Schlüssel der Seite (liest nur den Index,
    auch bei `OFFSET 25000`), dann genau diese Zeilen. Ein `OFFSET` über die ganzen Zeilen holte auf
    PostgreSQL jede übersprungene Zeile aus der Tabelle."""

    def page(self, number: Any) -> Page:  # type: ignore[type-arg]
        nummer = self.validate_number(number)
        unten = (nummer - 1) * self.per_page
        oben = min(unten + self.per_page, self.count)
        abfrage = self.object_list
        if not isinstance(abfrage, QuerySet):
            return super().page(number)
        ids = list(abfrage.values_list("id", flat=True)[unten:oben])
        zeilen = list(abfrage.filter(id__in=ids)) if ids else []
        return Page(zeilen, nummer, self)


def ist_abwesenheitsnotiz(mail: Mail) -> bool:
    """Hat das Einlesen die Mail als automatische Antwort erkannt (`Auto-Submitted`, zuordnung.ABWESENHEITSNOTIZ)?"""
    return ABWESENHEITSNOTIZ in (mail.vorschlag_gruende or [])


def vermerk_vorbelegung(mail: Mail, vorschlag: str) -> str:
    """Was das Feld „Kontaktvermerk“ zeigt: was die Beschäftigten schon getippt haben (Mail.vermerk_entwurf),
    sonst der Vorschlag der Arbeitshilfe (`vorschlag`, an ihrem Ende). Getipptes ersetzt nie ein Vorschlag: Kommt
    er erst danach (getippt, bevor die Arbeitshilfe zu Ende war), steht er vor dem Getippten. Eine Abwesenheitsnotiz
    ohne Arbeitshilfe bekommt keine Antwort: Vorgeschlagen ist der Vermerk dazu (vorlagen.ABWESENHEITSNOTIZ_VERMERK),
    „Erledigt“ schließt sie dann ohne Antwort ab."""
    entwurf = mail.vermerk_entwurf.strip()
    if not entwurf:
        return vorschlag or (ABWESENHEITSNOTIZ_VERMERK if ist_abwesenheitsnotiz(mail) and not mail.leitfaden
                             else "")
    if vorschlag.strip() and not mail.vermerk_grundlage.strip() and vorschlag.strip() not in entwurf:
        return f"{vorschlag.rstrip()}\n{entwurf}"
    return mail.vermerk_entwurf


def quarantaene() -> QuerySet[Mail]:
    """Mails, an denen die Zerlegung scheiterte (und solche, deren Zerlegung gerade läuft) — mit `kopf_roh`, dem
    Anfang der Rohbytes (mime.KOPF_HOECHSTENS), aus dem die Seiten Absender und Betreff lesen (`quarantaene_kopf`):
    nie die ganze Mail, die für die Liste zu groß sein kann."""
    return (Mail.objects.only("id", "eingegangen", "quelle", "message_id", "quarantaene_grund", "status",
                              "zerlegungsversuche")
            .annotate(kopf_roh=Substr("roh", 1, KOPF_HOECHSTENS, output_field=BinaryField()))
            .filter(status__in=(Mail.Status.QUARANTAENE, Mail.Status.EINGANG)).order_by("eingegangen", "id"))


@dataclass(frozen=True)
class Kopf:
    absender: str
    betreff: str


def quarantaene_kopf(mail: Mail) -> Kopf:
    """Absender und Betreff einer Mail aus `quarantaene()`, so weit sie sich aus den Rohbytes lesen lassen, für die
    Seite bereinigt (anzeige.lesbar) — sonst „(nicht lesbar)“. Wirft nie."""
    roh = getattr(mail, "kopf_roh", None)
    name, adresse, betreff = kopf_lesen(bytes(roh) if roh is not None else b"")
    absender = f"{name} <{adresse}>" if name and adresse else (adresse or name)
    # ein Encoded-Word, das sich nicht dekodieren ließ, ist kein Betreff (roh: „Rohtext herunterladen“)
    return Kopf(absender=lesbar(absender), betreff=NICHT_LESBAR if betreff_unlesbar(betreff) else lesbar(betreff))


def offene_antworten() -> QuerySet[Antwort]:
    """Fehlgeschlagene und unzustellbare Antworten: sichtbar, bis sie gesendet sind."""
    return Antwort.objects.filter(status__in=[Antwort.Status.FEHLGESCHLAGEN, Antwort.Status.UNZUSTELLBAR,
                                              Antwort.Status.WARTEND]).select_related("mail")


OHNE_KUNDENDATEN = "identitaet_unklar"     # die Vorlage, die die Vorschau bei gesperrten Kundendaten anbietet
BETREFF_LEER = ("Der Betreff ist leer. Bitte geben Sie einen Betreff ein; ohne Betreff wird die Antwort nicht "
                "gesendet.")
# Höchstlängen der Antwort (Zeichen): ein Betreff, den Mailprogramme noch in einer Zeile zeigen (Vorlagen: höchstens
# etwa 70 Zeichen), und ein Text, der mit Abstand für jede Antwort reicht (Vorlagen: unter 1.000 Zeichen) — wie der
# „Hinweis für die Stelle“ (weiterleitung.HINWEIS_LAENGSTENS) begrenzt, damit nichts Unbemerktes hinausgeht.
BETREFF_LAENGSTENS = 200
TEXT_LAENGSTENS = 20_000
BETREFF_STEUERZEICHEN = ("Betreff: Er enthält einen Zeilenumbruch oder ein anderes Steuerzeichen (etwa einen "
                         "Tabulator). Bitte schreiben Sie den Betreff in eine Zeile, ohne Steuerzeichen; so wird die "
                         "Antwort nicht gesendet.")
BETREFF_ZU_LANG = ("Betreff: Er hat {laenge} Zeichen, erlaubt sind höchstens {hoechstens}. Bitte kürzen Sie ihn; so "
                   "wird die Antwort nicht gesendet.")


TEXT_LEER = "Der Text der Antwort ist leer. Bitte schreiben Sie die Antwort; ohne Text wird sie nicht gesendet."
TEXT_ZU_LANG = ("Text der Antwort: Er hat {laenge} Zeichen, erlaubt sind höchstens {hoechstens}. Bitte kürzen Sie "
                "ihn; so wird die Antwort nicht gesendet.")
TEXT_NUL = ("Text der Antwort: Er enthält ein Nullzeichen (NUL), etwa aus einem eingefügten Dokument. Bitte "
            "entfernen Sie es; so wird die Antwort nicht gesendet.")


def betreff_fehler(antwort: Antwort) -> str:
    """Warum der Betreff so nicht hinausgeht ("" = er geht): leer oder nur Leerzeichen, mit einem Zeilenumbruch oder
    einem anderen Steuerzeichen (ein Umbruch schleuste weitere Kopfzeilen ein, „Bcc: …“; versand.steuerzeichen)
    oder länger als BETREFF_LAENGSTENS. Die Seite zeigt das am Feld Betreff, bevor sie die Vorschau öffnet;
    `antwort_fehler` lehnt die Freigabe ebenso ab."""
    if not antwort.betreff.strip():
        return BETREFF_LEER
    if steuerzeichen(antwort.betreff):
        return BETREFF_STEUERZEICHEN
    if len(antwort.betreff) > BETREFF_LAENGSTENS:
        return BETREFF_ZU_LANG.format(laenge=_zahl(len(antwort.betreff)), hoechstens=_zahl(BETREFF_LAENGSTENS))
    return ""


def text_fehler(antwort: Antwort) -> str:
    """Warum der Text so nicht hinausgeht ("" = er geht): leer oder nur Leerraum — ein Fehler, keine Warnung —,
    länger als TEXT_LAENGSTENS oder mit einem Nullzeichen (das keine Datenbank speichert). Zeilenumbrüche und
    Tabulatoren gehören zum Text. Die Seite zeigt das am Feld „Text der Antwort“; `antwort_fehler` lehnt die
    Freigabe ebenso ab."""
    if not antwort.text.strip():
        return TEXT_LEER
    if len(antwort.text) > TEXT_LAENGSTENS:
        return TEXT_ZU_LANG.format(laenge=_zahl(len(antwort.text)), hoechstens=_zahl(TEXT_LAENGSTENS))
    if "\x00" in antwort.text:
        return TEXT_NUL
    return ""


def antwort_fehler(antwort: Antwort) -> list[str]:
    """Was das Senden verhindert (anders als die Warnungen, die man bewusst übergehen kann): kein oder kein
    gültiger Empfänger, ein leerer, zu langer oder (Betreff) mehrzeiliger Betreff oder Text, eine nicht ergänzte
    Lücke der Vorlage, eine Antwort mit Kundendaten, solange die Arbeitshilfe nicht durchlaufen ist — und domain.md
    5.2/A3: Kundendaten gehen nur hinaus, wenn die Identität in der Arbeitshilfe *jetzt* mit „ja“ bestätigt ist und die Antwort an die
    Adresse geht, die VerBIS beim zugeordneten Kunden hinterlegt hat. Sonst lehnt sie ab: eine Vorlage mit
    Kundendaten und einen (auch von Hand geänderten) Text, der die Kundennummer oder den Nachnamen nennt.
    Eine Vorlage, die sagt, die Mail sei weitergegeben, nur, wenn sie es ist (vorlagen.weitergabe_sperre).
    Bei jeder Freigabe neu berechnet (auch „Erneut senden“), nie aus dem Stand beim Entwerfen."""
    empfaenger = empfaenger_fehler(antwort.an)
    fehler = [f for f in (empfaenger, betreff_fehler(antwort), text_fehler(antwort)) if f]
    if LUECKE in antwort.betreff or LUECKE in antwort.text:
        fehler.append(f"Die Antwort enthält noch „{LUECKE}“: Bitte ergänzen Sie die fehlende Angabe (etwa Tag, "
                      "Uhrzeit und Ort des Termins aus dem ATV).")
    if empfaenger:
        return fehler               # ohne Empfänger geht ohnehin nichts hinaus
    mail = antwort.mail
    vorlage = VORLAGEN.get(antwort.vorlage)
    weitergabe = weitergabe_sperre(vorlage, weitergegeben_an(mail), STELLEN) if vorlage is not None else ""
    fehler += [weitergabe] if weitergabe else []       # „weitergegeben“ nur, wenn die Mail es ist
    bestaetigt = identitaet_bestaetigt(mail)
    try:
        hinterlegt = _an_hinterlegte_adresse(antwort)
        namen = _nachnamen(mail)
    except SystemNichtErreichbar:
        return [*fehler, "VerBIS ist nicht erreichbar: Ob die Adresse beim Kunden hinterlegt ist, lässt sich nicht "
                "prüfen. Bitte senden Sie später."]
    if bestaetigt and hinterlegt:
        # Kundendaten dürfen hinaus — aber erst nach dem Ende der Arbeitshilfe: sonst etwa „Wir bearbeiten Ihr
        # Anliegen“, bevor der Termin abgesagt ist (ohne bestätigte Identität sagen es die Meldungen unten schon)
        return [*fehler, ARBEITSHILFE_OFFEN] if mit_kundendaten(antwort) and arbeitshilfe_offen(mail) else fehler
    grund = ("Die Identität ist in der Arbeitshilfe nicht mit „ja“ bestätigt" if not bestaetigt else
             f"Die Adresse {antwort.an} ist in VerBIS nicht beim zugeordneten Kunden hinterlegt")
    if vorlage is None or vorlage.kundendaten:
        fehler.append(f"{grund}: Eine Antwort mit Kundendaten darf nicht hinausgehen. Verwerfen Sie den Entwurf "
                      f"und antworten Sie mit der Vorlage „{VORLAGEN[OHNE_KUNDENDATEN].titel}“ (sie bittet um "
                      "Kundennummer, Name und Geburtsdatum, ohne Angaben zum Kunden) oder verweisen Sie auf das "
                      "Postfach im eService.")
    genannt = _nennt_kundendaten(f"{antwort.betreff}\n{antwort.text}", _kundennummern(mail), namen)
    if genannt:
        fehler.append(f"{grund}: Die Antwort nennt {' und '.join(genannt)} des Kunden. Entfernen Sie diese "
                      "Angaben; ohne bestätigte Identität und hinterlegte Adresse gehen keine Kundendaten hinaus.")
    return fehler


def _an_hinterlegte_adresse(antwort: Antwort) -> bool:
    """Geht die Antwort an die Adresse, die VerBIS beim zugeordneten Kunden hinterlegt hat?"""
    if not antwort.mail.kundennummer or not antwort.an.strip():
        return False
    kunde = systeme().verbis.kunde_per_email(antwort.an)
    return kunde is not None and kunde.kundennummer == antwort.mail.kundennummer


def _kundennummern(mail: Mail) -> set[str]:
    """Die zugeordnete und die in der Mail genannte Kundennummer."""
    genannt = kundennummer_finden(mail.betreff, mail.text)
    return {n for n in (mail.kundennummer, genannt or "") if n}


def _nachnamen(mail: Mail) -> set[str]:
    """Die Nachnamen der Kunden zu diesen Kundennummern (laut VerBIS)."""
    namen: set[str] = set()
    verbis = systeme().verbis
    for nummer in _kundennummern(mail):
        kunde = verbis.kunde(nummer)
        if kunde is not None and kunde.nachname.strip():
            namen.add(kunde.nachname.strip())
    return namen


def _nennt_kundendaten(text: str, nummern: set[str], namen: set[str]) -> list[str]:
    """Was der Text vom Kunden nennt: die Kundennummer (in jeder Schreibweise: „955a 300-078“) und den
    Nachnamen (als Wort, Groß und Klein egal)."""
    genannt = []
    kompakt = kundennummer_normalisieren(text)
    if any(kundennummer_normalisieren(n) in kompakt for n in nummern):
        genannt.append("die Kundennummer")
    klein = text.casefold()
    if any(re.search(rf"(?<!\w){re.escape(n.casefold())}(?!\w)", klein) for n in namen):
        genannt.append("den Nachnamen")
    return genannt


def antwort_warnungen(antwort: Antwort) -> list[str]:
    """Was vor dem Senden auffallen muss (Datenschutz: eine Antwort mit Kundendaten an die falsche
    Person): der Absender gehört laut VerBIS nicht zum zugeordneten Kunden, die Mail nennt eine andere
    Kundennummer als die zugeordnete, die Antwort geht nicht an den Absender."""
    mail = antwort.mail
    warnungen: list[str] = []
    if mail.kundennummer:
        kunde = systeme().verbis.kunde_per_email(mail.absender) if mail.absender else None
        if kunde is None:
            warnungen.append(f"Der Absender {mail.absender or '(ohne Adresse)'} ist in VerBIS bei keinem Kunden "
                             "hinterlegt: Identität prüfen, bevor Kundendaten hinausgehen.")
        elif kunde.kundennummer != mail.kundennummer:
            warnungen.append(f"Der Absender {mail.absender} gehört laut VerBIS zu einem anderen Kunden als dem "
                             "zugeordneten.")
    genannt = kundennummer_finden(mail.betreff, mail.text)
    if genannt and mail.kundennummer and genannt != mail.kundennummer:
        warnungen.append(f"Die Mail nennt die Kundennummer {genannt}, zugeordnet ist {mail.kundennummer}.")
    if not mail.kundennummer:
        warnungen.append("Der Mail ist keine Kundennummer zugeordnet.")
    if antwort.an and antwort.an.lower() != mail.absender.lower():
        warnungen.append(f"Die Antwort geht an {antwort.an}, nicht an den Absender {mail.absender}.")
    return warnungen
