"""Verwaltung der Benutzer und Rollen für die Administration (`/verwaltung/`): eine eigene Admin-Seite,
die nur die Rolle Administration betritt (zugriff.darf_benutzer_verwalten) — nicht Djangos is_staff.
Löschen gibt es nicht: ein Benutzer wird deaktiviert (das Zugriffsprotokoll verweist auf ihn)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.http import HttpRequest

from . import zugriff
from .models import ApiSchluessel, Arbeitsplatz


class Verwaltung(admin.AdminSite):
    site_header = "Kundenportal – Verwaltung"
    site_title = "Verwaltung"
    index_title = "Benutzer und Rollen"

    def has_permission(self, request: HttpRequest) -> bool:
        return zugriff.darf_benutzer_verwalten(request.user)


class NurAdministration:
    def has_module_permission(self, request: HttpRequest) -> bool:
        return zugriff.darf_benutzer_verwalten(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return zugriff.darf_benutzer_verwalten(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return zugriff.darf_benutzer_verwalten(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return zugriff.darf_benutzer_verwalten(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ArbeitsplatzZeile(NurAdministration, admin.StackedInline):  # type: ignore[type-arg]
    model = Arbeitsplatz
    can_delete = False


class Benutzer(NurAdministration, UserAdmin):  # type: ignore[type-arg]
    inlines = [ArbeitsplatzZeile]
    list_display = ("username", "first_name", "last_name", "is_active", "last_login")
    list_filter = ("is_active", "groups")
    fieldsets = ((None, {"fields": ("username", "password")}),
                 ("Person", {"fields": ("first_name", "last_name", "email")}),
                 ("Rollen", {"fields": ("is_active", "groups")}),
                 ("Daten", {"fields": ("last_login", "date_joined")}))
    readonly_fields = ("last_login", "date_joined")


class Rollen(NurAdministration, GroupAdmin):
    pass


verwaltung = Verwaltung(name="verwaltung")
verwaltung.register(User, Benutzer)
verwaltung.register(Group, Rollen)


class Schluessel(NurAdministration, admin.ModelAdmin):  # type: ignore[type-arg]
    """API-Schlüssel ansehen und widerrufen (Aktiv aus); anlegen mit `manage.py api_schluessel anlegen`,
    denn nur dort wird der Klartext einmal gezeigt."""

    list_display = ("name", "praefix", "user", "aktiv", "erstellt", "zuletzt")
    list_filter = ("aktiv",)
    fields = ("name", "user", "praefix", "aktiv", "erstellt", "zuletzt")
    readonly_fields = ("user", "praefix", "erstellt", "zuletzt")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False


verwaltung.register(ApiSchluessel, Schluessel)
