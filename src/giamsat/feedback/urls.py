"""Feedback pages: public ones under /phan-anh-kien-nghi/ (anyone), the office's and agencies' under /phan-anh/."""

from django.urls import path

from giamsat.feedback import views

app_name = "feedback"

urlpatterns = [
    path("phan-anh-kien-nghi/", views.public_form, name="public_form"),
    path("phan-anh-kien-nghi/tra-cuu/", views.public_lookup_view, name="public_lookup"),
    path("phan-anh-kien-nghi/tra-loi/", views.public_answers_view, name="public_answers"),
    path("phan-anh/", views.feedback_index, name="list"),
    path("phan-anh/gui/", views.feedback_new, name="new"),
    path("phan-anh/thong-ke/", views.feedback_stats, name="stats"),
    path("phan-anh/<int:pk>/", views.feedback_detail, name="detail"),
    path("phan-anh/<int:pk>/chuyen-xu-ly/", views.feedback_route_view, name="route"),
    path("phan-anh/<int:pk>/gop/", views.feedback_merge_view, name="merge"),
    path("phan-anh/<int:pk>/khong-tiep-nhan/", views.feedback_reject_view, name="reject"),
    path("phan-anh/<int:pk>/tra-loi/", views.feedback_answer_view, name="answer"),
    path("phan-anh/<int:pk>/de-nghi-chuyen/", views.feedback_reassign_view, name="reassign"),
    path("phan-anh/<int:pk>/cong-khai/", views.feedback_publish_view, name="publish"),
    path("phan-anh/tep/<int:pk>/", views.feedback_file, name="file"),
]
