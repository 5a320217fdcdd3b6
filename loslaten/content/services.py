"""Plain functions around articles that views, commands and other apps call."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import Stemmer
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Q, QuerySet
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.text import slugify

from loslaten.content import blocks as b
from loslaten.content.models import Article, Category, Redirect, Tag
from loslaten.content.reading import Reading, Skipped
from loslaten.content.render import plain_text
from loslaten.core.cache import invalidation_deferred
from loslaten.search.signals import indexing_deferred

RELATED_LIMIT = 3
RELATED_CANDIDATES = 200
_stemmer = Stemmer.Stemmer("dutch")
# Words too common to say anything about what two articles share.
STOPWORDS = set(
    """de het een en van in is dat die op te je je niet met voor zijn er maar als ook aan om
    bij dan of wat nog wel uit door naar over dit kan zo hoe waar wordt worden was heeft
    hebben hij zij ze we wij jij jou jouw mijn me mij ons onze u jullie hun zich zelf iets
    meer veel geen al toch even dus want omdat tot na moet kunt kun gaat doen doet soms vaak
    heel echt gewoon eigenlijk steeds eens alleen andere ander elke elk iemand niets""".split()
)


def published_since(when: dt.datetime) -> QuerySet[Article]:
    """Articles published after `when` and not in the future, newest first (newsletter)."""
    return Article.objects.published().filter(published_at__gt=when)


def next_publication() -> dt.datetime | None:
    """When the next scheduled (not hidden) article or page appears, or None."""
    return (
        Article.objects.filter(draft=False, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def newest_prompt() -> str | None:
    """The first reflection prompt of the newest published article, or None (newsletter)."""
    newest = Article.objects.published().first()
    if newest is None:
        return None
    prompts = newest.prompts()
    return prompts[0][1] if prompts else None


# --- related articles -----------------------------------------------------------------


def stems(text: str) -> Counter[str]:
    """Word stems of a text, without the most common words."""
    words = [w for w in re.findall(r"\w+", text.casefold()) if len(w) > 2 and w not in STOPWORDS]
    return Counter(_stemmer.stemWords(words))


def cosine(a: Counter[str], b_: Counter[str]) -> float:
    dot = sum(count * b_[word] for word, count in a.items() if word in b_)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b_.values()))
    return dot / norm if norm else 0.0


def article_words(article: Article) -> Counter[str]:
    return stems(" ".join([article.title, article.lede, plain_text(article.body_markdown)]))


def related_articles(article: Article, limit: int = RELATED_LIMIT) -> list[Article]:
    """Published articles most like this one.

    Score = number of shared categories + cosine similarity of the word stems (0..1). So a
    shared category always counts more than text alone, and among articles that share as
    many categories the one whose words overlap most comes first.
    """
    mine = set(article.categories.values_list("id", flat=True))
    words = article_words(article)
    candidates = (
        Article.objects.published()
        .exclude(pk=article.pk)
        .prefetch_related("categories")[:RELATED_CANDIDATES]
    )
    scored = []
    for other in candidates:
        shared = len(mine & {c.id for c in other.categories.all()})
        score = shared + cosine(words, article_words(other))
        if score > 0.05:
            scored.append((score, other.published_at, other))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [other for _, _, other in scored[:limit]]


# --- "Lees verder" --------------------------------------------------------------------


def read_further_targets(titles: list[str]) -> dict[str, Article]:
    """Published articles whose title matches (case- and accent-insensitive) one of `titles`."""
    wanted = {b.normalize_title(t) for t in titles}
    if not wanted:
        return {}
    found: dict[str, Article] = {}
    for article in Article.objects.published().only("title", "slug", "published_at"):
        key = b.normalize_title(article.title)
        if key in wanted:
            found.setdefault(key, article)
    return found


# --- saving what an importer read -----------------------------------------------------


def as_datetime(value: dt.datetime | dt.date | None) -> dt.datetime | None:
    """A front-matter date as an aware moment: a bare date means midnight, local time."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def save_parsed(
    parsed: b.ParsedArticle, known: dict[str, Category | Tag] | None = None
) -> tuple[Article, bool]:
    """Create or update the article; returns (article, created).

    Identity is the source's id (a WordPress post id, a file's path) when there is one,
    else the slug: two drafts called "Concept" stay two, each with its own address.
    """
    article = same_slug = None
    # One query for both candidates: the same source, and the same slug.
    match = (
        Q(slug=parsed.slug) | Q(source_id=parsed.source_id)
        if parsed.source_id
        else Q(slug=parsed.slug)
    )
    for candidate in Article.objects.filter(match).order_by():
        if parsed.source_id and candidate.source_id == parsed.source_id:
            article = candidate
        if candidate.slug == parsed.slug:
            same_slug = candidate
    if article is None and same_slug is not None:
        if not parsed.source_id or not same_slug.source_id:
            article = same_slug  # our own format, or an article from before source ids
    created = article is None
    published_at = as_datetime(parsed.published_at)
    if article is None:
        slug = parsed.slug if parsed.kind == Article.POST else free_page_slug(parsed.slug)
        if same_slug is not None or slug != parsed.slug:
            slug = unique_slug(slug)
        article = Article(slug=slug, source_id=parsed.source_id)
        article.published_at = published_at or (None if parsed.draft else timezone.now())
    elif published_at is not None:
        article.published_at = published_at
    article.source_id = parsed.source_id or article.source_id
    article.draft = parsed.draft
    article.kind = parsed.kind
    article.lang = parsed.lang
    article.modified_at = as_datetime(parsed.modified_at)
    article.title = parsed.title
    article.lede = parsed.lede
    article.author = parsed.author or default_author()
    article.body_markdown = parsed.body_markdown
    if not created and article.slug != parsed.slug and not parsed.source_id:
        article.slug = parsed.slug
    article.save()
    known = {} if known is None else known  # categories and tags met earlier in this run
    categories = [_known(known, "c", name, category_for) for name in parsed.categories]
    tags = [_known(known, "t", name, tag_for) for name in parsed.tags]
    if created:  # nothing to replace: one insert each (the article's save told the caches)
        Article.categories.through.objects.bulk_create(
            [Article.categories.through(article=article, category=c) for c in categories]
        )
        Article.tags.through.objects.bulk_create(
            [Article.tags.through(article=article, tag=t) for t in tags]
        )
    else:
        article.categories.set(categories)
        article.tags.set(tags)
    own = article.get_absolute_url()
    paths = {p for p in map(old_path, parsed.old_paths) if p and p != own}
    if paths:
        # One statement for all: a path that led elsewhere now leads here.
        Redirect.objects.bulk_create(
            [Redirect(old_path=p, article=article) for p in sorted(paths)],
            update_conflicts=True,
            unique_fields=["old_path"],
            update_fields=["article"],
        )
    return article, created


