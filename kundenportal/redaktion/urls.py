from django.urls import path

from .views import arbeitsmittel, entwuerfe, hinweise, optionen, pakete, struktur, szenario, weisung

app_name = "redaktion"
urlpatterns = [
    path("", entwuerfe.uebersicht, name="uebersicht"),
    path("entwuerfe/beginnen/", entwuerfe.beginnen, name="beginnen"),
    path("entwuerfe/neu/", entwuerfe.neu, name="neu"),
    path("entwuerfe/<int:pk>/", entwuerfe.entwurf, name="entwurf"),
    path("entwuerfe/<int:pk>/feld/", entwuerfe.feld, name="feld"),
    path("entwuerfe/<int:pk>/anfuegen/", struktur.anfuegen, name="anfuegen"),
    path("entwuerfe/<int:pk>/schritt/", struktur.schritt, name="schritt"),
    path("entwuerfe/<int:pk>/vorschau/", struktur.vorschau, name="vorschau"),
    path("entwuerfe/<int:pk>/verwerfen/", entwuerfe.verwerfen, name="verwerfen"),
    path("entwuerfe/<int:pk>/szenario/", szenario.aufzeichnen, name="szenario"),
    path("arbeitsmittel/", arbeitsmittel.uebersicht, name="arbeitsmittel_uebersicht"),
    path("arbeitsmittel/beginnen/", arbeitsmittel.beginnen, name="arbeitsmittel_beginnen"),
    path("arbeitsmittel/<int:pk>/", arbeitsmittel.entwurf, name="arbeitsmittel_entwurf"),
    path("pakete/<int:pk>/arbeitsmittel/", arbeitsmittel.zuordnen, name="arbeitsmittel_zuordnen"),
    path("pakete/anlegen/", pakete.anlegen, name="paket_anlegen"),
    path("pakete/<int:pk>/", pakete.paket, name="paket"),
    path("pakete/<int:pk>/aendern/", pakete.aendern, name="paket_aendern"),
    path("pakete/<int:pk>/weisung/", weisung.erfassen, name="weisung_erfassen"),
    path("pakete/<int:pk>/weisung/verwerfen/", weisung.verwerfen, name="weisung_verwerfen"),
    path("pakete/<int:pk>/optionen/", optionen.erfassen, name="optionen_erfassen"),
    path("pakete/<int:pk>/zuordnen/", pakete.zuordnen, name="zuordnen"),
    path("pakete/<int:pk>/tor/", pakete.tor, name="tor"),
    path("pakete/<int:pk>/verhalten/", pakete.verhalten, name="verhalten"),
    path("pakete/<int:pk>/einreichen/", pakete.einreichen, name="einreichen"),
    path("pakete/<int:pk>/freigeben/", pakete.freigeben, name="freigeben"),
    path("pakete/<int:pk>/zurueckweisen/", pakete.zurueckweisen, name="zurueckweisen"),
    path("pakete/<int:pk>/zurueckrufen/", pakete.zurueckrufen, name="zurueckrufen"),
    path("hinweise/<int:pk>/gelesen/", hinweise.bestaetigen, name="bestaetigen"),
    path("hinweise/lesestand/", hinweise.lesestand_seite, name="lesestand"),
]
