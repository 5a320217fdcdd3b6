from django.urls import path

from loslaten.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.index, name="index"),
    path("aanmelden/", views.signup, name="signup"),
    path("welkom/<uidb64>/<token>/", views.WelcomeView.as_view(), name="welcome"),
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("wachtwoord-wijzigen/", views.PasswordChangeView.as_view(), name="password_change"),
    path("wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "wachtwoord-vergeten/verstuurd/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-vergeten/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-vergeten/klaar/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("tokens/", views.token_create, name="token_create"),
    path("tokens/<int:token_id>/intrekken/", views.token_revoke, name="token_revoke"),
    path("export.json", views.export_json, name="export_json"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("verwijderen/", views.delete, name="delete"),
    path("tot-ziens/", views.goodbye, name="goodbye"),
]
