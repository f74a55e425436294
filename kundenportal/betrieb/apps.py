from django.apps import AppConfig


class BetriebConfig(AppConfig):
    name = "kundenportal.betrieb"
    label = "betrieb"
    verbose_name = "Betrieb: Gesundheit, Löschfristen, Einzellauf"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (Prüfungen für check --deploy: Schulungsschalter im Betrieb)
