"""Verwaltung der Benutzer und Rollen für die Administration (`/verwaltung/`): eine eigene Admin-Seite,
die nur die Rolle Administration betritt (zugriff.darf_benutzer_verwalten) — nicht Djangos is_staff.
Löschen gibt es nicht: ein Benutzer wird deaktiviert (das Zugriffsprotokoll verweist auf ihn).

Rollen und Standort stehen im Benutzerformular (formulare.py: Kästchen mit den Namen der Rollen, Standort aus dem
Katalog) und werden über `services.rollen_setzen` gespeichert, wie `manage.py benutzer aendern` es tut. Die Rollen
selbst stehen im Code (rollen.py): unter „Rollen“ sind sie nur zu sehen, nicht anzulegen oder zu ändern."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.contrib.auth.views import LogoutView, redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.views.decorators.cache import never_cache

from . import drosselung, services, standorte, zugriff
from .formulare import BenutzerAendern, BenutzerAnlegen, PasswortSetzen
from .models import ApiSchluessel, Rolle
from .rollen import ROLLEN


class Verwaltung(admin.AdminSite):
    """Djangos Admin als Benutzerverwaltung des Portals. Ihr Kopf (templates/admin/base_site.html) trägt den Namen
    des Portals und seine Navigation („Zum Portal“, Zugriffsprotokoll …) statt „Website anzeigen“; die Übersicht hat
    deutsche Abschnitte, die sagen, was darin steht (Benutzerkonten; Rollen und API-Schlüssel: apps.py), und einen
    Abschnitt „Zugriffsprotokoll“, der auf /protokoll/ führt (`get_app_list`)."""

    site_header = "Kundenportal – Verwaltung"
    site_title = "Verwaltung"
    index_title = "Benutzer und Rollen"
    site_url = "/"           # „Zum Portal“: die Startseite der Rolle (konten.views.start)

    def has_permission(self, request: HttpRequest) -> bool:
        return zugriff.darf_benutzer_verwalten(request.user)

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[Any]:
        """Die Abschnitte der Übersicht und der Seitenleiste; dazu „Zugriffsprotokoll“ (keine Tabelle der
        Verwaltung, eine Seite des Portals), für wer es sehen darf."""
        abschnitte: list[Any] = super().get_app_list(request, app_label)
        if app_label is None and zugriff.darf_protokoll_sehen(request.user):
            adresse = reverse("konten:protokoll")
            abschnitte.append({
                "name": "Zugriffsprotokoll", "app_label": "zugriffsprotokoll", "app_url": adresse,
                "has_module_perms": True,
                "models": [{"name": "Zugriffe auf Kundendaten (ansehen, filtern, als CSV herunterladen)",
                            "object_name": "Zugriff", "admin_url": adresse, "add_url": None, "view_only": True,
                            "perms": {"add": False, "change": False, "delete": False, "view": True}}]})
        return abschnitte

    @method_decorator(never_cache)
    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """Angemeldet wird über die Anmeldung des Portals (/anmelden/), nicht über Djangos Admin-Anmeldung: die
        verlangt is_staff und wies die Administration ab („Staff-Account“) — etwa nach „Erneut anmelden“."""
        index = reverse("admin:index", current_app=self.name)
        if request.method == "GET" and self.has_permission(request):
            return HttpResponseRedirect(index)
        if request.user.is_authenticated:     # angemeldet, aber nicht die Administration: 403 statt der Anmeldung
            raise PermissionDenied("Die Benutzerverwaltung gehört zur Rolle Administration.")
        return redirect_to_login(request.GET.get(REDIRECT_FIELD_NAME) or index, settings.LOGIN_URL)

    def logout(self, request: HttpRequest,  # type: ignore[override]  # Weiterleitung, keine TemplateResponse
               extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """Abmelden wie im Portal (konten/urls.py, /abmelden/): danach die Anmeldung, keine eigene Abschiedsseite."""
        return LogoutView.as_view(next_page=settings.LOGIN_URL)(request)


def _ja_nein(wert: bool) -> SafeString:
    """Djangos Häkchen für Ja/Nein, aber mit deutschem Alternativtext: Djangos eigenes (boolean=True) hat alt="True"
    — ein Screenreader las in der Spalte „Aktiv“ englisch vor."""
    bild = static(f"admin/img/icon-{'yes' if wert else 'no'}.svg")
    return format_html('<img src="{}" alt="{}">', bild, "Ja" if wert else "Nein")


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


class RolleFilter(admin.SimpleListFilter):
    title = "Rolle"
    parameter_name = "rolle"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(s, r.anzeige) for s, r in ROLLEN.items()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        wert = self.value()
        return queryset.filter(groups__name=wert) if wert else queryset


def _rollen(user: Any) -> str:
    return ", ".join(ROLLEN[g.name].anzeige for g in user.groups.all() if g.name in ROLLEN) or "–"


def _standort(user: Any) -> str:
    platz = getattr(user, "arbeitsplatz", None)
    return standorte.anzeige(platz.standort if platz else "")


class Benutzer(NurAdministration, UserAdmin):  # type: ignore[type-arg]
    form = BenutzerAendern
    add_form = BenutzerAnlegen
    change_password_form = PasswortSetzen
    change_user_password_template = "konten/verwaltung_passwort.html"
    change_form_template = "admin/konten/verwaltung_benutzer.html"        # die Rollen als Gruppe mit Legende
    add_form_template = "admin/konten/verwaltung_benutzer_neu.html"
    change_list_template = "admin/konten/verwaltung_benutzer_liste.html"  # passt bei 1280 px, verschiebbar bei 1024 px
    filter_horizontal = ()
    list_display = ("username", "first_name", "last_name", "rollen_namen", "standort_anzeige", "aktiv",
                    "letzte_anmeldung")
    list_filter = ("is_active", RolleFilter)
    fieldsets = ((None, {"fields": ("username", "password")}),
                 ("Person", {"fields": ("first_name", "last_name", "email")}),
                 ("Rollen und Standort", {"fields": ("is_active", "rollen", "standort")}),
                 ("Daten", {"fields": ("last_login", "date_joined")}))
    add_fieldsets = ((None, {"fields": ("username", "usable_password", "password1", "password2")}),
                     ("Rollen und Standort", {"fields": ("rollen", "standort")}))
    readonly_fields = ("last_login", "date_joined")
    actions = ["sperren", "anmeldesperre_aufheben"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("arbeitsplatz").prefetch_related("groups")

    @admin.display(description="Rollen")
    def rollen_namen(self, user: Any) -> str:
        return _rollen(user)

    @admin.display(description="Standort")
    def standort_anzeige(self, user: Any) -> str:
        return _standort(user)

    @admin.display(description="Aktiv", ordering="is_active")
    def aktiv(self, user: Any) -> SafeString:
        return _ja_nein(user.is_active)

    @admin.display(description="Letzte Anmeldung", ordering="last_login")
    def letzte_anmeldung(self, user: Any) -> str:
        """Kurz (08.03.2026 14:05, Datum und Uhrzeit dürfen umbrechen) statt Djangos „8. März 2026 14:05“: die Spalte
        passt bei 1280 px ins Fenster (admin/konten/verwaltung_benutzer_liste.html)."""
        if user.last_login is None:
            return str(self.get_empty_value_display())
        return timezone.localtime(user.last_login).strftime("%d.%m.%Y %H:%M")

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        """Das Formular weiß, wer ändert: das eigene Konto behält Administration und „Aktiv“
        (formulare._administration_bleibt)."""
        formular = super().get_form(request, obj, change=change, **kwargs)
        if issubclass(formular, BenutzerAendern):
            formular.angemeldet = request.user
        return formular

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Wie die Aktion „sperren“: wird „Aktiv“ ausgeschaltet, enden auch die offenen Sitzungen des Benutzers."""
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            services.benutzer_sperren(obj.username)

    def construct_change_message(self, request: HttpRequest, form: Any, formsets: Any, add: bool = False) -> Any:
        """Die Änderungsgeschichte nennt bei Rollen, Standort und „Aktiv“ auch, was vorher und nachher galt — Djangos
        „Rollen und Standort geändert.“ allein beantwortet nicht, wer wem wann welche Rolle gegeben hat."""
        nachricht = super().construct_change_message(request, form, formsets, add)
        if add:
            return nachricht
        geaendert = set(form.changed_data)
        details = []
        if "rollen" in geaendert:
            vorher, nachher = set(form.initial.get("rollen") or []), set(form.cleaned_data.get("rollen") or [])
            dazu = [ROLLEN[r].anzeige for r in ROLLEN if r in nachher - vorher]
            weg = [ROLLEN[r].anzeige for r in ROLLEN if r in vorher - nachher]
            teile = ([f"dazu {', '.join(dazu)}"] if dazu else []) + ([f"entfernt {', '.join(weg)}"] if weg else [])
            if teile:
                details.append(f"Rollen: {'; '.join(teile)}.")
        if "standort" in geaendert:
            details.append(f"Standort: {standorte.anzeige(form.initial.get('standort') or '')} → "
                           f"{standorte.anzeige(form.cleaned_data.get('standort') or '')}.")
        if "is_active" in geaendert:
            details.append("Gesperrt (deaktiviert, Sitzungen beendet)." if not form.cleaned_data.get("is_active")
                           else "Wieder aktiv.")
        if not details:
            return nachricht
        return " ".join([LogEntry(change_message=json.dumps(nachricht)).get_change_message(), *details])

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        services.rollen_setzen(form.instance, list(form.cleaned_data["rollen"]),
                               standort=form.cleaned_data["standort"])

    @admin.action(description="Ausgewählte Benutzer sperren (deaktivieren, Sitzungen beenden)")
    def sperren(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        namen = []
        eigenes = False
        for u in queryset:
            if u.pk == request.user.pk:
                eigenes = True
                continue
            try:
                namen.append(services.benutzer_sperren(u.username).username)
            except services.LetzteAdministration as fehler:    # die eine Regel (services.letzte_administration)
                self.message_user(request, f"Nicht gesperrt ({u.username}): {fehler}", messages.WARNING)
                continue
            self.log_change(request, u, "Gesperrt (deaktiviert, Sitzungen beendet).")
        if eigenes:
            self.message_user(request, "Das eigene Konto sperrt man nicht selbst.", messages.WARNING)
        if namen:
            self.message_user(request, f"Gesperrt: {', '.join(namen)}.", messages.SUCCESS)

    @admin.action(description="Anmeldesperre nach Fehlversuchen aufheben")
    def anmeldesperre_aufheben(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        from axes.utils import reset

        eintraege = sum(reset(username=u.username) for u in queryset)   # je Konto ein Zähler
        gezaehlt = "Fehlversuche zurückgesetzt" if eintraege else "keine Fehlversuche gezählt"
        self.message_user(request, f"Anmeldesperre der Konten aufgehoben ({gezaehlt}). Gesperrte (deaktivierte) Konten "
                                   "bleiben gesperrt, bis „Aktiv“ wieder gesetzt ist.", messages.SUCCESS)
        adressen = drosselung.gesperrte_adressen()
        if adressen:
            self.message_user(request, (
                f"Weiter gesperrt ist die Anmeldung von {'der Adresse' if len(adressen) == 1 else 'den Adressen'} "
                f"{', '.join(adressen)} (zu viele Fehlversuche über alle Konten, auch mit richtigem Passwort). "
                "Aufheben im Betrieb: manage.py axes_reset_ip ADRESSE — oder die Sperrdauer abwarten."),
                messages.WARNING)


class Rollen(NurAdministration, GroupAdmin):
    """Die Rollen aus rollen.py, nur zum Ansehen: ihre Rechte stehen im Code, nicht in Djangos Berechtigungen."""

    list_display = ("anzeige", "name")
    fields = ("name",)
    readonly_fields = ("name",)
    filter_horizontal = ()

    @admin.display(description="Rolle")
    def anzeige(self, gruppe: Group) -> str:
        rolle = ROLLEN.get(gruppe.name)
        return rolle.anzeige if rolle else f"{gruppe.name} (keine Rolle des Kundenportals)"

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


verwaltung = Verwaltung(name="verwaltung")
verwaltung.register(User, Benutzer)
verwaltung.register(Rolle, Rollen)


class Schluessel(NurAdministration, admin.ModelAdmin):  # type: ignore[type-arg]
    """API-Schlüssel ansehen und widerrufen (Aktiv aus); anlegen mit `manage.py api_schluessel anlegen`,
    denn nur dort wird der Klartext einmal gezeigt."""

    list_display = ("name", "praefix", "user", "aktiv_anzeige", "erstellt", "zuletzt")
    list_filter = ("aktiv",)
    fields = ("name", "user", "praefix", "aktiv", "erstellt", "zuletzt")
    readonly_fields = ("user", "praefix", "erstellt", "zuletzt")

    @admin.display(description="Aktiv", ordering="aktiv")
    def aktiv_anzeige(self, schluessel: ApiSchluessel) -> SafeString:
        return _ja_nein(schluessel.aktiv)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False


verwaltung.register(ApiSchluessel, Schluessel)
