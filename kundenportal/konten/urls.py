from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "konten"
urlpatterns = [
    path("anmelden/", views.Anmelden.as_view(), name="anmelden"),
    path("abmelden/", auth_views.LogoutView.as_view(next_page="konten:anmelden"), name="abmelden"),
    path("protokoll/", views.protokoll, name="protokoll"),
    path("protokoll/csv/", views.protokoll_csv, name="protokoll_csv"),
]
