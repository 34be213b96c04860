from django.urls import path

from . import views

app_name = "knowledge"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_page, name="search"),
    path("organisation/", views.organisation_space, name="organisation_space"),
    path("spaces/new/", views.space_create, name="space_create"),
    path("spaces/<int:space_id>/", views.space_detail, name="space_detail"),
    path("articles/new/", views.article_create, name="article_create"),
    path("articles/preview/", views.article_preview, name="article_preview"),
    path("articles/<int:article_id>/", views.article_detail, name="article_detail"),
    path("articles/<int:article_id>/edit/", views.article_edit, name="article_edit"),
    path("articles/<int:article_id>/versions/", views.article_versions, name="article_versions"),
    path(
        "articles/<int:article_id>/versions/<int:articleversion_id>/restore/",
        views.article_restore,
        name="article_restore",
    ),
    path(
        "articles/<int:article_id>/attachments/", views.attachment_upload, name="attachment_upload"
    ),
    path("attachments/<int:articleattachment_id>/", views.attachment_file, name="attachment_file"),
    path("lessons/", views.lesson_list, name="lesson_list"),
    path("projects/<int:project_id>/lessons/", views.project_lessons, name="project_lessons"),
    path("lessons/<int:lessonlearned_id>/publish/", views.lesson_publish, name="lesson_publish"),
]
