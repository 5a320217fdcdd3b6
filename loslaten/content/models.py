"""Articles and their categories."""

from __future__ import annotations

import math
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


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self) -> ArticleQuerySet:
        """Articles whose publication moment has come, newest first."""
        return self.filter(published_at__lte=timezone.now()).order_by("-published_at", "-id")


class Article(models.Model):
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
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("content:article", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.published_at <= timezone.now()

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


def reading_minutes(*texts: str) -> int:
    """Minutes to read, at about 210 words a minute, never less than one."""
    words = sum(len(plain_text(t).split()) for t in texts)
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
