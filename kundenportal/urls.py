from django.contrib.staticfiles.views import serve
from django.urls import URLPattern, URLResolver, include, path, re_path

from kundenportal.api.app import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/", api.urls),
    path("kunde/", include("kundenportal.eservice.urls")),   # Kundenseite, getrennt vom Arbeitsplatz
    path("emb/", include("kundenportal.emb.urls")),
    path("", include("kundenportal.konten.urls")),
    path("", include("kundenportal.gespraech.urls")),
    path("qs/", include("kundenportal.qs.urls")),
    path("fuehrung/", include("kundenportal.fuehrung.urls")),
    path("redaktion/", include("kundenportal.redaktion.urls")),
    path("", include("kundenportal.katalog.urls")),
]
# Eingebetteter Betrieb (make run, DEBUG aus): statische Dateien liefert Django selbst.
urlpatterns.append(re_path(r"^static/(?P<path>.*)$", serve, {"insecure": True}))
