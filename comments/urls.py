from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path(
        "attachments/<int:commentattachment_id>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("<int:comment_id>/edit/", views.comment_edit, name="comment_edit"),
    path("<int:comment_id>/delete/", views.comment_delete, name="comment_delete"),
    path("<str:target_type>/<int:target_id>/", views.comment_thread, name="comment_thread"),
    path(
        "<str:target_type>/<int:target_id>/people/",
        views.comment_people,
        name="comment_people",
    ),
]
