"""Anmeldung: der Benutzer einer Sitzung mit seinen Rollen ohne eigene Abfrage.

Djangos `ModelBackend`, nur `get_user` (je Anfrage aus der Sitzung): hat der Sitzungsspeicher
(sitzungsspeicher.py) den Benutzer mit seinen Gruppennamen schon in der Abfrage der Sitzung mitgeladen,
wird er übernommen; sonst liest eine Abfrage Benutzer und Gruppennamen zusammen. `zugriff.rollen_von`
nimmt die Rollen von dort. Die Rollen sind damit je Anfrage frisch (eine entzogene Rolle gilt
ab der nächsten Anfrage nicht mehr) — kein Zwischenspeicher, der veralten könnte.

`authenticate` prüft wie Djangos ModelBackend (ein Passwort-Hash je Versuch, auch für unbekannte Namen) und
merkt an der Anfrage, wenn das Passwort stimmte, das Konto aber gesperrt (deaktiviert) ist: nur dann sagt die
Anmeldung „gesperrt“ statt „Benutzername oder Passwort ist falsch“ (`konto_gesperrt`) — wer das Passwort nicht
kennt, erfährt weiter nicht, ob es den Namen gibt."""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import router
from django.db.models import Aggregate, CharField
from django.http import HttpRequest

from .sitzungsspeicher import vorgeladen_nehmen
from .zugriff import rollen_setzen

TRENNER = ","      # Rollenschlüssel (rollen.ROLLEN) enthalten kein Komma
_GESPERRT = "_kundenportal_konto_gesperrt"


def konto_gesperrt(request: HttpRequest | None) -> bool:
    """Ob in dieser Anfrage ein richtiges Passwort zu einem gesperrten (deaktivierten) Konto kam."""
    return bool(getattr(request, _GESPERRT, False))


class _Namen(Aggregate):
    """Die Gruppennamen als eine Zeichenkette: SQLite GROUP_CONCAT, PostgreSQL STRING_AGG."""

    function = "GROUP_CONCAT"
    template = f"%(function)s(%(expressions)s, '{TRENNER}')"
    output_field = CharField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, function="STRING_AGG", **extra)


@functools.cache
def _sql(alias: str) -> str:
    """Die Abfrage „Benutzer mit Gruppennamen“, einmal je Prozess und Datenbank übersetzt (nicht je Anfrage)."""
    qs = get_user_model()._default_manager.using(alias).annotate(_gruppen=_Namen("groups__name")).filter(pk=0)
    sql, _ = qs.query.get_compiler(alias).as_sql()
    return str(sql)


class Anmeldung(ModelBackend):
    def authenticate(self, request: HttpRequest | None, username: str | None = None, password: str | None = None,
                     **kwargs: Any) -> Any:
        modell = get_user_model()
        if username is None:
            username = kwargs.get(modell.USERNAME_FIELD)
        if username is None or password is None:
            return None
        try:
            user = modell._default_manager.get_by_natural_key(username)
        except modell.DoesNotExist:
            modell().set_password(password)      # ein Hash wie beim vorhandenen Namen (Zeitunterschied, Django #20760)
            return None
        if not user.check_password(password):
            return None
        if self.user_can_authenticate(user):
            return user
        if request is not None:
            setattr(request, _GESPERRT, True)
        return None

    def get_user(self, user_id: Any) -> Any:
        modell = get_user_model()
        try:
            pk = modell._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        vorgeladen = vorgeladen_nehmen(pk)
        if vorgeladen is not None:
            user, namen = vorgeladen
            rollen_setzen(user, namen)
            return user if self.user_can_authenticate(user) else None
        alias = router.db_for_read(modell)
        treffer = list(modell._default_manager.db_manager(alias).raw(_sql(alias), [pk]))
        if not treffer:
            return None
        user = treffer[0]
        gruppen = str(getattr(user, "_gruppen", None) or "")
        rollen_setzen(user, [n for n in gruppen.split(TRENNER) if n])
        return user if self.user_can_authenticate(user) else None
