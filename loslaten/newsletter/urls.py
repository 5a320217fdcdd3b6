from django.urls import path, re_path

from loslaten.newsletter import archive, views

app_name = "newsletter"
urlpatterns = [
    path("", views.signup, name="signup"),
    path("bijna-klaar/", views.check_inbox, name="check_inbox"),
    path("bevestigen/<str:token>/", views.confirm, name="confirm"),
    path("afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("beheer/<str:token>/", views.manage, name="manage"),
    path("beheer/<str:token>/gegevens.json", views.download, name="download"),
    path("archief/", views.archive_list, name="archive"),
    path("archief/feed/", archive.IssueFeed(), name="feed"),
    re_path(r"^(?P<week>\d{4}-[Ww]\d{2})/$", views.issue_page, name="issue"),
]
