"""Site pages at the top of the address space (/over-mij/): included last in loslaten/urls.py,
so that every app's own paths come first."""

from django.urls import path

from loslaten.content import views

app_name = "pages"
urlpatterns = [path("<slug:slug>/", views.page, name="page")]
