from django.urls import path

from loslaten.newsletter import views

app_name = "newsletter"
urlpatterns = [
    path("", views.signup, name="signup"),
    path("bijna-klaar/", views.check_inbox, name="check_inbox"),
    path("bevestigen/<str:token>/", views.confirm, name="confirm"),
    path("afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("beheer/<str:token>/", views.manage, name="manage"),
    path("beheer/<str:token>/gegevens.json", views.download, name="download"),
]
