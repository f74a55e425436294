from django.apps import AppConfig


class BetriebConfig(AppConfig):
    name = "kundenportal.betrieb"
    label = "betrieb"
    verbose_name = "Betrieb: Gesundheit, Löschfristen, Einzellauf"
