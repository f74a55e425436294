"""Die URLs des Kundenportals und, nur im Messmodus, die nackte Lesen-Ändern-Schreiben-Sicht."""

from django.urls import path

from kundenportal.urls import urlpatterns as portal

from .ansichten import nackt_schreiben

urlpatterns = [path("bench/nackt/<uuid:kontakt_id>/", nackt_schreiben, name="bench_nackt"), *portal]
