"""Articles and categories in the Django admin, with a rendered preview."""

from __future__ import annotations

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from loslaten.content.models import Article, Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "published_at", "reading_minutes", "author", "updated_at"]
    list_filter = ["categories", "published_at"]
    search_fields = ["title", "lede", "body_markdown"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["categories"]
    readonly_fields = ["reading_minutes", "updated_at", "preview_link", "preview"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "categories", "lede", "author", "published_at"]}),
        (_("Tekst"), {"fields": ["body_markdown"]}),
        (
            _("Voorvertoning"),
            {"fields": ["preview_link", "reading_minutes", "updated_at", "preview"]},
        ),
    ]

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
