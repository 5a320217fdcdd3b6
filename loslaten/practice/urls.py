from django.urls import path

from loslaten.practice import views

app_name = "practice"
urlpatterns = [
    path("", views.index, name="index"),
    path("adem/", views.breathe, name="breathe"),
    path("instellingen/", views.settings_view, name="settings"),
]
