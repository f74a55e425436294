from django.urls import path

from . import views

app_name = "katalog"
urlpatterns = [
    path("", views.startseite, name="startseite"),
    path("suche/", views.suche, name="suche"),
    path("katalog/", views.leitfaeden, name="leitfaeden"),
    path("katalog/<str:leitfaden_id>/", views.leitfaden, name="leitfaden"),
    path("katalog/<str:leitfaden_id>/diff/", views.vergleich, name="diff"),
    path("katalog/<str:leitfaden_id>/<str:stand>/", views.fassung, name="fassung"),
    path("weisungen/<str:nummer>/", views.weisung, name="weisung"),
    path("arbeitsmittel/", views.arbeitsmittel_liste, name="arbeitsmittel"),
    path("arbeitsmittel/<str:art>/<str:ordner>/", views.arbeitsmittel_detail, name="arbeitsmittel_detail"),
    path("arbeitsmittel/<str:art>/<str:ordner>/diff/", views.arbeitsmittel_vergleich, name="arbeitsmittel_diff"),
]
