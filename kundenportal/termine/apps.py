from django.apps import AppConfig


class TermineConfig(AppConfig):
    name = "kundenportal.termine"
    verbose_name = "Termine"
