from django.apps import AppConfig


class GespraechConfig(AppConfig):
    name = "kundenportal.gespraech"
    label = "gespraech"
    verbose_name = "Gespräche (Kontakte)"
