"""Articles and their categories."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import cached_property

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loslaten.content import blocks as b
from loslaten.content.media import Stored
from loslaten.content.render import plain_text

WORDS_PER_MINUTE = 210


@dataclass(frozen=True)
class Passage:
    """One searchable part of an article, as plain text; `anchor` is its id on the page."""

    anchor: str
    heading: str
    text: str


class Category(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("categorie")
        verbose_name_plural = _("categorieën")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("content:category", kwargs={"slug": self.slug})


class Image(models.Model):
    """An image stored by content.media: its folder name says its size and its widths."""

    folder = models.CharField(_("map"), max_length=40, unique=True, editable=False)
    name = models.CharField(_("naam"), max_length=200, blank=True)
    width = models.PositiveIntegerField(_("breedte"), editable=False)
    height = models.PositiveIntegerField(_("hoogte"), editable=False)
    created_at = models.DateTimeField(_("toegevoegd"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("afbeelding")
        verbose_name_plural = _("afbeeldingen")

    def __str__(self) -> str:
        return f"{self.name or self.folder} ({self.width}×{self.height})"

    @property
    def stored(self) -> Stored:
        return Stored(self.folder, self.width, self.height)

    @property
    def url(self) -> str:
        return self.stored.url

    @classmethod
    def for_stored(cls, stored: Stored, name: str = "") -> Image:
        """The row of a stored image, made the first time it is seen."""
        image, _ = cls.objects.get_or_create(
            folder=stored.folder,
            defaults={"name": name[:200], "width": stored.width, "height": stored.height},
        )
        return image


class Tag(models.Model):
    """A keyword of the source blog (WordPress post_tag, Hugo/Jekyll tags): kept as a tag."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("content:tag", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet["Article"]):
    def live(self) -> ArticleQuerySet:
        """Posts and pages readers may see: not hidden, and their moment has come.

        Publishing is this query, not a flag flipped later: a scheduled article appears
        by itself once its moment passes."""
        return self.filter(draft=False, published_at__lte=timezone.now())

    def published(self) -> ArticleQuerySet:
        """Blog posts readers may see, newest first: the lists, feeds, sitemap and search."""
        return self.live().filter(kind=Article.POST).order_by("-published_at", "-id")


