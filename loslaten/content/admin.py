"""Articles and categories in the Django admin, with a rendered preview."""

from __future__ import annotations

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from loslaten.content.models import Article, Category, Redirect, Tag


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    """Old addresses and where they lead; an import fills it, the editor may change it."""

    list_display = ["old_path", "article", "target"]
    search_fields = ["old_path", "target", "article__title"]
    autocomplete_fields = ["article"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "draft", "published_at", "reading_minutes", "author"]
    list_filter = ["kind", "draft", "categories", "published_at"]
    search_fields = ["title", "lede", "body_markdown"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["categories", "tags"]
    readonly_fields = ["reading_minutes", "updated_at", "preview_link", "preview", "source_id"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "kind",
                    "categories",
                    "tags",
                    "lede",
                    "author",
                    "published_at",
                    "draft",
                    "lang",
                ]
            },
        ),
        (_("Tekst"), {"fields": ["body_markdown"]}),
        (
            _("Voorvertoning"),
            {"fields": ["preview_link", "reading_minutes", "updated_at", "preview"]},
        ),
    ]

    def save_model(self, request, obj: Article, form, change: bool) -> None:
        # An edit here is the newest change: feeds and the sitemap show its moment.
        if change and form.changed_data:
            obj.modified_at = timezone.now()
        super().save_model(request, obj, form, change)

    def view_on_site(self, obj: Article) -> str:
        return f"{obj.get_absolute_url()}?preview=1"

    @admin.display(description=_("Op de site"))
    def preview_link(self, obj: Article) -> SafeString | str:
        if not obj.pk:
            return "-"
        label = _("Bekijk zoals lezers het zien")
        return format_html('<a href="{}?preview=1">{}</a>', obj.get_absolute_url(), label)

    @admin.display(description=_("Bouwstenen"))
    def preview(self, obj: Article) -> SafeString | str:
        """The body's blocks as the page shows them (saved version), without the forms."""
        if not obj.pk:
            return _("Bewaar het artikel eerst; daarna zie je hier de bouwstenen.")
        return render_to_string("content/admin_preview.html", {"article": obj})
