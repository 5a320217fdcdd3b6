"""Articles and categories in the Django admin, with a rendered preview."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from loslaten.content import media
from loslaten.content.models import Article, Category, Image, Redirect, Tag
from loslaten.content.render import picture_html


def stored_upload(upload: UploadedFile | None) -> media.Stored | None:
    """Store an uploaded image; a refused one becomes the form field's error."""
    if upload is None:
        return None
    if upload.size > settings.LOSLATEN_MEDIA_MAX_BYTES:
        limit = settings.LOSLATEN_MEDIA_MAX_BYTES // (1024 * 1024)
        raise forms.ValidationError(_("Dit bestand is groter dan %(mb)s MB.") % {"mb": limit})
    try:
        return media.store_bytes(upload.read(), upload.name or "")
    except media.MediaError as error:
        raise forms.ValidationError(str(error)) from None


class ArticleForm(forms.ModelForm):
    featured_upload = forms.FileField(
        label=_("nieuwe uitgelichte afbeelding"),
        required=False,
        help_text=_("JPEG, PNG of WebP. Loslaten maakt er kleinere kopieën van en haalt de "
                    "EXIF-gegevens (zoals de GPS-plaats) eruit."),
    )  # fmt: skip

    class Meta:
        model = Article
        fields = ["title", "slug", "kind", "categories", "tags", "lede", "author",
                  "published_at", "draft", "lang", "featured_image", "featured_alt",
                  "body_markdown"]  # fmt: skip

    def clean_featured_upload(self) -> media.Stored | None:
        return stored_upload(self.cleaned_data.get("featured_upload"))

    def clean(self) -> dict:
        data = super().clean()
        has_image = data.get("featured_upload") or data.get("featured_image")
        if has_image and not (data.get("featured_alt") or "").strip():
            self.add_error(
                "featured_alt", _("Beschrijf in een zin wat er op de afbeelding te zien is.")
            )
        return data

    def save(self, commit: bool = True) -> Article:
        stored = self.cleaned_data.get("featured_upload")
        if stored is not None:
            upload = self.files.get("featured_upload")
            self.instance.featured_image = Image.for_stored(stored, upload.name if upload else "")
        return super().save(commit)


class ImageForm(forms.ModelForm):
    file = forms.FileField(
        label=_("bestand"),
        help_text=_("JPEG, PNG of WebP, hoogstens 40 megapixel. SVG kan scripts bevatten en "
                    "wordt geweigerd."),
    )  # fmt: skip

    class Meta:
        model = Image
        fields = ["name"]

    def clean_file(self) -> media.Stored | None:
        stored = stored_upload(self.cleaned_data.get("file"))
        if stored is not None:
            if existing := Image.objects.filter(folder=stored.folder).first():
                raise forms.ValidationError(
                    _("Deze afbeelding staat er al: %(name)s.") % {"name": existing}
                )
            self.instance.folder, self.instance.width = stored.folder, stored.width
            self.instance.height = stored.height
        return stored

    def save(self, commit: bool = True) -> Image:
        upload = self.files.get("file")
        self.instance.name = self.cleaned_data.get("name") or (upload.name if upload else "")
        return super().save(commit)


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    """Upload an image once; paste its Markdown line into an article."""

    form = ImageForm
    list_display = ["thumbnail", "name", "width", "height", "created_at"]
    search_fields = ["name"]
    readonly_fields = ["thumbnail", "markdown", "width", "height"]

    def get_fields(self, request, obj=None) -> list[str]:
        return ["name", "file"] if obj is None else ["name", "thumbnail", "markdown"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["form"] = forms.ModelForm
        return super().get_form(request, obj, change, **kwargs)

    @admin.display(description=_("Voorbeeld"))
    def thumbnail(self, obj: Image) -> SafeString:
        return mark_safe(picture_html(obj.stored, "", sizes="8rem"))

    @admin.display(description=_("Markdown voor in een artikel"))
    def markdown(self, obj: Image) -> SafeString:
        alt, caption = _("wat er te zien is"), _("onderschrift (mag weg)")
        line = f'![{alt}]({obj.url} "{caption}")'
        return format_html("<code>{}</code>", line)


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
    form = ArticleForm
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
        (
            _("Uitgelichte afbeelding"),
            {"fields": ["featured_image", "featured_upload", "featured_alt"]},
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
