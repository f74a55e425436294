from django.apps import AppConfig


class QsConfig(AppConfig):
    name = "kundenportal.qs"
    label = "qs"
    verbose_name = "Qualitätssicherung"
