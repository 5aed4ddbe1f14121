"""The evaluation pages, under /danh-gia/."""

from django.urls import path

from giamsat.evaluation import views, views_criteria

app_name = "evaluation"
urlpatterns = [
    path("", views.evaluations, name="list"),
    path("tinh-diem/", views.run, name="run"),
    path("cong-khai/", views.public, name="public"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tinh-lai/", views.recompute, name="recompute"),
    path("<int:pk>/dieu-chinh/", views.adjust, name="adjust"),
    path("<int:pk>/cong-bo/", views.publish, name="publish"),
    path("<int:pk>/mo-lai/", views.reopen, name="reopen"),
    path("<int:pk>/hien-cong-khai/", views.public_toggle, name="public_toggle"),
    path("<int:pk>/xep-loai.xlsx", views.ranking_xlsx, name="xlsx"),
    path("<int:pk>/bao-cao.docx", views.ranking_docx, name="docx"),
    path("<int:pk>/don-vi/<int:organization>/", views.agency, name="agency"),
    path("khieu-nai/<int:pk>/tra-loi/", views.objection_answer, name="objection_answer"),
    path("uu-tien/", views_criteria.priorities, name="priorities"),
    path("uu-tien/<int:pk>/", views_criteria.task_priority, name="task_priority"),  # from the task page
    path("bo-tieu-chi/", views_criteria.criteria_sets, name="criteria_sets"),
    path("bo-tieu-chi/nhap/", views_criteria.criteria_import, name="criteria_import"),
    path("bo-tieu-chi/<int:pk>/", views_criteria.criteria_set, name="criteria_set"),
    path("bo-tieu-chi/<int:pk>/bo-tieu-chi.xlsx", views_criteria.criteria_xlsx, name="criteria_xlsx"),
]
