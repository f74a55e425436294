"""Wer darf Mails bearbeiten: die Rolle mit dem Kanal `emb` (konten.zugriff); ohne die App konten
die Gruppe `agent_emb` (house style, habit 4)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from .models import WARTEND, Antwort, Mail

try:
    from kundenportal.konten.zugriff import kanaele_fuer
except ImportError:  # pragma: no cover - konten noch nicht installiert
    def kanaele_fuer(user: Any) -> list[str]:
        if not getattr(user, "is_authenticated", False):
            return []
        return ["emb"] if user.groups.filter(name="agent_emb").exists() else []


def darf_mails_bearbeiten(user: Any) -> bool:
    return "emb" in kanaele_fuer(user)


def darf_mail_aendern(user: Any, mail: Mail) -> bool:
    """Ändern (bestätigen, Arbeitshilfe, Antwort) nur, wer die Mail beansprucht hat."""
    return darf_mails_bearbeiten(user) and mail.bearbeiter == user.get_username()


def darf_mail_weiterleiten(user: Any, mail: Mail) -> bool:
    """An die zuständige Stelle weiterleiten: wer die Mail bearbeitet (`darf_mail_aendern`), im Rechtskreis der Mail
    (`konten.zugriff.darf_mail_sehen`) — die Stellen selbst bietet `weiterleitung.ziele_fuer` nur in diesem an."""
    from kundenportal.konten.zugriff import darf_mail_sehen

    return darf_mail_aendern(user, mail) and darf_mail_sehen(user, mail)


def darf_quarantaene_sehen(user: Any) -> bool:
    """Die Quarantäne (Grund, Rohtext, neu zerlegen): die Rolle „Teamleitung E-Mail“ (konten.zugriff)."""
    from kundenportal.konten.zugriff import darf_quarantaene_sehen as entscheidung

    return entscheidung(user)


def darf_warteschlange_sehen(user: Any) -> bool:
    """Die Liste der Warteschlange: die E-Mail-Bearbeitung und die Teamleitung E-Mail (konten.zugriff)."""
    from kundenportal.konten.zugriff import darf_warteschlange_sehen as entscheidung

    return entscheidung(user)


def darf_warteschlange_steuern(user: Any) -> bool:
    """Gehaltene Mails sehen (wer, seit wann) und freigeben: die Teamleitung E-Mail (konten.zugriff)."""
    from kundenportal.konten.zugriff import darf_warteschlange_steuern as entscheidung

    return entscheidung(user)


def freigabe_pruefen(user: Any, *, mail_id: int, **_: Any) -> Mail:
    """Vor „Freigeben“ durch die Teamleitung: die Mail (nur die Spalten, die die Seite zeigt — nie Text, Rohtext
    oder Anhänge), wenn `user` sie freigeben darf (`konten.zugriff.darf_mail_freigeben`: Rolle und Rechtskreis der
    Mail), sonst 403; eine unbekannte Mail 404."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from kundenportal.konten.zugriff import darf_mail_freigeben

    mail = (Mail.objects.only("id", "betreff", "eingegangen", "status", "bearbeiter", "beansprucht_am", "kontakt",
                              "kundennummer")
            .select_related("kontakt").filter(pk=mail_id).first())
    if mail is None:
        raise Http404("Diese Mail gibt es nicht.")
    if not darf_mail_freigeben(user, mail):
        raise PermissionDenied("Diese Mail gehört zu einem anderen Rechtskreis." if darf_warteschlange_steuern(user)
                               else "Gehaltene Mails gibt die Teamleitung E-Mail frei.")
    return mail


def _im_rechtskreis(user: Any, pfad: str = "") -> Q:
    """Bedingung „Mail im Rechtskreis des Benutzers“ (wie `konten.rechtskreis.von_mail`): ohne Kontakt
    SGB III, sonst der Rechtskreis des Kanals ihres Kontakts. `pfad` führt von einem anderen Modell zur Mail."""
    from kundenportal.konten.rechtskreis import SGB_III, kanaele
    from kundenportal.konten.zugriff import rechtskreise_fuer

    kreise = rechtskreise_fuer(user)
    # Ein LEFT JOIN auf den Kontakt, keine EXISTS-Unterabfrage: PostgreSQL kostet eine Unterabfrage im OR für
    # jede Zeile (auch die ohne Kontakt) und wählt bei vielen Kontakten die gehashte Form, die beim ersten
    # Treffer alle Kontakte der Kanäle liest. Die Teilindizes der Warteschlange enthalten `kontakt_id`, damit
    # Seite und Zählung den Index allein lesen (Migration 0007).
    bedingung = Q(**{f"{pfad}kontakt__kanal__in": kanaele(*kreise)})
    if SGB_III in kreise:
        bedingung |= Q(**{f"{pfad}kontakt__isnull": True})
    return bedingung


def nur_sichtbare(user: Any, mails: QuerySet[Any], pfad: str = "") -> QuerySet[Any]:
    """Warteschlange und offene Antworten: nur Mails im Rechtskreis des Benutzers (Sozial- und
    Steuergeheimnis) — was nicht dazu gehört, erscheint nicht, auch nicht gezählt."""
    return mails.filter(_im_rechtskreis(user, pfad))


def verbirgt_etwas(user: Any) -> bool:
    """Ob `nur_sichtbare` für diesen Benutzer gerade Mails der Warteschlange ausblendet (dann zählt die
    Liste selbst): nur, wenn es dort Mails eines Rechtskreises gibt, den er nicht liest (eine EXISTS-Abfrage)."""
    from kundenportal.konten.rechtskreis import NAMEN
    from kundenportal.konten.zugriff import rechtskreise_fuer

    if set(NAMEN) <= rechtskreise_fuer(user):
        return False

    return Mail.objects.filter(status__in=WARTEND).exclude(_im_rechtskreis(user)).exists()


def mail_pruefen(user: Any, *, mail_id: int | None = None, antwort_id: int | None = None, **_: Any) -> None:
    """Vor jeder Seite zu einer Mail (lesen, Anhang, bearbeiten, antworten): nur im Rechtskreis der Mail
    (`konten.zugriff.darf_mail_sehen`), sonst 403. Eine unbekannte Mail meldet die Seite selbst (404)."""
    from django.core.exceptions import PermissionDenied

    from kundenportal.konten.zugriff import darf_mail_sehen

    if antwort_id is not None:
        mail_id = Antwort.objects.filter(pk=antwort_id).values_list("mail_id", flat=True).first()
    if mail_id is None:
        return
    mail = Mail.objects.only("id", "kontakt").select_related("kontakt").filter(pk=mail_id).first()
    if mail is not None and not darf_mail_sehen(user, mail):
        raise PermissionDenied("Diese Mail gehört zu einem anderen Rechtskreis.")
