"""Knowledge forms (messages translated; the rules live in services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import access
from accounts.models import User
from ito_portal.core.forms import DateInput

from .choices import ArticleKind, LessonCategory
from .models import Article, LessonLearned, Space


class ArticleForm(forms.ModelForm):
    """Write or edit an article: Markdown body with a live preview."""

    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=300, help_text=_("Separated by commas.")
    )

    class Meta:
        model = Article
        fields = ["title", "space", "kind", "tags", "body", "owner", "review_by", "client_visible"]
        widgets = {
            "review_by": DateInput(),
            "body": forms.Textarea(attrs={"rows": 18, "class": "font-monospace"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        spaces = access.visible(user, Space).select_related("project", "client")
        if not user.is_pmo:
            spaces = access.visible(user, spaces, "knowledge.add_article")
        self.fields["space"].queryset = spaces
        self.fields["space"].empty_label = _("Organisation-wide")
        self.fields["space"].required = False
        self.fields["owner"].queryset = User.objects.filter(
            is_active=True, organization__kind="vendor"
        ).order_by("display_name", "username")
        self.fields["owner"].required = False
        self.fields["owner"].empty_label = _("Me")
        self.fields["kind"].choices = ArticleKind.choices
        self.fields["body"].widget.attrs.update({"data-testid": "article-body"})
        self.fields["title"].widget.attrs.update({"data-testid": "article-title"})


class SpaceForm(forms.ModelForm):
    class Meta:
        model = Space
        fields = ["name", "description", "client", "project", "client_visible"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from accounts.models import Organization
        from projects.models import Project

        self.fields["client"].queryset = Organization.objects.filter(kind="client")
        self.fields["project"].queryset = access.visible(
            user, Project.objects.all(), "knowledge.add_space"
        )
        if not user.is_pmo:
            del self.fields["client"]


class LessonForm(forms.ModelForm):
    class Meta:
        model = LessonLearned
        fields = [
            "title", "category", "captured_at", "what_happened", "what_we_learned",
            "recommendation",
        ]  # fmt: skip
        widgets = {
            "what_happened": forms.Textarea(attrs={"rows": 3}),
            "what_we_learned": forms.Textarea(attrs={"rows": 3}),
            "recommendation": forms.Textarea(attrs={"rows": 2}),
        }


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    space = forms.ModelChoiceField(label=_("space"), queryset=Space.objects.none(), required=False)
    kind = forms.ChoiceField(
        label=_("kind"), choices=[("", _("All kinds")), *ArticleKind.choices], required=False
    )
    tag = forms.CharField(label=_("tag"), required=False, max_length=40)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = access.visible(user, Space)
        self.fields["space"].empty_label = _("All spaces")


__all__ = ["ArticleForm", "LessonCategory", "LessonForm", "SearchForm", "SpaceForm"]
