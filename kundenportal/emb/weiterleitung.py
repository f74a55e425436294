"""Weiterleiten an die zuständige Stelle: wohin eine Mail gehen kann, was über eine Weiterleitung feststeht und was
die Stelle bekommt. Geschrieben wird nur in `services.weiterleitung`.

Die Stellen sind Postkörbe des Aufgaben-Ports (fachverfahren.ports.aufgaben.POSTKOERBE): Dort liegt die Mail als
Aufgabe mit ihrem Text und dem Hinweis der E-Mail-Bearbeitung, die Stelle nimmt und schließt sie wie jede Aufgabe
eines Leitfadens (gespraech.aufgaben) — kein eigener Speicher daneben. Angeboten wird eine Stelle nur im Rechtskreis
der Mail (konten.rechtskreis; das Kundenpostfach ist SGB III): Familienkasse (Steuergeheimnis) und die technische
Hotline des eService sind keine Postkörbe, an die die E-Mail-Bearbeitung abgibt — dahin verweisen die Vorlagen
„Kindergeld: zuständig ist die Familienkasse“ und „Anmeldung im eService: technische Hotline“ den Kunden selbst.

Dass die Mail weitergegeben ist, steht dreifach fest: in ihrer `Weiterleitung` (eine je Mail: wer, wann, wohin,
Hinweis, Aufgabe; Warteschlange, Vorlagen), im Protokoll der Mail (Art `weitergeleitet`) und beim Erledigen im
Kontaktvermerk (`mit_weiterleitung`). Nur Lesen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from kundenportal.fachverfahren.ports import SystemNichtErreichbar
from kundenportal.fachverfahren.registry import systeme
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten.rechtskreis import POSTKORB, von_mail
from kundenportal.leitfaden.lauf import Lauf

from .anzeige import betreff_lesbar, ohne_steuerzeichen
from .models import Mail, Weiterleitung
from .vorlagen import VORLAGEN, weitergabe_sperre
from .zugriff import darf_mail_weiterleiten
from .zuordnung import GESUNDMELDUNG

ART = "weitergeleitet"               # Art im Protokoll der Mail
HINWEIS_LAENGSTENS = 500             # Zeichen im „Hinweis für die Stelle“
MAILTEXT_LAENGSTENS = 20000          # so viel vom Text der Mail steht in der Aufgabe (der Rest bleibt bei der Mail)
BETREFF_LAENGSTENS = 300             # der Betreff einer Aufgabe (Referenz: Aufgabe.betreff)
# Die Bestätigung der Weitergabe, die zum erkannten Anliegen passt (ein Grund des Vorschlags, zuordnung.klassifizieren),
# vor der allgemeinen „Eingang bestätigt …“
WEITERGABE_ZUM_GRUND = {GESUNDMELDUNG: "gesundmeldung_erhalten"}


@dataclass(frozen=True)
class Ziel:
    """Eine Stelle, an die die E-Mail-Bearbeitung weiterleitet: ihr Postkorb, ihr Name und wofür sie zuständig ist
    (Formular der Mailseite). annahme: Die Zuständigkeiten sind die des Projekts (domain.md A6, A12:
    Aufgabensteckbriefe), die echte Liste je Agentur ist nicht öffentlich."""

    postkorb: str
    titel: str
    wofuer: str


ZIELE: dict[str, Ziel] = {z.postkorb: z for z in (
    Ziel("os_algplus", "OS AlgPlus – Leistung (Arbeitslosengeld)",
         "Arbeitslosengeld: Meldungen und Fragen, die eine Entscheidung oder Änderung in Colibri brauchen (etwa eine "
         "Gesundmeldung bei Arbeitslosengeld, eine AU über 42 Kalendertage, Einkommen)."),
    Ziel("team_ez", "Team Eingangszone (Agentur vor Ort)",
         "Arbeitsvermittlung der Wohnortagentur: Unterlagen und Anliegen, die die Agentur vor Ort bearbeitet (etwa "
         "eine Gesundmeldung ohne Arbeitslosengeld)."),
    Ziel("team_sc3", "Team Service Center SGB III",
         "Anliegen, die ein Rückruf am Telefon klärt."),
)}


def ziele_fuer(mail: Mail) -> list[Ziel]:
    """Die Stellen, an die diese Mail gehen kann: nur Postkörbe im Rechtskreis der Mail (Sozialgeheimnis)."""
    kreis = von_mail(mail)
    return [z for z in ZIELE.values() if POSTKORB.get(z.postkorb) == kreis]


def stelle(postkorb: str) -> str:
    """Der Name einer Stelle für Seiten und Meldungen (nie der Schlüssel des Postkorbs)."""
    ziel = ZIELE.get(postkorb)
    return ziel.titel if ziel is not None else postkorb


STELLEN = {p: z.titel for p, z in ZIELE.items()}

NICHT_BESTAETIGT = ("Bestätigen Sie zuerst oben die Zuordnung (Anliegen und Kundennummer) mit „Zuordnung bestätigen“; "
                    "erst dann lässt sich die Mail weiterleiten — die Stelle bekommt sie für diesen Kunden.")
OHNE_KUNDENNUMMER = ("Ohne Kundennummer lässt sich die Mail nicht weiterleiten: Die Stelle wüsste nicht, wessen Anliegen "
                     "es ist. Erkennen Sie den Kunden sicher, tragen Sie oben bei der Zuordnung die Kundennummer ein; "
                     "sonst bitten Sie ihn um sie (Vorlage „Bitte um die Kundennummer“) und leiten nicht weiter.")


def weiterleiten_sperre(mail: Mail, benutzer: str) -> str:
    """Warum die Person, die die Mail bearbeitet, sie noch nicht weiterleiten kann — "" wenn sie es kann: Erst prüft
    und bestätigt sie selbst die Zuordnung (wie vor dem Start der Arbeitshilfe), und ohne Kundennummer geht nichts an
    eine Stelle (domain.md 4.4: wer nicht erkannt ist, wird um Angaben gebeten, die Mail nicht bearbeitet)."""
    if mail.bestaetigt_von != benutzer:
        return NICHT_BESTAETIGT
    if not mail.kundennummer:
        return OHNE_KUNDENNUMMER
    return ""


def weiterleitung(mail: Mail) -> Weiterleitung | None:
    """Die Weiterleitung der Mail (höchstens eine), oder None."""
    return Weiterleitung.objects.filter(mail=mail).first()


def vermerk_zeile(w: Weiterleitung) -> str:
    """Die Zeile für den Kontaktvermerk (und damit die Kontakthistorie des Kunden)."""
    zeit = timezone.localtime(w.zeit)
    aufgabe = f", Aufgabe {w.aufgabe}" if w.aufgabe is not None else ""
    return (f"An die zuständige Stelle weitergeleitet: {stelle(w.an)}{aufgabe}, am {zeit:%d.%m.%Y} um {zeit:%H:%M} "
            f"Uhr durch {w.durch}. Hinweis für die Stelle: {w.hinweis}")


def mit_weiterleitung(mail: Mail, vermerk: str) -> str:
    """Der Vermerk beim Erledigen, mit der Zeile zur Weiterleitung, wenn die Mail weitergeleitet ist (und die Zeile
    nicht schon darin steht): Die Kontakthistorie sagt, an wen die Mail ging."""
    w = weiterleitung(mail)
    zeile = vermerk_zeile(w) if w is not None else ""
    if not zeile or zeile in vermerk:
        return vermerk
    return f"{vermerk.rstrip()}\n{zeile}" if vermerk.strip() else zeile


def weitergegeben_an(mail: Mail) -> frozenset[str]:
    """Die Postkörbe, an die die Mail tatsächlich ging: weitergeleitet (services.weiterleitung) oder von der
    Arbeitshilfe als Aufgabe abgegeben — etwa EMB AU-Meldung an OS AlgPlus (Ergebnis `an_os_algplus_abgegeben`: die
    Aktion `aufgaben.erstellen` ist dann schon ausgeführt). Ausgeführt ist eine Aktion, deren Satz ihr Ergebnis
    (`aufgabe`) trägt."""
    w = weiterleitung(mail)
    an = {w.an} if w is not None else set()
    if mail.kontakt_id is not None:
        kontakt = Kontakt.objects.filter(pk=mail.kontakt_id).only("lauf").first()
        auftraege = Lauf.aus_json(kontakt.lauf).auftraege if kontakt is not None else {}
        an |= {str(s["an"]) for s in auftraege.values() if isinstance(s, dict) and s.get("system") == "aufgaben"
               and s.get("vorgang") == "erstellen" and "aufgabe" in s and s.get("an")}
    return frozenset(an)


def aufgabe(mail: Mail, hinweis: str, durch: str, jetzt: dt.datetime, identitaet: bool) -> tuple[str, str]:
    """Betreff und Text der Aufgabe, die die Stelle bekommt: der Hinweis, wer wann weiterleitete, die Wohnortagentur
    (aus VerBIS, wenn erreichbar), ob die Identität bestätigt ist, und die Mail selbst (Absender, Eingang, Betreff,
    Text, die Namen der Anhänge)."""
    zeit = timezone.localtime(jetzt)
    betreff = f"E-Mail weitergeleitet: {betreff_lesbar(mail.betreff)}"[:BETREFF_LAENGSTENS]
    zeilen = [f"Hinweis der E-Mail-Bearbeitung: {hinweis}", "",
              f"Weitergeleitet von {durch} am {zeit:%d.%m.%Y} um {zeit:%H:%M} Uhr (E-Mail-Bearbeitung, Mail {mail.pk})."]
    agentur = _wohnortagentur(mail.kundennummer)
    if agentur:
        zeilen.append(f"Wohnortagentur: {agentur}")
    zeilen.append("Identität des Absenders: " + ("in der Arbeitshilfe bestätigt." if identitaet else
                                                "nicht bestätigt — vor einer Auskunft an den Kunden prüfen."))
    anhaenge = [ohne_steuerzeichen(a) or "(ohne Namen)" for a in mail.anhaenge.values_list("dateiname", flat=True)]
    text = mail.text       # wie auf der Mailseite: Zeilen bleiben, die Seite des Postkorbs maskiert
    gekuerzt = len(text) > MAILTEXT_LAENGSTENS
    zeilen += ["", "--- Die Mail ---",
               f"Von: {ohne_steuerzeichen(mail.absender_name)} <{ohne_steuerzeichen(mail.absender)}>",
               f"Eingegangen: {timezone.localtime(mail.eingegangen):%d.%m.%Y %H:%M}",
               f"Betreff: {betreff_lesbar(mail.betreff)}"]
    if anhaenge:
        zeilen.append(f"Anhänge (liegen bei der Mail in der E-Mail-Bearbeitung): {', '.join(anhaenge)}")
    zeilen += ["", text[:MAILTEXT_LAENGSTENS] + ("\n[… gekürzt]" if gekuerzt else "")]
    return betreff, "\n".join(zeilen)


def _wohnortagentur(kundennummer: str) -> str:
    if not kundennummer:
        return ""
    try:
        kunde = systeme().verbis.kunde(kundennummer)
    except SystemNichtErreichbar:
        return ""
    return kunde.wohnort_agentur if kunde is not None else ""


def vorlagen_zur_wahl(mail: Mail, namen: tuple[str, ...]) -> tuple[list[tuple[str, str]], list[str]]:
    """Von den Vorlagen `namen` die, die jetzt gehen, als (Schlüssel, Titel) — die, die eine geschehene Weitergabe
    bestätigen, zuerst (nach „Weiterleiten“ ist es die nächste Antwort), und unter ihnen die zum erkannten Anliegen
    (eine Gesundmeldung: „Gesundmeldung erhalten“) — und die Titel derer, die erst nach dem Weiterleiten gehen (die
    Seite sagt das, statt sie kommentarlos wegzulassen)."""
    an = weitergegeben_an(mail)
    gehen = [n for n in namen if not weitergabe_sperre(VORLAGEN[n], an, STELLEN)]
    passend = {WEITERGABE_ZUM_GRUND[g] for g in mail.vorschlag_gruende or ()
               if isinstance(g, str) and g in WEITERGABE_ZUM_GRUND}
    gehen.sort(key=lambda n: (VORLAGEN[n].weitergabe is None, n not in passend))
    return [(n, VORLAGEN[n].titel) for n in gehen], [VORLAGEN[n].titel for n in namen if n not in gehen]


def fuer_die_seite(user: Any, mail: Mail, meine: bool) -> dict[str, Any]:
    """Was der Abschnitt „Weiterleiten“ der Mailseite zeigt: die geschehene Weiterleitung (für alle, die die Mail
    sehen) oder, für die Person, die sie bearbeitet, das Formular mit den Stellen im Rechtskreis der Mail."""
    bisher = weiterleitung(mail)
    darf = meine and bisher is None and darf_mail_weiterleiten(user, mail)
    sperre = weiterleiten_sperre(mail, user.get_username()) if darf else ""
    return {"weiterleitung": bisher, "weiterleiten_ziele": ziele_fuer(mail) if darf and not sperre else [],
            "weiterleiten_sperre": sperre, "hinweis_laengstens": HINWEIS_LAENGSTENS}
