"""The calendar feed's pages, included from coqi/config/urls.py at /calendar/."""

from django.urls import path

from coqi.partners.views import calendar

app_name = "calendar"

urlpatterns = [
    path("", calendar.calendar_page, name="page"),
    path("<str:secret>.ics", calendar.calendar_feed, name="feed"),
]
