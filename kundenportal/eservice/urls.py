from django.urls import path

from .views import beratungsgespraech, info, konto, termine

app_name = "eservice"
urlpatterns = [
    path("", konto.uebersicht, name="uebersicht"),
    path("anmelden/", konto.anmelden, name="anmelden"),
    path("abmelden/", konto.abmelden, name="abmelden"),
    path("beratungsgespraech/", beratungsgespraech.formular, name="beratungsgespraech"),
    path("beratungsgespraech/pruefen/", beratungsgespraech.pruefen, name="beratungsgespraech_pruefen"),
    path("beratungsgespraech/bestaetigung/", beratungsgespraech.bestaetigung,
         name="beratungsgespraech_bestaetigung"),
    path("termine/", termine.liste, name="termine"),
    path("termine/<str:termin_id>/absagen/", termine.absagen, name="termin_absagen"),
    path("termine/<str:termin_id>/termin.ics", termine.ics, name="termin_ics"),
    # ohne Anmeldung erreichbar (Fußzeile): views/info.py
    path("datenschutz/", info.datenschutz, name="datenschutz"),
    path("barrierefreiheit/", info.barrierefreiheit, name="barrierefreiheit"),
    path("hilfe/", info.hilfe, name="hilfe"),
    path("impressum/", info.impressum, name="impressum"),
]
