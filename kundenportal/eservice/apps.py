from django.apps import AppConfig


class EserviceConfig(AppConfig):
    name = "kundenportal.eservice"
    verbose_name = "eService für Kunden"
