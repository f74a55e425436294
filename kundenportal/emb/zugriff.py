"""Wer darf Mails bearbeiten: die Rolle mit dem Kanal `emb` (konten.zugriff); ohne die App konten
die Gruppe `agent_emb` (house style, habit 4)."""

from __future__ import annotations

from typing import Any

from .models import Mail

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


def darf_quarantaene_sehen(user: Any) -> bool:
    """Die Quarantäne (Grund, Rohtext, neu zerlegen): die Rolle „Teamleitung E-Mail“ (konten.zugriff)."""
    from kundenportal.konten.zugriff import darf_quarantaene_sehen as entscheidung

    return entscheidung(user)
