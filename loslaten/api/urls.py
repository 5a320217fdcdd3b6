from django.urls import path

from loslaten.api.api import api

urlpatterns = [path("", api.urls)]
