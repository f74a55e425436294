from django.urls import path

from . import views, views_antwort, views_quarantaene, views_warteschlange, views_weiterleitung

app_name = "emb"
urlpatterns = [
    path("", views_warteschlange.warteschlange, name="warteschlange"),
    path("naechste/", views_warteschlange.naechste, name="naechste"),
    path("<int:mail_id>/", views.mail, name="mail"),
    path("<int:mail_id>/beanspruchen/", views.beanspruchen, name="beanspruchen"),
    path("<int:mail_id>/freigeben/", views.freigeben, name="freigeben"),
    path("<int:mail_id>/teamleitung-freigeben/", views_warteschlange.teamleitung_freigeben,
         name="teamleitung_freigeben"),
    path("<int:mail_id>/zuordnung/", views.zuordnung, name="zuordnung"),
    path("<int:mail_id>/arbeitshilfe/", views.arbeitshilfe, name="arbeitshilfe"),
    path("<int:mail_id>/antwort/", views_antwort.antwort, name="antwort"),
    path("<int:mail_id>/erledigen/", views.erledigen, name="erledigen"),
    path("<int:mail_id>/weiterleiten/", views_weiterleitung.weiterleiten, name="weiterleiten"),
    path("antwort/<int:antwort_id>/erneut/", views_antwort.antwort_erneut, name="antwort_erneut"),
    path("<int:mail_id>/anhang/<int:nummer>/", views.anhang, name="anhang"),
    path("quarantaene/", views_quarantaene.liste, name="quarantaene"),
    path("quarantaene/<int:mail_id>/", views_quarantaene.mail, name="quarantaene_mail"),
    path("quarantaene/<int:mail_id>/roh/", views_quarantaene.roh, name="quarantaene_roh"),
    path("quarantaene/<int:mail_id>/neu-zerlegen/", views_quarantaene.neu_zerlegen, name="quarantaene_neu"),
    path("quarantaene/<int:mail_id>/verwerfen/", views_quarantaene.verwerfen, name="quarantaene_verwerfen"),
]
