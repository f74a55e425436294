from django.apps import AppConfig


class EmbConfig(AppConfig):
    name = "kundenportal.emb"
    label = "email_bearbeitung"
    verbose_name = "E-Mail-Bearbeitung (EMB)"

    def ready(self) -> None:
        # Ein „Zurück“ im Gespräch einer Mail (auch direkt über /kontakt/…/zurueck/) prüft, ob ein Antwortentwurf
        # oder eine freigegebene Antwort auf den Antworten beruht.
        from kundenportal.gespraech.services import zurueck_sperre_anmelden

        from .services.bearbeitung import zurueck_sperre

        zurueck_sperre_anmelden(zurueck_sperre)
