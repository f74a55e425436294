from django.apps import AppConfig


class KatalogConfig(AppConfig):
    name = "kundenportal.katalog"
    label = "katalog"
    verbose_name = "Leitfaden-Katalog"
