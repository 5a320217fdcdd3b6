from django.urls import path

from loslaten.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("robots.txt", views.robots, name="robots"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("i18n/setlang/", views.set_language, name="set_language"),
]
