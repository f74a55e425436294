from django.urls import path

from . import views

app_name = "katalog"
urlpatterns = [
    path("", views.startseite, name="startseite"),
]
