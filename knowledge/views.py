"""Knowledge base pages: home, spaces, articles (editor with preview, versions and diff),
search, and lessons learned (a project's and the organisation's)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.models import Membership
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page
from ito_portal.core.markdown import render_markdown
from projects.models import Project

from . import permissions, search, selectors, services
from .choices import KIND_COLOURS, ArticleKind, LessonCategory
from .forms import ArticleForm, LessonForm, SearchForm, SpaceForm
from .models import Article, ArticleAttachment, ArticleVersion, LessonLearned, Space

PAGE_SIZE = 20


def _invalid(request) -> int:
    return 200 if getattr(request, "htmx", False) else 400


def _article(request, article_id: int, code: str | None = None) -> Article:
    queryset = Article.objects.select_related("space__project", "space__client", "owner")
    article = access.get_visible_or_404(request.user, queryset, pk=article_id)
    if code:
        access.require(request.user, code, article)
    return article


def _kinds():
    return [(value, label, KIND_COLOURS[value]) for value, label in ArticleKind.choices]


@login_required
@require_GET
def home(request):
    """Spaces, what changed lately, and the reader's own articles due for review."""
    user = request.user
    context = {
        "spaces": list(selectors.space_list(user)),
        "recent": list(selectors.article_list(user)[:10]),
        "stale": [] if user.is_client else list(selectors.stale_articles(user)[:10]),
        "tags": selectors.tag_cloud(user),
        "org_count": 0
        if user.is_client
        else selectors.article_list(user, everywhere=False).count(),
        "may_write": permissions.may_write_in(user, None),
        "may_add_space": user.is_pmo
        or Membership.objects.filter(user=user, role=permissions.MANAGER).exists(),
        "kinds": _kinds(),
    }
    return render_page(request, "knowledge/home.html", context)


def _space_page(request, space: Space | None, *, space_id=None):
    kind, tag = request.GET.get("kind", ""), request.GET.get("tag", "")
    articles = selectors.article_list(
        request.user, space=space, kind=kind, tag=tag, everywhere=False
    )
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "space": space,
        "page": page,
        "articles": list(page.object_list),
        "kind": kind,
        "tag": tag,
        "kinds": _kinds(),
        "may_write": permissions.may_write_in(request.user, space),
    }
    return render_page(request, "knowledge/space_detail.html", context, partial="article-list")


@login_required
@require_GET
def space_detail(request, space_id: int):
    space = access.get_visible_or_404(
        request.user, Space.objects.select_related("project", "client"), pk=space_id
    )
    return _space_page(request, space)