class Article(models.Model):
    POST = "post"
    PAGE = "page"
    KINDS = [(POST, _("blogartikel")), (PAGE, _("pagina"))]

    title = models.CharField(_("titel"), max_length=b.MAX_TITLE)
    slug = models.SlugField(_("slug"), max_length=b.MAX_TITLE, unique=True)
    categories = models.ManyToManyField(
        Category, related_name="articles", verbose_name=_("categorieën")
    )
    lede = models.TextField(_("inleiding"), max_length=b.MAX_LEDE)
    author = models.CharField(_("auteur"), max_length=b.MAX_NAME, default="Loslaten")
    body_markdown = models.TextField(
        _("tekst (Markdown)"), help_text=_("Zie docs/writing.md voor de bouwstenen.")
    )
    reading_minutes = models.PositiveSmallIntegerField(
        _("leestijd (minuten)"), default=1, editable=False
    )
    published_at = models.DateTimeField(
        _("publicatiemoment"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Leeg of in de toekomst: nog niet zichtbaar."),
    )
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True)
    featured_image = models.ForeignKey(
        Image,
        verbose_name=_("uitgelichte afbeelding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    featured_alt = models.CharField(
        _("beschrijving van de afbeelding (alt)"),
        max_length=300,
        blank=True,
        help_text=_("Wat er te zien is, voor wie de afbeelding niet ziet."),
    )
    draft = models.BooleanField(
        _("verborgen"),
        default=False,
        help_text=_("Een concept of privé-artikel: nooit in lijsten, feeds of zoekresultaten."),
    )
    kind = models.CharField(_("soort"), max_length=10, choices=KINDS, default=POST)
    tags = models.ManyToManyField(Tag, related_name="articles", blank=True, verbose_name=_("tags"))
    lang = models.CharField(
        _("taal"), max_length=20, blank=True, help_text=_("Leeg: Nederlands (nl).")
    )
    modified_at = models.DateTimeField(
        _("laatst gewijzigd"),
        null=True,
        blank=True,
        help_text=_("Zoals de bron het zegt; feeds en sitemap tonen dit moment."),
    )
    source_id = models.CharField(
        _("bron-id"),
        max_length=500,
        blank=True,
        db_index=True,
        help_text=_("Het id of adres in de blog waaruit het artikel kwam."),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("artikel")
        verbose_name_plural = _("artikelen")

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.reading_minutes = reading_minutes(self.title, self.lede, self.body_markdown)
        self.__dict__.pop("blocks", None)
        old_url = None
        if self.pk:
            before = Article.objects.filter(pk=self.pk).values("slug", "kind").first()
            if before and (before["slug"], before["kind"]) != (self.slug, self.kind):
                old_url = article_url(before["slug"], before["kind"])
        super().save(*args, **kwargs)
        if old_url:
            # A changed address leaves a redirect behind, so old links keep working; one
            # from the address it has now would only ever loop, so it goes.
            Redirect.objects.update_or_create(old_path=old_url, defaults={"article": self})
            Redirect.objects.filter(old_path=self.get_absolute_url()).delete()

    def get_absolute_url(self) -> str:
        return article_url(self.slug, self.kind)

    @property
    def is_published(self) -> bool:
        """Whether readers may see it now (``live()``)."""
        return is_live(self.draft, self.published_at, timezone.now())

    @property
    def language(self) -> str:
        """The article's language code, for <html lang> and JSON-LD inLanguage."""
        return self.lang or "nl"

    @property
    def last_modified(self):
        """When the text last changed: the source's modified date, else our last save."""
        return self.modified_at or self.updated_at

    @cached_property
    def blocks(self) -> list[b.Block]:
        """The body as typed blocks, each section and prompt with its anchor."""
        return b.with_anchors(b.parse_body(self.body_markdown))

    def passages(self) -> list[Passage]:
        """Plain text of each searchable part: lede, sections, the questions, FAQ pairs."""
        return article_passages(self.title, self.lede, self.blocks)

    def prompts(self) -> list[tuple[str, str]]:
        """(anchor, text) of each reflection prompt, in order."""
        return [(x.anchor, plain_text(x.text)) for x in self.blocks if isinstance(x, b.Prompt)]

    def faq(self) -> list[tuple[str, str]]:
        """(question, plain answer) pairs of the FAQ."""
        return [(q, plain_text(a)) for x in self.blocks if isinstance(x, b.Faq) for q, a in x.items]


def is_live(draft: bool, published_at: dt.datetime | None, now: dt.datetime) -> bool:
    """Whether an article with these columns is one ``ArticleQuerySet.live()`` gives at
    ``now``: for rows already read (``Article.is_published``, the search's one query)."""
    return not draft and published_at is not None and published_at <= now


def is_listed(draft: bool, kind: str, published_at: dt.datetime | None, now: dt.datetime) -> bool:
    """Whether an article with these columns is one ``ArticleQuerySet.published()`` gives
    at ``now`` (a live post). A test keeps the two the same."""
    return kind == Article.POST and is_live(draft, published_at, now)


def article_url(slug: str, kind: str) -> str:
    """A post lives under /blog/, a page at the top: /over-mij/."""
    if kind == Article.PAGE:
        return reverse("pages:page", kwargs={"slug": slug})
    return reverse("content:article", kwargs={"slug": slug})


class Redirect(models.Model):
    """An old address (a WordPress permalink, ?p=123, a Hugo alias, a former slug) that
    answers 301 to an article, or to any path when no article is set."""

    old_path = models.CharField(
        _("oud adres"),
        max_length=500,
        unique=True,
        help_text=_("Een pad zoals /2010/10/05/titel/ of /?p=123."),
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="redirects",
        verbose_name=_("artikel"),
    )
    target = models.CharField(
        _("nieuw adres"), max_length=500, blank=True, help_text=_("Alleen als er geen artikel is.")
    )

    class Meta:
        ordering = ["old_path"]
        verbose_name = _("doorverwijzing")
        verbose_name_plural = _("doorverwijzingen")

    def __str__(self) -> str:
        return f"{self.old_path} → {self.destination()}"

    def destination(self) -> str:
        return self.article.get_absolute_url() if self.article_id else self.target


# What a reader does not read in Markdown: link targets, markup characters, container lines.
MARKUP = re.compile(r"\]\([^)]*\)|^:::.*$|[*_`#>~^\[\]|\\]", re.MULTILINE)


def reading_minutes(*texts: str) -> int:
    """Minutes to read, at about 210 words a minute, never less than one.

    Words are counted in the Markdown with its markup taken out, not in rendered HTML:
    the same count for prose, and cheap enough for an import of thousands of posts."""
    words = sum(len(MARKUP.sub(" ", t).split()) for t in texts)
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def article_passages(title: str, lede: str, blocks: list[b.Block]) -> list[Passage]:
    """Group the blocks into passages: what the search app indexes."""
    passages: list[Passage] = []
    anchor, heading, texts = "", title, [lede]
    faq_number = 0

    def close() -> None:
        text = " ".join(t for t in texts if t)
        if text:
            passages.append(Passage(anchor, heading, text))

    for block in blocks:
        if isinstance(block, b.Heading):
            close()
            anchor, heading, texts = block.anchor, block.text, []
        elif isinstance(block, b.Prose | b.Quote | b.Prompt | b.Action):
            texts.append(plain_text(block.text))
        elif isinstance(block, b.Story):
            texts.append(f"{block.title}. {plain_text(block.text)}".strip(". "))
        elif isinstance(block, b.Questions):
            lines = " ".join(f"{q} {plain_text(a)}" for q, a in block.items)
            passages.append(Passage("vragen", b.QUESTIONS_HEADING, lines))
        elif isinstance(block, b.Faq):
            for question, answer in block.items:
                faq_number += 1
                passages.append(Passage(f"faq-{faq_number}", question, plain_text(answer)))
    close()
    # The lede comes first, whatever came before the first section.
    ordered = sorted(enumerate(passages), key=lambda pair: (pair[1].anchor != "", pair[0]))
    return [passage for _, passage in ordered]
