from django.urls import path

from giamsat.calendars import views

app_name = "calendars"

urlpatterns = [
    path("lich/<str:secret>.ics", views.feed, name="feed"),
    path("tai-khoan/lich-han/tao-moi/", views.create, name="create"),
    path("tai-khoan/lich-han/thu-hoi/", views.revoke, name="revoke"),
]
