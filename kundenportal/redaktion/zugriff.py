"""Wer darf was in der Redaktion (Vier-Augen-Prinzip): Entwürfe und Pakete bearbeitet die Redaktion,
freigeben darf die Rolle Freigabe — nie die Autorin oder der Autor des Pakets."""

from __future__ import annotations

from typing import Any

from kundenportal.konten.zugriff import darf_katalog_bearbeiten, rollen_von


def darf_redigieren(user: Any) -> bool:
    return darf_katalog_bearbeiten(user)


def darf_freigeben(user: Any, paket: Any = None) -> bool:
    if not any(r.schluessel == "freigabe" for r in rollen_von(user)):
        return False
    return paket is None or paket.autor_id != user.pk


def darf_redaktion_sehen(user: Any) -> bool:
    return darf_redigieren(user) or darf_freigeben(user)


def darf_lesestand_sehen(user: Any) -> bool:
    """Die Teamleitung sieht, wer einen Änderungshinweis noch nicht bestätigt hat."""
    return any(r.kennzahlen for r in rollen_von(user))
