from django.apps import AppConfig


class EmbConfig(AppConfig):
    name = "kundenportal.emb"
    label = "email_bearbeitung"
    verbose_name = "E-Mail-Bearbeitung (EMB)"

    def ready(self) -> None:
        # Ein „Zurück“ im Gespräch einer Mail (auch direkt über /kontakt/…/zurueck/) prüft, ob ein Antwortentwurf
        # oder eine freigegebene Antwort auf den Antworten beruht.
        from kundenportal.gespraech import services as gespraech

        from .services.bearbeitung import identitaet_pruefung, schritt_sperre, zurueck_sperre

        gespraech.zurueck_sperre_anmelden(zurueck_sperre)
        # Jeder Schritt im Gespräch einer Mail prüft zuerst, ob die Person die Mail noch hat: Ein veralteter Tab
        # (Mail zurückgegeben, von jemand anderem übernommen oder erledigt) sagt „Die Mail ist nicht mehr von Ihnen
        # übernommen …“ statt „Dieser Kontakt ist abgeschlossen …“, und kein Schritt läuft.
        gespraech.schritt_sperre_anmelden(schritt_sperre)
        # „Identität geprüft: ja“ nur zu einer Absenderadresse, die VerBIS beim Kunden hinterlegt hat.
        gespraech.antwort_pruefung_anmelden(identitaet_pruefung)
