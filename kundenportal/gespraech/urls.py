from django.urls import path

from . import views, views_schritt

app_name = "gespraech"
# Der Schritt im Gespräch (Antwort) zuerst: Django prüft die Muster der Reihe nach, und er ist die häufigste
# Anfrage (bench/README.md). Die Muster überschneiden sich nicht; die Reihenfolge ändert keine Zuordnung.
urlpatterns = [
    path("kontakt/<uuid:kontakt_id>/antwort/", views_schritt.antwort, name="antwort"),
    path("arbeitsplatz/", views.arbeitsplatz, name="arbeitsplatz"),
    path("kontakt/neu/", views.neu, name="neu"),
    path("kontakt/anliegen/", views.anliegen, name="anliegen"),
    path("kontakt/anliegen/<slug:schluessel>/", views.anliegen, name="anliegen"),
    path("kontakt/starten/", views.starten, name="starten"),
    path("kontakt/<uuid:kontakt_id>/", views.kontakt, name="kontakt"),
    path("kontakt/<uuid:kontakt_id>/zurueck/", views_schritt.zurueck, name="zurueck"),
    path("kontakt/<uuid:kontakt_id>/weiter/", views_schritt.weiter, name="weiter"),
    path("kontakt/<uuid:kontakt_id>/bestaetigen/", views_schritt.bestaetigen, name="bestaetigen"),
    path("kontakt/<uuid:kontakt_id>/termin/", views_schritt.termin, name="termin"),
    path("kontakt/<uuid:kontakt_id>/abschliessen/", views.abschliessen, name="abschliessen"),
    path("kontakt/<uuid:kontakt_id>/historie/", views.historie, name="historie"),
    path("kunden/<slug:schluessel>/", views.kunde, name="kunde"),
    path("kennzahlen/", views.kennzahlen, name="kennzahlen"),
    path("postkorb/<str:postkorb>/", views.postkorb, name="postkorb"),
    path("postkorb/<str:postkorb>/<int:aufgabe_id>/nehmen/", views.aufgabe, {"art": "nehmen"}, name="nehmen"),
    path("postkorb/<str:postkorb>/<int:aufgabe_id>/zurueckgeben/", views.aufgabe, {"art": "zurueckgeben"},
         name="zurueckgeben"),
    path("postkorb/<str:postkorb>/<int:aufgabe_id>/schliessen/", views.aufgabe, {"art": "schliessen"},
         name="schliessen"),
]
