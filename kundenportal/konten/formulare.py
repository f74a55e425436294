"""Formulare der Konten: Benutzer anlegen und ändern in der Verwaltung (Rollen als Liste zum Ankreuzen mit ihren
Namen, Standort aus dem Katalog) und die Anmeldung der Beschäftigten.

Gespeichert werden Rollen und Standort nicht vom Formular, sondern von `services.rollen_setzen` (docs/hausstil.md,
Gewohnheit 3); das Formular prüft nur. Die Rollen stehen als Kästchen statt in Djangos Auswahl mit zwei Listen
(filter_horizontal): die baut ein Skript mit Attributen, die axe als `aria-prohibited-attr` meldet, und ihre
Texte fehlen in Djangos deutscher Übersetzung."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    AdminUserCreationForm,
    AuthenticationForm,
    UserChangeForm,
)
from django.core.exceptions import ValidationError

from . import standorte
from .anmeldung import konto_gesperrt
from .rollen import ROLLEN, rollen_unvereinbar, standort_fehlt
from .services import letzte_administration

FALSCH = "Benutzername oder Passwort ist falsch. Bitte erneut versuchen."
GESPERRT = ("Ihr Konto ist gesperrt. Bitte wenden Sie sich an die Administration Ihrer Dienststelle; "
            "sie kann es wieder freischalten.")


class RollenKaestchen(forms.CheckboxSelectMultiple):
    """Kästchen, die als Gruppe mit Namen stehen: die Verwaltung rendert das Feld als <fieldset> mit <legend>
    (admin/konten/verwaltung_fieldset.html, WCAG 1.3.1) statt mit Djangos <label> ohne for davor."""

    als_gruppe = True


class RollenFeld(forms.MultipleChoiceField):
    """Die Rollen (rollen.ROLLEN) mit ihren Namen; gespeichert werden die Schlüssel."""

    widget = RollenKaestchen

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("choices", [(s, r.anzeige) for s, r in ROLLEN.items()])
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Rollen")
        kwargs.setdefault("help_text", "Mehrere Rollen addieren ihre Rechte. Ohne Rolle sieht der Benutzer nur den "
                                       "Katalog.")
        super().__init__(**kwargs)


class StandortFeld(forms.ChoiceField):
    """Eine Agentur aus dem Katalog, nach Verbund gruppiert; leer = ohne Standort. Ein gespeicherter unbekannter
    Wert steht markiert in der Auswahl und muss vor dem Speichern korrigiert werden (standorte.fehler)."""

    def __init__(self, *, aktuell: str = "", **kwargs: Any) -> None:
        auswahl: list[Any] = [("", "– ohne Standort –")]
        auswahl += [(verbund, [(a, a) for a in agenturen]) for verbund, agenturen in standorte.bekannte().items()]
        hilfe = "Die Agentur des Arbeitsplatzes; nach ihr gilt die Standortvariante eines Leitfadens."
        if aktuell and not standorte.ist_bekannt(aktuell):
            auswahl.append((aktuell, f"{aktuell} ({standorte.UNBEKANNT})"))
            hilfe = (f"Gespeichert ist „{aktuell}“ — keine Agentur aus dem Katalog. Bitte den richtigen Standort "
                     f"wählen.")
        kwargs.setdefault("label", "Standort")
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", hilfe)
        super().__init__(choices=auswahl, **kwargs)

    def validate(self, value: Any) -> None:
        meldung = standorte.fehler(str(value or ""))
        if meldung:
            raise ValidationError(meldung, code="invalid_choice")
        super().validate(value)


def _rollen_und_standort(form: forms.ModelForm[Any]) -> None:
    """Die Felder `rollen` und `standort` eines der beiden Formulare, vorbelegt aus dem Benutzer."""
    user = form.instance
    standort = ""
    rollen: list[str] = []
    if user is not None and user.pk:
        from .models import Arbeitsplatz

        platz = Arbeitsplatz.objects.filter(user=user).first()
        standort = platz.standort if platz else ""
        rollen = [n for n in user.groups.values_list("name", flat=True) if n in ROLLEN]
    form.fields["standort"] = StandortFeld(aktuell=standort)
    form.initial.setdefault("rollen", rollen)
    form.initial.setdefault("standort", standort)


def _standort_zu_rollen(form: forms.ModelForm[Any]) -> None:
    """Eine Rolle, die Kontakte führt oder steuert, nur mit Standort (rollen.standort_fehlt): Meldung am Standort."""
    daten = form.cleaned_data
    if "rollen" in daten and "standort" in daten:
        meldung = standort_fehlt(list(daten["rollen"]), daten["standort"] or "")
        if meldung:
            form.add_error("standort", meldung)


def _rollen_vereinbar(form: forms.ModelForm[Any]) -> None:
    """Administration nicht mit einer Rolle, die Kundendaten liest oder ändert (rollen_unvereinbar): Meldung an den
    Rollen. Ein Superuser gilt als Administration (zugriff.rollen_setzen), auch ohne das Kästchen."""
    rollen = list(form.cleaned_data.get("rollen") or [])
    superuser = bool(getattr(form.instance, "is_superuser", False))
    meldung = rollen_unvereinbar([*rollen, "administration"] if superuser else rollen)
    if meldung:
        form.add_error("rollen", meldung + (" Dieses Konto ist Superuser und gilt darum als Administration."
                                            if superuser and "administration" not in rollen else ""))


def _administration_bleibt(form: forms.ModelForm[Any], angemeldet: Any) -> None:
    """Die Verwaltung sperrt sich nicht selbst aus: Wer sich die Rolle Administration nimmt oder sich „Aktiv“
    ausschaltet, stand sofort vor „Kein Zugriff“ — und war es das letzte aktive Konto der Administration, konnte
    niemand mehr Benutzer verwalten oder das Zugriffsprotokoll lesen (nur noch `manage.py benutzer`). Darum:
    das eigene Konto behält Administration und „Aktiv“ (nur hier: die Kommandozeile kennt keinen angemeldeten
    Benutzer), und dem letzten aktiven Konto der Administration wird beides nicht genommen — diese Regel steht
    einmal in services.letzte_administration, für Formular, Dienste und Kommandozeile. Meldung an „Rollen“ bzw.
    „Aktiv“. Ein Superuser gilt auch ohne die Rolle als Administration: ihm nimmt nur „Aktiv“ etwas."""
    user = form.instance
    if user is None or not user.pk:
        return
    daten = form.cleaned_data
    rollen = list(daten["rollen"]) if "rollen" in daten else None
    rolle_weg = rollen is not None and "administration" not in rollen and not user.is_superuser
    aus = "is_active" in daten and not daten["is_active"]
    if not (rolle_weg or aus):
        return
    war_admin = user.is_active and (user.is_superuser or user.groups.filter(name="administration").exists())
    if war_admin and angemeldet is not None and angemeldet.pk == user.pk:
        grund = ("Das eigene Konto behält die Rolle „Administration“ und bleibt aktiv — sonst sperrten Sie sich "
                 "selbst aus der Verwaltung aus. Das erledigt eine andere Administratorin oder ein anderer "
                 "Administrator.")
    else:       # gesperrt und gezählt in der Transaktion von changeform_view, die auch speichert
        grund = letzte_administration(user, rollen=rollen, aktiv=False if aus else None)
        if not grund:
            return
    if rolle_weg:
        form.add_error("rollen", grund)
    if aus:
        form.add_error("is_active", grund)


class BenutzerAnlegen(AdminUserCreationForm):  # type: ignore[type-arg]
    rollen = RollenFeld()
    standort = forms.CharField(required=False)     # je Formular ein StandortFeld (_rollen_und_standort)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _rollen_und_standort(self)

    def clean(self) -> dict[str, Any] | None:
        daten = super().clean()
        _standort_zu_rollen(self)
        _rollen_vereinbar(self)
        return daten


class BenutzerAendern(UserChangeForm):  # type: ignore[type-arg]
    """Benutzer ändern; `angemeldet` (gesetzt von admin.Benutzer.get_form) ist, wer ändert — das eigene Konto
    nimmt man sich nicht (`_administration_bleibt`)."""

    angemeldet: Any = None
    rollen = RollenFeld()
    standort = forms.CharField(required=False)     # je Formular ein StandortFeld (_rollen_und_standort)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _rollen_und_standort(self)

    def clean(self) -> dict[str, Any] | None:
        daten = super().clean()
        _standort_zu_rollen(self)
        _rollen_vereinbar(self)
        _administration_bleibt(self, self.angemeldet)
        return daten


class PasswortSetzen(AdminPasswordChangeForm):  # type: ignore[type-arg]
    """Djangos Formular „Passwort ändern“ der Verwaltung; sein Hinweis zum Ausschalten steht dort fest auf Englisch
    im Code (nicht übersetzbar) und ist hier deutsch."""

    usable_password_help_text = (
        "Ob sich der Benutzer mit einem Passwort anmelden kann. Ausgeschaltet kann er sich weiter anders anmelden, "
        "etwa mit dem Dienstkonto der Agentur (Single Sign-On)."
        '<ul id="id_unusable_warning" class="messagelist"><li class="warning">'
        "Ausgeschaltet geht das bisherige Passwort dieses Benutzers verloren.</li></ul>")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:       # nach einem Fehler gehört der Fokus dem Hinweis (konten/verwaltung_passwort.html)
            self.fields["password1"].widget.attrs.pop("autofocus", None)


class Anmeldeformular(AuthenticationForm):
    """Djangos Anmeldung mit deutschen Meldungen: „gesperrt“ nur, wenn das Passwort stimmte (anmeldung.Anmeldung
    merkt es an der Anfrage) — sonst dieselbe Meldung für falschen Namen und falsches Passwort."""

    error_messages = {**AuthenticationForm.error_messages, "invalid_login": FALSCH, "inactive": GESPERRT}

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError as fehler:
            if fehler.code == "invalid_login" and konto_gesperrt(self.request):
                raise ValidationError(GESPERRT, code="inactive") from None
            raise
