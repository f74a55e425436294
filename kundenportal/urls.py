from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path

from kundenportal.api.app import api
from kundenportal.betrieb.views import healthz, metrics, readyz
from kundenportal.konten.admin import verwaltung
from kundenportal.konten.views import start

urlpatterns: list[URLPattern | URLResolver] = [
    # Gespräch und Arbeitsplatz zuerst: der Schritt (POST /kontakt/<id>/antwort/) ist die häufigste Anfrage, und
    # Django prüft die Muster der Reihe nach. Kein Muster hier überschneidet sich mit einem anderen.
    path("", include("kundenportal.gespraech.urls")),
    path("", start, name="start"),                           # Startseite je Rolle (konten.views.start)
    path("healthz", healthz, name="healthz"),                # Load-Balancer: Prozess lebt
    path("readyz", readyz, name="readyz"),                   # Load-Balancer: Datenbank, Broker, Katalog
    path("metrics", metrics, name="metrics"),                # Prometheus, nur mit KUNDENPORTAL_METRIKEN_TOKEN
    path("verwaltung/", verwaltung.urls),                        # Benutzer und Rollen (nur Administration)
    path("api/", api.urls),
    path("kunde/", include("kundenportal.eservice.urls")),   # Kundenseite, getrennt vom Arbeitsplatz
    path("emb/", include("kundenportal.emb.urls")),
    path("", include("kundenportal.konten.urls")),
    path("qs/", include("kundenportal.qs.urls")),
    path("fuehrung/", include("kundenportal.fuehrung.urls")),
    path("redaktion/", include("kundenportal.redaktion.urls")),
    path("", include("kundenportal.katalog.urls")),
]
if settings.KUNDENPORTAL_OIDC:                                 # Anmeldung über den Identitätsanbieter
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

# Fehlerseiten je Hülle: unter /kunde/ die der Kundenseite, sonst die des Arbeitsplatzes (betrieb/fehlerseiten.py).
handler400 = "kundenportal.betrieb.fehlerseiten.ungueltige_anfrage"
handler403 = "kundenportal.betrieb.fehlerseiten.verboten"
handler404 = "kundenportal.betrieb.fehlerseiten.nicht_gefunden"
handler500 = "kundenportal.betrieb.fehlerseiten.serverfehler"   # Datenbank weg: 503 (betrieb.datenbankausfall)
