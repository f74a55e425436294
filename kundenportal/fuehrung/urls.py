from django.urls import path

from . import views

app_name = "fuehrung"
urlpatterns = [
    path("", views.start, name="start"),                          # /fuehrung/ → Anlage 5
    path("anlage-5/", views.anlage5_seite, name="anlage5"),
    path("anlage-5/kontakte/", views.anlage5_kontakte, name="anlage5_kontakte"),
    path("anlage-7/", views.anlage7_seite, name="anlage7"),
    path("anlage-7/kontakte/", views.anlage7_kontakte, name="anlage7_kontakte"),
    path("anlage-7/massnahme/<int:massnahme_id>/aendern/", views.massnahme_aendern, name="massnahme_aendern"),
    path("anlage-7/massnahme/<int:massnahme_id>/entfernen/", views.massnahme_entfernen, name="massnahme_entfernen"),
]
