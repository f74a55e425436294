from django.apps import AppConfig


class KontenConfig(AppConfig):
    name = "kundenportal.konten"
    label = "konten"
    # So heißt der Abschnitt in der Verwaltung (/verwaltung/): was dort steht, nicht was die App sonst kann.
    verbose_name = "Rollen und API-Schlüssel"

    def ready(self) -> None:
        from django.apps import apps
        from django.core.signals import request_started

        from . import drosselung  # noqa: F401  (Signale: Sperren und Anmeldungen protokollieren)
        from .sitzungsspeicher import vorgeladen_leeren

        request_started.connect(vorgeladen_leeren, dispatch_uid="kundenportal_vorgeladen_leeren")
        # Djangos App „auth“ heißt in der Verwaltung sonst „Authentifizierung und Autorisierung“ (Überschrift der
        # Übersicht, Navigationspfad jeder Benutzerseite) — dort stehen aber nur die Benutzerkonten. (Eine Unterklasse
        # von AuthConfig in INSTALLED_APPS täte es auch, aber dann findet das mypy-Plugin von django-stubs das
        # Benutzermodell nicht mehr.)
        apps.get_app_config("auth").verbose_name = "Benutzerkonten"
