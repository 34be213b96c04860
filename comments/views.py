"""The comment panel's endpoints: the thread (page or fragment), add, edit, delete, download,
and the people one may mention. Every page of a target includes comments/panel.html."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page, wants_fragment

from . import selectors, services, targets
from .forms import CommentEditForm, CommentForm
from .models import Comment, CommentAttachment

THREAD = "comments/comment_thread.html"


def _target(request, target_type: str, target_id: int):
    spec = targets.find(target_type)
    if spec is None:
        raise Http404(_("Not found."))
    return spec, access.get_visible_or_404(request.user, spec.model, pk=target_id)


def _comment(request, comment_id: int) -> Comment:
    return access.get_visible_or_404(
        request.user, Comment.objects.select_related("author", "content_type"), pk=comment_id
    )


def _render(request, spec, target, *, status=200, trigger=None, **panel):
    return render_page(
        request,
        THREAD,
        {"target": target, "target_url": spec.url_of(target), **panel},
        partial="comment-panel",
        status=status,
        trigger=trigger,
    )


def _refused(request) -> int:
    """A form with errors: htmx swaps only 2xx answers, so the panel with its errors comes back
    as 200 there; a plain page says 400."""
    return 200 if wants_fragment(request) else 400


def _back(spec, target, comment):
    return redirect(spec.comment_url(target, comment.pk))


@login_required
@require_http_methods(["GET", "POST"])
def comment_thread(request, target_type: str, target_id: int):
    """The target's comments (a page of its own without JS, the panel for htmx); POST adds."""
    spec, target = _target(request, target_type, target_id)
    if request.method == "GET":
        editing = request.GET.get("edit")
        return _render(request, spec, target, comment_editing=editing)
    access.require(request.user, "comments.add_comment", target)
    form = CommentForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            comment = services.comment_create(
                actor=request.user,
                target=target,
                body=data["body"],
                visible_to_client=data["visible_to_client"],
                files=data["attachments"],
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            if not wants_fragment(request):
                messages.success(request, _("Your comment is posted."))
                return _back(spec, target, comment)
            return _render(request, spec, target, trigger="comment:added")
    return _render(request, spec, target, comment_form=form, status=_refused(request))


@login_required
@require_POST
def comment_edit(request, comment_id: int):
    comment = _comment(request, comment_id)
    access.require(request.user, "comments.change_comment", comment)
    spec, target = targets.get(comment.content_type.model_class()), comment.target
    form = CommentEditForm(request.POST)
    if form.is_valid():
        try:
            services.comment_edit(
                actor=request.user,
                comment=comment,
                body=form.cleaned_data["body"],
                visible_to_client=form.cleaned_data["visible_to_client"],
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            if not wants_fragment(request):
                messages.success(request, _("Your comment is saved."))
                return _back(spec, target, comment)
            return _render(request, spec, target, trigger="comment:edited")
    return _render(
        request,
        spec,
        target,
        comment_editing=comment.pk,
        comment_edit_form=form,
        status=_refused(request),
    )


@login_required
@require_POST
def comment_delete(request, comment_id: int):
    comment = _comment(request, comment_id)
    access.require(request.user, "comments.delete_comment", comment)
    spec, target = targets.get(comment.content_type.model_class()), comment.target
    services.comment_delete(actor=request.user, comment=comment)
    if not wants_fragment(request):
        messages.success(request, _("The comment is deleted."))
        return _back(spec, target, comment)
    return _render(request, spec, target, trigger="comment:deleted")


@login_required
@require_GET
def comment_people(request, target_type: str, target_id: int):
    """People to mention on this target (JSON for the @ autocomplete)."""
    _spec, target = _target(request, target_type, target_id)
    access.require(request.user, "comments.add_comment", target)
    people = selectors.mention_candidates(
        user=request.user, target=target, query=request.GET.get("q", "")
    )
    return JsonResponse(
        {
            "people": [
                {
                    "username": person.username,
                    "name": person.get_display_name(),
                    "client": person.is_client,
                }
                for person in people
            ]
        }
    )


@login_required
@require_GET
def attachment_download(request, commentattachment_id: int):
    """A comment's file, only for those who may read the comment (never a public URL)."""
    attachment = access.get_visible_or_404(
        request.user,
        CommentAttachment.objects.select_related("comment"),
        pk=commentattachment_id,
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Not found.")) from None
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
