from django.apps import AppConfig


class KontenConfig(AppConfig):
    name = "kundenportal.konten"
    label = "konten"
    verbose_name = "Konten, Rollen und Zugriffsprotokoll"

    def ready(self) -> None:
        from . import drosselung  # noqa: F401  (Signale: Sperren und Anmeldungen protokollieren)
