from django.urls import path

from . import views

app_name = "qs"
urlpatterns = [
    path("", views.uebersicht, name="uebersicht"),
    path("meine/", views.meine, name="meine"),
    path("stichprobe/<int:stichprobe_id>/", views.stichprobe, name="stichprobe"),
    path("bewertung/<int:bewertung_id>/", views.bewertung, name="bewertung"),
    path("bewertung/<int:bewertung_id>/freigeben/", views.freigeben, name="freigeben"),
]
