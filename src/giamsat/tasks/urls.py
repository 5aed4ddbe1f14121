"""The task pages' URLs. They keep the names they had under `web` (web:tasks, web:task …): web/urls.py
includes these patterns in its namespace, and the route table (accounts/routes.py) knows them by those names."""

from django.urls import path

from giamsat.tasks import views

urlpatterns = [
    path("nhiem-vu/", views.tasks, name="tasks"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task"),
    path("nhiem-vu/<int:pk>/quyet-dinh/", views.task_decide_view, name="task_decide"),
    path("nhiem-vu/<int:pk>/sua/", views.task_edit_view, name="task_edit"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence"),
    path("nhiem-vu/ngoai-le/", views.exceptions, name="task_exceptions"),
    path("canh-bao/quy-tac/", views.alert_rules, name="alert_rules"),
]
