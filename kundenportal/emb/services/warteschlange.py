"""Die Warteschlange steuern: eine Mail zurückgeben (die Person selbst), eine gehaltene Mail freigeben (die
Teamleitung E-Mail, mit Grund) und die nächste Mail übernehmen („Nächste Mail“).

Beides Zurückgeben läuft über denselben Code (`_zurueck_in_die_warteschlange`): Arbeitshilfe abbrechen, Entwürfe
und angefangenen Vermerk verwerfen, die Zuordnung nur als Vorschlag stehen lassen. „Nächste Mail“ übernimmt mit
demselben bedingten UPDATE wie „Übernehmen“ (`bearbeitung._anspruch_setzen`): Von zwei Beschäftigten, die zugleich
drücken, bekommt jede eine andere Mail. Auf PostgreSQL überspringt die Auswahl Zeilen, die gerade eine andere
Transaktion übernimmt (`SELECT … FOR UPDATE SKIP LOCKED`); wo es das nicht gibt (SQLite schreibt ohnehin nur
nacheinander), versucht sie die nächste, wenn das UPDATE keine Zeile mehr trifft."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import connection, transaction

from kundenportal.gespraech.fehler import GespraechFehler, KeinZugriff

from ..models import Mail
from ..zugriff import nur_sichtbare
from .bearbeitung import (
    TEAMLEITUNG_FREIGEGEBEN,
    _anspruch_setzen,
    _entwuerfe_verwerfen,
    _kontakt_abbrechen,
    _protokoll,
)

logger = logging.getLogger(__name__)

# Warum die Teamleitung eine gehaltene Mail freigibt: Code (im Protokoll) → Text (Formular, Protokoll)
FREIGABE_GRUENDE: dict[str, str] = {
    "abwesend": "Die Person ist abwesend (Urlaub, Krankheit, Dienstende).",
    "verteilen": "Die Arbeit wird neu verteilt (Rückstand, Dringlichkeit).",
    "anderer": "Anderer Grund (bitte erläutern).",
}
ERLAEUTERUNG_LAENGSTENS = 200
ZURUECKGEGEBEN = "Mail zurück in die Warteschlange gegeben"
VON_DER_TEAMLEITUNG = "Mail von der Teamleitung zurück in die Warteschlange gegeben"
VERSUCHE = 20          # so viele Mails versucht „Nächste Mail“, die ihr andere gerade wegnehmen


class FreigabeUngueltig(ValueError):
    """Grund oder Erläuterung der Freigabe fehlen oder passen nicht; `feld` nennt das Formularfeld."""

    def __init__(self, feld: str, meldung: str) -> None:
        super().__init__(meldung)
        self.feld = feld


class NichtGehalten(ValueError):
    """Die Mail, die die Teamleitung freigeben will, bearbeitet niemand (mehr) — etwa eben erledigt."""


def mail_freigeben(user: Any, mail_id: int, jetzt: dt.datetime) -> bool:
    """Gibt eine beanspruchte Mail zurück in die Warteschlange (nur wer sie hat): Die Arbeitshilfe bricht ab, ein
    Antwortentwurf und ein angefangener Vermerk werden verworfen — wer die Mail danach übernimmt, beginnt neu."""
    benutzer = user.get_username()
    with transaction.atomic():
        mail = _zurueck_in_die_warteschlange(mail_id, benutzer, benutzer, jetzt, ZURUECKGEGEBEN)
        if mail is not None:
            _protokoll(mail, benutzer, "freigegeben", jetzt)
    return mail is not None


def mail_freigeben_als_teamleitung(user: Any, mail_id: int, jetzt: dt.datetime, grund: str,
                                   erlaeuterung: str = "") -> str:
    """Die Teamleitung E-Mail gibt eine Mail frei, die jemand anderes hält (etwa eine abwesende Kollegin): dasselbe
    wie dessen „Zurück in die Warteschlange“, dazu ein Eintrag im Protokoll der Mail mit ihrem Namen, wem sie die
    Mail nahm, seit wann er sie hatte, und dem Grund (`grund` aus FREIGABE_GRUENDE; bei „anderer“ ist die
    `erlaeuterung` Pflicht). Der Grund steht nur im Protokoll der Mail, nie im Vermerk des abgebrochenen Kontakts —
    der steht in der Kontakthistorie des Kunden. Gibt zurück, wer die Mail hatte. Ob die Teamleitung das darf
    (Rolle, Rechtskreis), entscheidet die Seite vorher (emb.zugriff.freigabe_pruefen)."""
    erlaeuterung = " ".join(erlaeuterung.split())
    if grund not in FREIGABE_GRUENDE:
        raise FreigabeUngueltig("grund", "Grund: Bitte wählen Sie, warum Sie die Mail freigeben.")
    if len(erlaeuterung) > ERLAEUTERUNG_LAENGSTENS:
        raise FreigabeUngueltig("erlaeuterung", f"Erläuterung: Bitte höchstens {ERLAEUTERUNG_LAENGSTENS} Zeichen "
                                f"(jetzt {len(erlaeuterung)}).")
    if grund == "anderer" and not erlaeuterung:
        raise FreigabeUngueltig("erlaeuterung", "Erläuterung: Bei „Anderer Grund“ schreiben Sie kurz, warum Sie "
                                "die Mail freigeben.")
    benutzer = user.get_username()
    with transaction.atomic():
        gehalten = Mail.objects.select_for_update().filter(id=mail_id).only("bearbeiter", "status",
                                                                            "beansprucht_am").first()
        if gehalten is None or gehalten.status != Mail.Status.IN_BEARBEITUNG or not gehalten.bearbeiter:
            stand = gehalten.stand_satz if gehalten is not None else "Diese Mail gibt es nicht."
            raise NichtGehalten(f"Diese Mail bearbeitet niemand mehr; es gibt nichts freizugeben. {stand}")
        mail = _zurueck_in_die_warteschlange(mail_id, gehalten.bearbeiter, benutzer, jetzt, VON_DER_TEAMLEITUNG,
                                             durch=user)
        assert mail is not None         # gesperrt und eben geprüft: das UPDATE trifft die Zeile
        _protokoll(mail, benutzer, TEAMLEITUNG_FREIGEGEBEN, jetzt, bearbeiter=gehalten.bearbeiter,
                   beansprucht_am=gehalten.beansprucht_am.isoformat() if gehalten.beansprucht_am else "",
                   grund=grund, grund_text=FREIGABE_GRUENDE[grund], erlaeuterung=erlaeuterung)
    return gehalten.bearbeiter


def _zurueck_in_die_warteschlange(mail_id: int, bearbeiter: str, benutzer: str, jetzt: dt.datetime,
                                  grund: str, durch: Any = None) -> Mail | None:
    """Was „Zurück in die Warteschlange“ tut, ob die Person selbst die Mail zurückgibt oder die Teamleitung sie
    freigibt (`benutzer`): nur wenn `bearbeiter` die Mail gerade bearbeitet (ein bedingtes UPDATE, sonst None).

    Die Arbeitshilfe bricht ab (`grund` steht im Vermerk des abgebrochenen Kontakts), Antwortentwürfe und der
    angefangene Vermerk sind verworfen. Die Zuordnung (Anliegen, Kundennummer, Arbeitshilfe) bleibt als Vorschlag
    stehen — sie ist eine Lesart der Mail, kein Ergebnis der Arbeitshilfe —, gilt aber als nicht bestätigt
    (`bestaetigt_von` leer): Wer die Mail übernimmt, prüft und bestätigt sie selbst, bevor die Arbeitshilfe
    startet (bearbeitung_starten); die Identitätsprüfung des vorigen Kontakts ist mit ihm abgebrochen. `durch`: der
    Benutzer der Teamleitung, wenn sie freigibt — das Zugriffsprotokoll des Abbruchs nennt sie."""
    if not Mail.objects.filter(id=mail_id, bearbeiter=bearbeiter, status=Mail.Status.IN_BEARBEITUNG).update(
            bearbeiter="", beansprucht_am=None, status=Mail.Status.OFFEN, vermerk_entwurf="", vermerk_grundlage="",
            bestaetigt_von=""):
        return None
    mail = Mail.objects.select_related("kontakt__user").get(id=mail_id)
    if bearbeiter == benutzer:
        _kontakt_abbrechen(mail, grund)
    else:
        _fremden_kontakt_abbrechen(mail, benutzer, jetzt, grund, durch)
    # Der Entwurf beruht auf der Arbeitshilfe, die eben abgebrochen ist (etwa ihrer bestätigten
    # Identität): Wer die Mail übernimmt, sähe sonst Kundendaten, bevor er die Identität bestätigt (A3).
    _entwuerfe_verwerfen(mail, benutzer, jetzt, grund)
    return mail


def _fremden_kontakt_abbrechen(mail: Mail, benutzer: str, jetzt: dt.datetime, grund: str, durch: Any = None) -> None:
    """Bricht den Kontakt der Person ab, die die Mail hielt (er bleibt ihrer). Darf sie ihn nicht mehr bearbeiten
    (Konto deaktiviert, Rolle entzogen), lehnt das Gespräch den Abschluss ab: Dann löst sich der Kontakt nur von der
    Mail — die Mail ist trotzdem frei —, und das Protokoll der Mail sagt, dass er offen blieb."""
    kontakt_id = mail.kontakt_id
    try:
        with transaction.atomic():
            _kontakt_abbrechen(mail, grund, durch)
    except (GespraechFehler, KeinZugriff) as fehler:
        logger.warning("Kontakt %s der Mail %s ließ sich nicht abschließen: %s", kontakt_id, mail.pk, fehler)
        mail.kontakt = None
        mail.save(update_fields=["kontakt"])
        _protokoll(mail, benutzer, "arbeitshilfe_offen_geblieben", jetzt, kontakt=str(kontakt_id),
                   grund=str(fehler))


def naechste_mail_beanspruchen(user: Any, jetzt: dt.datetime) -> Mail | None:
    """„Nächste Mail“: übernimmt die älteste offene Mail, die niemand hält, im Rechtskreis von `user`
    (emb.zugriff.nur_sichtbare), und gibt sie zurück — None, wenn keine mehr da ist. Nimmt sie ihr jemand zwischen
    Auswahl und Übernahme weg (das UPDATE trifft keine Zeile mehr), versucht sie die nächste."""
    benutzer = user.get_username()
    kandidaten = nur_sichtbare(user, Mail.objects.filter(status=Mail.Status.OFFEN, bearbeiter="")
                               ).order_by("eingegangen", "id")
    versucht: list[int] = []
    for _ in range(VERSUCHE):
        with transaction.atomic():
            auswahl = kandidaten.exclude(id__in=versucht)
            if connection.features.has_select_for_update_skip_locked:
                # nur die Zeile der Mail sperren (of=self): der Kontakt steht im LEFT JOIN des Rechtskreises
                auswahl = auswahl.select_for_update(skip_locked=True, of=("self",))
            mail_id = auswahl.values_list("id", flat=True).first()
            if mail_id is None:
                return None
            if _anspruch_setzen(Mail.objects.filter(id=mail_id), benutzer, jetzt):
                return Mail.objects.defer("roh").get(id=mail_id)
        versucht.append(mail_id)
    return None
