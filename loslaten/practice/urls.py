from django.urls import path

from loslaten.practice import views, views_day, views_month, views_push

app_name = "practice"
urlpatterns = [
    path("", views.index, name="index"),
    path("check-in/", views.checkin, name="checkin"),
    path("check-in/<int:checkin_id>/klaar/", views.checkin_done, name="checkin_done"),
    path("adem/", views.breathe, name="breathe"),
    path("adem/klaar/", views.moment_done, name="moment_done"),
    path("adem/<slug:slug>/", views.moment, name="moment"),
    path("bewaren/", views.keep, name="keep"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("drie-vragen/", views.three_questions, name="three_questions"),
    path("vraag/<slug:slug>/<slug:anchor>/", views.prompt_answer, name="prompt_answer"),
    path("dagboek/", views.journal, name="journal"),
    path("dagboek/<int:entry_id>/bewerken/", views.entry_edit, name="entry_edit"),
    path("dagboek/<int:entry_id>/verwijderen/", views.entry_delete, name="entry_delete"),
    path("dagboek/check-in/<int:checkin_id>/bewerken/", views.checkin_edit, name="checkin_edit"),
    path(
        "dagboek/check-in/<int:checkin_id>/verwijderen/",
        views.checkin_delete,
        name="checkin_delete",
    ),
    path("dagboek/moment/<int:moment_id>/verwijderen/", views.moment_delete, name="moment_delete"),
    path("stap-voor-stap/", views.path_view, name="path"),
    path("stap-voor-stap/<int:number>/", views.path_step_done, name="path_step_done"),
    path("instellingen/", views.settings_view, name="settings"),
]

# The body's day and the model's public pages (loslaten.practice.views_day).
urlpatterns += [
    path("vandaag/", views_day.today, name="day_today"),
    path("dag/<day:date>/", views_day.day, name="day"),
    path("week/<isoweek:monday>/", views_day.week, name="week"),
    path("model/", views_day.model_index, name="model"),
    path("model/<slug:slug>/", views_day.model_scenario, name="model_scenario"),
]

# The practice over time (loslaten.practice.views_month). The converters (loslaten.core.dates)
# hand the views a date or a year in 1970–2100 and answer anything else with 404.
urlpatterns += [
    path("maand/", views_month.this_month, name="this_month"),
    path("maand/<month:first>/", views_month.month, name="month"),
    path("jaar/", views_month.this_year, name="this_year"),
    path("jaar/<year:year>/", views_month.year, name="year"),
]

# Reminders by Web Push on this device (loslaten.practice.views_push).
urlpatterns += [
    path("push/aan/", views_push.subscribe, name="push_subscribe"),
    path("push/uit/", views_push.unsubscribe, name="push_unsubscribe"),
]