@login_required
@require_GET
def organisation_space(request):
    """The articles that belong to no space: the vendor's organisation-wide knowledge."""
    if request.user.is_client:
        raise Http404(_("Not found."))
    return _space_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def space_create(request):
    user = request.user
    if not (user.is_pmo or Membership.objects.filter(user=user, role=permissions.MANAGER).exists()):
        raise PermissionDenied(_("You do not have permission to do this."))
    form = SpaceForm(request.POST or None, user=user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                space = services.space_create(actor=user, **form.cleaned_data)
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                return redirect(space)
        status = _invalid(request)
    return render_page(request, "knowledge/space_form.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def article_create(request):
    user = request.user
    if user.is_client:
        raise PermissionDenied(_("You do not have permission to do this."))
    initial = {}
    space_id = request.GET.get("space")
    if space_id and space_id.isdigit():
        initial["space"] = access.visible(user, Space).filter(pk=space_id).first()
    form = ArticleForm(request.POST or None, user=user, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                article = services.article_create(actor=user, title=data.pop("title"), **data)
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                return redirect(article)
        status = _invalid(request)
    context = {"form": form, "article": None}
    return render_page(request, "knowledge/article_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def article_edit(request, article_id: int):
    article = _article(request, article_id, permissions.CHANGE_ARTICLE)
    initial = {"tags": ", ".join(article.tag_list)}
    form = ArticleForm(request.POST or None, instance=Article.objects.get(pk=article.pk),
                       user=request.user, initial=initial)  # fmt: skip
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["owner"] = data.get("owner") or article.owner
            try:
                services.article_update(
                    actor=request.user, article=article, data=data,
                    note=request.POST.get("note", ""),
                )  # fmt: skip
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                return redirect(article)
        status = _invalid(request)
    context = {"form": form, "article": article}
    return render_page(request, "knowledge/article_form.html", context, status=status)


@login_required
@require_POST
def article_preview(request):
    """The editor's preview: the body as it will read (htmx)."""
    if request.user.is_client:
        raise PermissionDenied(_("You do not have permission to do this."))
    html = render_markdown(request.POST.get("body", ""))
    return render_page(
        request, "knowledge/article_form.html", {"preview": html}, partial="article-preview"
    )


@login_required
@require_GET
def article_detail(request, article_id: int):
    article = _article(request, article_id)
    user = request.user
    context = {
        "article": article,
        "body": render_markdown(article.body),
        "kind_colour": KIND_COLOURS.get(article.kind, "secondary"),
        "may_change": access.can(user, permissions.CHANGE_ARTICLE, article),
        "attachments": list(access.visible(user, ArticleAttachment).filter(article=article)),
        "lessons": list(access.visible(user, LessonLearned).filter(article=article)),
        "is_stale": article.review_by is not None and article.review_by < _today(),
        "version_count": article.version,
    }
    return render_page(request, "knowledge/article_detail.html", context)


def _today():
    from django.utils import timezone

    return timezone.localdate()


@login_required
@require_GET
def article_versions(request, article_id: int):
    """Every saved version; two of them side by side (`?a=1&b=3`, the latest two by default)."""
    article = _article(request, article_id)
    versions = list(selectors.version_list(request.user, article))
    by_number = {v.number: v for v in versions}

    def pick(name, default):
        value = request.GET.get(name, "")
        return by_number.get(int(value)) if value.isdigit() else default

    newest = versions[0] if versions else None
    older = versions[1] if len(versions) > 1 else newest
    left, right = pick("a", older), pick("b", newest)
    rows = selectors.version_diff(left, right) if left and right else []
    context = {
        "article": article,
        "versions": versions,
        "left": left,
        "right": right,
        "rows": rows,
        "changed": sum(1 for r in rows if r.kind not in ("equal", "fold")),
        "may_change": access.can(request.user, permissions.CHANGE_ARTICLE, article),
    }
    return render_page(request, "knowledge/article_versions.html", context, partial="version-diff")


@login_required
@require_POST
def article_restore(request, article_id: int, articleversion_id: int):
    article = _article(request, article_id)
    version = access.get_visible_or_404(
        request.user, ArticleVersion.objects.filter(article=article), pk=articleversion_id
    )
    access.require(request.user, permissions.CHANGE_ARTICLE, article)
    try:
        services.article_restore(actor=request.user, article=article, version=version)
    except DomainError as exc:
        from django.contrib import messages

        for message in exc.messages:
            messages.error(request, message)
    return redirect("knowledge:article_versions", article_id=article.pk)


@login_required
@require_POST
def attachment_upload(request, article_id: int):
    """Upload an image; the editor inserts its Markdown."""
    article = _article(request, article_id, permissions.CHANGE_ARTICLE)
    upload = request.FILES.get("file")
    context = {"article": article}
    if upload is None:
        context["upload_error"] = _("Choose an image to upload.")
    else:
        try:
            context["attachment"] = services.attachment_add(
                actor=request.user, article=article, file=upload
            )
        except DomainError as exc:
            context["upload_error"] = " ".join(exc.messages)
    status = 200 if "attachment" in context or request.htmx else 400
    return render_page(
        request, "knowledge/article_form.html", context, partial="attachment-result", status=status
    )


@login_required
@require_GET
def attachment_file(request, articleattachment_id: int):
    attachment = access.get_visible_or_404(
        request.user, ArticleAttachment.objects.all(), pk=articleattachment_id
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Not found.")) from None
    response = FileResponse(handle, content_type=attachment.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def search_page(request):
    """Search titles and bodies (Chinese and English), filtered by space, kind and tag."""
    form = SearchForm(request.GET or None, user=request.user)
    query, hits, page, lessons = "", [], None, []
    if form.is_valid():
        data = form.cleaned_data
        query = data["q"].strip()
        if query or data["tag"] or data["kind"] or data["space"]:
            articles = selectors.article_list(
                request.user, space=data["space"], kind=data["kind"], tag=data["tag"], q=query
            )
            page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
            hits = search.hits(page.object_list, query)
            if query and not request.user.is_client:
                lessons = list(selectors.lesson_list(request.user, q=query)[:5])
    context = {"form": form, "query": query, "hits": hits, "page": page, "lessons": lessons,
               "kinds": dict(_k[:2] for _k in _kinds()), "colours": KIND_COLOURS}  # fmt: skip
    return render_page(request, "knowledge/search.html", context, partial="search-results")


# --- lessons learned ------------------------------------------------------------------------


@login_required
@require_GET
def lesson_list(request):
    """Lessons of every project the reader is on (the PMO: all), to learn before starting."""
    if request.user.is_client:
        raise Http404(_("Not found."))
    category, q = request.GET.get("category", ""), request.GET.get("q", "").strip()
    lessons = selectors.lesson_list(request.user, category=category, q=q)
    page = Paginator(lessons, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "lessons": list(page.object_list),
        "category": category,
        "q": q,
        "categories": LessonCategory.choices,
        "project": None,
    }
    return render_page(request, "knowledge/lesson_list.html", context, partial="lesson-list")


@login_required
@require_http_methods(["GET", "POST"])
def project_lessons(request, project_id: int):
    project = access.get_visible_or_404(
        request.user, Project.objects.select_related("client"), pk=project_id
    )
    access.require(request.user, permissions.VIEW_LESSON, project)
    may_add = access.can(request.user, permissions.ADD_LESSON, project)
    form, status = (LessonForm(prefix="new") if may_add else None), 200
    if request.method == "POST":
        access.require(request.user, permissions.ADD_LESSON, project)
        form = LessonForm(request.POST, prefix="new")
        if form.is_valid():
            try:
                services.lesson_create(actor=request.user, project=project, **form.cleaned_data)
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                return redirect("knowledge:project_lessons", project_id=project.pk)
        status = _invalid(request)
    lessons = list(selectors.lesson_list(request.user, project=project))
    context = {
        "project": project,
        "lessons": lessons,
        "form": form,
        "may_publish": access.can(request.user, permissions.PUBLISH_LESSON, project),
        "categories": LessonCategory.choices,
    }
    return render_page(request, "knowledge/project_lessons.html", context, status=status)


@login_required
@require_POST
def lesson_publish(request, lessonlearned_id: int):
    lesson = access.get_visible_or_404(
        request.user, LessonLearned.objects.select_related("project"), pk=lessonlearned_id
    )
    access.require(request.user, permissions.PUBLISH_LESSON, lesson)
    try:
        article = services.lesson_publish(actor=request.user, lesson=lesson)
    except DomainError as exc:
        from django.contrib import messages

        for message in exc.messages:
            messages.error(request, message)
        return redirect("knowledge:project_lessons", project_id=lesson.project_id)
    return redirect(article)
