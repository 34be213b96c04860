"""Comments in the admin: read-only (edits and deletions keep their history in the portal)."""

from django.contrib import admin

from .models import Comment, CommentAttachment, CommentRevision


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RevisionInline(ReadOnlyInline):
    model = CommentRevision
    fields = ["replaced_at", "replaced_by", "body"]
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = CommentAttachment
    fields = ["name", "size", "content_type", "uploaded_at"]
    readonly_fields = fields


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["id", "author", "content_type", "object_id", "internal", "created_at"]
    list_filter = ["internal", "content_type", ("deleted_at", admin.EmptyFieldListFilter)]
    search_fields = ["body", "author__username", "author__display_name"]
    readonly_fields = [
        "content_type", "object_id", "project_id", "author", "body", "internal", "mentions",
        "created_at", "edited_at", "deleted_at", "deleted_by",
    ]  # fmt: skip
    fields = readonly_fields
    inlines = [AttachmentInline, RevisionInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
