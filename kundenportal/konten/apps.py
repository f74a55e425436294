from django.apps import AppConfig


class KontenConfig(AppConfig):
    name = "kundenportal.konten"
    label = "konten"
    verbose_name = "Konten, Rollen und Zugriffsprotokoll"

    def ready(self) -> None:
        from django.core.signals import request_started

        from . import drosselung  # noqa: F401  (Signale: Sperren und Anmeldungen protokollieren)
        from .sitzungsspeicher import vorgeladen_leeren

        request_started.connect(vorgeladen_leeren, dispatch_uid="kundenportal_vorgeladen_leeren")
