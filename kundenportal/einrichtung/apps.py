from django.apps import AppConfig


class EinrichtungConfig(AppConfig):
    name = "kundenportal.einrichtung"
    label = "einrichtung"
    verbose_name = "Einrichtung"
