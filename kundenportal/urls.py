from django.urls import include, path

urlpatterns = [
    path("", include("kundenportal.katalog.urls")),
]
