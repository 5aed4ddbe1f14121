from django.urls import path

from giamsat.api.v1 import api

urlpatterns = [path("api/", api.urls)]
