from django.apps import AppConfig


class KontenConfig(AppConfig):
    name = "kundenportal.konten"
    label = "konten"
    verbose_name = "Konten, Rollen und Zugriffsprotokoll"