def _known(known: dict, kind: str, name: str, make) -> Category | Tag:
    key = f"{kind}:{name.casefold()}"
    if key not in known:
        known[key] = make(name)
    return known[key]


def free_page_slug(slug: str) -> str:
    """A page lives at /<slug>/: a slug the site already uses (blog, zoeken, admin) would
    hide it, so such a page gets -pagina after its slug."""
    try:
        taken = resolve(f"/{slug}/").view_name != "pages:page"
    except Resolver404:
        taken = False
    return f"{slug[: b.MAX_TITLE - 7]}-pagina" if taken else slug


def unique_slug(slug: str) -> str:
    """The slug, or slug-2, slug-3... when another article has it."""
    candidate, n = slug, 2
    while Article.objects.filter(slug=candidate).exists():
        suffix = f"-{n}"
        candidate, n = slug[: b.MAX_TITLE - len(suffix)] + suffix, n + 1
    return candidate


def old_path(address: str) -> str:
    """An old address as the path the middleware compares: /2010/10/05/slug/ or /?p=1."""
    address = address.strip()
    if "://" in address:
        parts = urlsplit(address)
        address = parts.path + (f"?{parts.query}" if parts.query else "")
    if not address:
        return ""
    if not address.startswith("/"):
        address = "/" + address
    return address[:500]


def tag_for(name: str) -> Tag:
    """The tag of that name (or slug), made when it does not exist yet."""
    slug = slugify(name)[:100]
    tag = Tag.objects.filter(Q(slug=slug) | Q(name__iexact=name)).first()
    if tag is None:
        tag = Tag.objects.create(name=name, slug=slug)
    return tag


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do), for the end-of-run report."""

    came_in: list[tuple[b.ParsedArticle, Article, bool]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    left_out: Counter[str] = field(default_factory=Counter)

    @property
    def unpublished(self) -> list[Article]:
        return [a for _, a, _ in self.came_in if not a.is_published]


@contextmanager
def bulk_saving() -> Iterator[None]:
    """Many articles saved in a row: the search index and the page cache catch up once,
    at the end of the block, instead of once per article. Nested blocks are free."""
    with invalidation_deferred(), indexing_deferred():
        yield


def import_reading(reading: Reading, dry_run: bool = False) -> ImportReport:
    """Save each article of a reading on its own: one that fails is skipped with its
    reason and the rest still come in. Their search passages are written together at the
    end. A dry run does the same work and then rolls it all back, so its report is exact
    and nothing stays written."""
    report = ImportReport(skipped=list(reading.skipped), left_out=Counter(reading.left_out))
    known: dict[str, Category | Tag] = {}
    with transaction.atomic(), bulk_saving():
        for parsed in reading.articles:
            try:
                with transaction.atomic():
                    article, created = save_parsed(parsed, known)
            except (ValidationError, DatabaseError) as error:
                known.clear()  # what this item made was rolled back with it
                report.skipped.append(Skipped(parsed.title, f"cannot be saved ({error})"))
                continue
            report.came_in.append((parsed, article, created))
        if dry_run:
            transaction.set_rollback(True)
    return report


def default_author() -> str:
    return getattr(settings, "SITE_NAME", "Loslaten")


def category_for(name: str) -> Category:
    """The category of that name (or slug), made when it does not exist yet."""
    slug = slugify(name)
    category = Category.objects.filter(Q(slug=slug) | Q(name__iexact=name)).first()
    if category is None:
        category = Category.objects.create(name=name, slug=slug)
    return category


def save_all(articles: list[b.ParsedArticle]) -> list[tuple[Article, bool]]:
    """Save the articles of one file together: all of them or none."""
    with transaction.atomic():
        return [save_parsed(parsed) for parsed in articles]
