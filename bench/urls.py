"""Die URLs des Kundenportals und, nur im Messmodus, die Vergleichssichten."""

from django.urls import path

from kundenportal.urls import urlpatterns as portal

from .ansichten import leer, nackt_schreiben

urlpatterns = [path("bench/nackt/<uuid:kontakt_id>/", nackt_schreiben, name="bench_nackt"),
               path("bench/leer/", leer, name="bench_leer"), *portal]
