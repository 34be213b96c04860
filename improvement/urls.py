from django.urls import path

from . import views

app_name = "improvement"

urlpatterns = [
    path("", views.proposal_list, name="proposal_list"),
    path("board/", views.proposal_board, name="proposal_board"),
    path("new/", views.proposal_create, name="proposal_create"),
    path("<int:proposal_id>/", views.proposal_detail, name="proposal_detail"),
    path("<int:proposal_id>/edit/", views.proposal_edit, name="proposal_edit"),
    path("<int:proposal_id>/vote/", views.proposal_vote, name="proposal_vote"),
    path("<int:proposal_id>/transition/", views.proposal_transition, name="proposal_transition"),
    path("<int:proposal_id>/result/", views.proposal_result, name="proposal_result"),
    path("<int:proposal_id>/actions/", views.action_create, name="action_create"),
    path("<int:proposal_id>/comments/", views.comment_create, name="comment_create"),
    path("actions/<int:improvementaction_id>/toggle/", views.action_toggle, name="action_toggle"),
]
