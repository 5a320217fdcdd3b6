"""Posts of a static site generator (Hugo, Jekyll) as articles.

Front matter is YAML (`---`), TOML (`+++`) or JSON, read by python-frontmatter. Only a
title is required; the date comes from the front matter or a Jekyll file name
(2010-10-05-slug.md), the lede from description/summary/excerpt or the first paragraph.
The body is rendered by markdown-it (tables, footnotes, definition lists, raw HTML,
reference-style links), after Hugo shortcodes and Jekyll tags have been replaced, and the
HTML is then read like a WordPress post (htmlmd), so every source ends in the same
Markdown. Docs: docs/writing.md.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import tomllib
from pathlib import Path, PurePosixPath

import frontmatter
import yaml
from django.utils.text import slugify
from frontmatter.default_handlers import BaseHandler
from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from loslaten.content import blocks as b
from loslaten.content.blocks import ContentError
from loslaten.content.htmlmd import html_to_markdown
from loslaten.content.ledes import take_lede
from loslaten.content.reading import Reading, Skipped
from loslaten.content.render import plain_text

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
JEKYLL_NAME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-(.+)$")
_source_md = (
    MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    .enable(["table", "strikethrough"])
    .use(footnote_plugin)
    .use(deflist_plugin)
)


class _DatesAsText(yaml.SafeLoader):
    """YAML without implicit timestamps: a date stays text, so an impossible one
    (2026-02-31) gets a clear line instead of an exception deep inside PyYAML."""


_DatesAsText.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class YamlHandler(BaseHandler):
    FM_BOUNDARY = re.compile(r"^-{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "---"

    def load(self, fm: str, **kwargs: object) -> object:
        return yaml.load(fm, Loader=_DatesAsText)  # noqa: S506 (a SafeLoader subclass)


class TomlHandler(BaseHandler):
    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> object:
        return tomllib.loads(fm)


class JsonHandler(BaseHandler):
    FM_BOUNDARY = re.compile(r"^(?:\{|\})$", re.MULTILINE)

    def split(self, text: str) -> tuple[str, str]:
        _, fm, content = self.FM_BOUNDARY.split(text, 2)
        return "{" + fm + "}", content

    def load(self, fm: str, **kwargs: object) -> object:
        return json.loads(fm)


def split_front_matter(text: str) -> tuple[dict, str]:
    """(metadata, body) of a Markdown file, YAML, TOML or JSON; ContentError otherwise."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    first = text.lstrip().split("\n", 1)[0].strip()
    handler: BaseHandler
    if first.startswith("+++"):
        handler = TomlHandler()
    elif first == "{":
        handler = JsonHandler()
    elif first.startswith("---"):
        handler = YamlHandler()
    else:
        raise ContentError("no front matter (a '---' or '+++' block at the top)")
    try:
        post = frontmatter.loads(text.lstrip(), handler=handler)
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"the TOML front matter cannot be read ({error})") from None
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" on line {where.line + 2}" if where else ""
        raise ContentError(f"the YAML front matter cannot be read{line}") from None
    except ValueError as error:
        raise ContentError(f"the front matter cannot be read ({error})") from None
    if not isinstance(post.metadata, dict):
        raise ContentError("the front matter must be 'key: value' lines")
    return post.metadata, post.content


def parse_moment(value: object, what: str) -> dt.datetime | dt.date | None:
    """A front-matter date (text, TOML date or datetime); a date that cannot exist is an error."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
        # Jekyll writes '2010-10-05 08:00:00 +0200'.
        text = re.sub(r"\s([+-]\d{2}):?(\d{2})$", r"\1:\2", text.replace("Z", "+00:00"))
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise ContentError(f"{what} {str(value)[:40]!r} is not a real date") from None


def names(value: object) -> list[str]:
    """Tags or categories: a list, or one string (Jekyll splits it on spaces or commas)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [x for x in re.split(r"\s*,\s*" if "," in value else r"\s+", value) if x]
    if isinstance(value, list):
        return [str(x) for x in value if isinstance(x, str | int | float)]
    return []


def featured_of(meta: dict) -> str:
    """The front matter's featured image: image, featured_image, cover.image, images[0]."""
    for key in ("featured_image", "image", "featureImage", "thumbnail", "cover"):
        value = meta.get(key)
        if isinstance(value, dict):
            value = value.get("image") or value.get("path") or value.get("src")
        if isinstance(value, str) and value.strip():
            return value.strip()
    images = meta.get("images")
    if isinstance(images, list) and images and isinstance(images[0], str):
        return images[0]
    return ""


class Site:
    """The files being imported together, so that ref/relref and post_url find each other."""

    def __init__(self) -> None:
        self.slugs: dict[str, str] = {}

    def remember(self, path: Path, slug: str) -> None:
        for key in keys_for(path):
            self.slugs.setdefault(key, slug)

    def url_of(self, reference: str) -> str | None:
        reference = reference.strip().strip("\"'").split("#")[0]
        for key in keys_for(PurePosixPath(reference)):
            if key in self.slugs:
                return f"/blog/{self.slugs[key]}/"
        return None


def keys_for(path: Path | PurePosixPath) -> list[str]:
    """How a post may be referred to: its file name, without date prefix, or its bundle."""
    stem = path.stem.split(".")[0]
    keys = [stem]
    if m := JEKYLL_NAME.match(stem):
        keys.append(m.group(4))
    if stem in ("index", "_index") and path.parent.name:
        keys.append(path.parent.name)
    return keys


def jekyll_name(path: Path) -> tuple[dt.date | None, str]:
    """Date and slug from a Jekyll file name such as 2010-10-05-een-titel.md."""
    stem = path.stem
    if m := JEKYLL_NAME.match(stem):
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), m.group(4)
        except ValueError:
            raise ContentError(f"the file name's date {stem[:10]!r} is not a real date") from None
    return None, ""


def read_post(path: Path, text: str, site: Site | None = None) -> b.ParsedArticle:
    """One Hugo or Jekyll post; ContentError says why it cannot come in."""
    site = site or Site()
    meta, body = split_front_matter(text)
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ContentError("has no title in its front matter")
    name_date, name_slug = jekyll_name(path)
    bundle = path.stem in ("index", "_index")
    file_slug = path.parent.name if bundle else (name_slug or path.stem.split(".")[0])
    slug = meta.get("slug") or ""
    if not isinstance(slug, str):
        raise ContentError("slug must be plain text")
    slug = slugify(slug) or slugify(file_slug) or slugify(title)
    date = parse_moment(meta.get("publishDate") or meta.get("date"), "date") or name_date
    modified = parse_moment(
        meta.get("lastmod") or meta.get("last_modified_at") or meta.get("modified"), "lastmod"
    )
    hidden = (
        meta.get("draft") is True
        or meta.get("published") is False
        or str(meta.get("draft")).lower() == "true"
        or "_drafts" in path.parts
    )
    notes: list[str] = []
    converted = html_to_markdown(body_html(body, site, notes), classic=False)
    notes += converted.notes
    keys = ("lede", "description", "summary", "excerpt")
    summary = next((meta[k] for k in keys if isinstance(meta.get(k), str)), "")
    lede, markdown = take_lede(plain_text(summary), converted.markdown)
    author = meta.get("author") or ""
    if isinstance(author, list):
        author = ", ".join(str(a) for a in author)
    if isinstance(author, dict):
        author = str(author.get("name", ""))
    aliases = meta.get("aliases") or meta.get("redirect_from") or []
    if isinstance(aliases, str):
        aliases = [aliases]
    old_paths = [a for a in aliases if isinstance(a, str)]
    permalink = meta.get("url") or meta.get("permalink")
    if isinstance(permalink, str) and permalink.startswith("/"):
        old_paths.append(permalink)
    else:
        old_paths.append(default_permalink(path, slug, date, meta))
    lang = meta.get("lang") or meta.get("language") or language_from_name(path)
    categories = names(meta.get("categories") or meta.get("category"))
    return b.ParsedArticle.from_markdown(
        markdown,
        title=title,
        categories=categories,
        tags=names(meta.get("tags")),
        lede=lede,
        slug=slug,
        published_at=date,
        modified_at=modified,
        author=str(author).strip(),
        draft=hidden,
        source_id=f"file:{source_path(path)}",
        lang=str(lang or ""),
        old_paths=[p for p in old_paths if p],
        featured_image_ref=featured_of(meta),
        base_dir=path.resolve().parent,
        notes=notes,
    )


def source_path(path: Path) -> str:
    """A file's identity: its path from the site's content or _posts folder on."""
    parts = path.parts
    for root in ("content", "_posts", "_drafts"):
        if root in parts:
            return "/".join(parts[parts.index(root) :])
    return path.name


def default_permalink(path: Path, slug: str, date: object, meta: dict) -> str:
    """Where the generator put the post by default: Jekyll /YYYY/MM/DD/slug.html,
    Hugo /<section>/<slug>/."""
    if JEKYLL_NAME.match(path.stem) and isinstance(date, dt.date):
        return f"/{date:%Y/%m/%d}/{slug}.html"
    if "content" in path.parts:
        after = path.parts[path.parts.index("content") + 1 :]
        if len(after) > 1:
            return f"/{after[0]}/{slug}/"
    return ""


def language_from_name(path: Path) -> str:
    """Hugo's multilingual file names: post.en.md is English."""
    stem = path.stem if path.stem not in ("index",) else ""
    m = re.search(r"\.([a-z]{2}(?:-[A-Za-z]{2})?)$", stem)
    return m.group(1) if m else ""


# --- shortcodes and Liquid ------------------------------------------------------------

HUGO_SHORTCODE = re.compile(r"\{\{([<%])\s*(/?)\s*([\w-]+)\s*(.*?)\s*[>%]\}\}", re.S)
HUGO_PAIRED = re.compile(
    r"\{\{([<%])\s*(highlight)\s*(.*?)\s*[>%]\}\}(.*?)\{\{[<%]\s*/\s*highlight\s*[>%]\}\}", re.S
)
LIQUID_HIGHLIGHT = re.compile(
    r"\{%-?\s*highlight\s+([\w+#-]+)[^%]*%\}(.*?)\{%-?\s*endhighlight\s*-?%\}", re.S
)
LIQUID_TAG = re.compile(r"\{%-?\s*(\w+)\s*(.*?)\s*-?%\}", re.S)
LIQUID_OUTPUT = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.S)
ARGS = re.compile(r"""(?:([\w-]+)\s*=\s*)?(?:"([^"]*)"|'([^']*)'|`([^`]*)`|([^\s"'=]+))""")


def shortcode_args(text: str) -> tuple[list[str], dict[str, str]]:
    positional, named = [], {}
    for m in ARGS.finditer(text):
        value = next((g for g in m.groups()[1:] if g is not None), "")
        if m.group(1):
            named[m.group(1).lower()] = value
        else:
            positional.append(value)
    return positional, named


def body_html(body: str, site: Site, notes: list[str]) -> str:
    """The Markdown body, shortcodes replaced, rendered to HTML by markdown-it."""
    body = hugo_shortcodes(body, site, notes)
    body = liquid(body, site, notes)
    # kramdown's attribute lists ({: .class}, {:toc}) say nothing a reader sees.
    body = re.sub(r"^\s*\{:[^}\n]*\}\s*$", "", body, flags=re.M)
    body = re.sub(r"\{:[^}\n]*\}", "", body)
    return _source_md.render(body)


def _a(value: str) -> str:
    return html.escape(value, quote=True)


def hugo_shortcodes(body: str, site: Site, notes: list[str]) -> str:
    def highlight(m: re.Match[str]) -> str:
        positional, _ = shortcode_args(m.group(3))
        language = positional[0] if positional else ""
        return f"\n```{language}\n{m.group(4).strip(chr(10))}\n```\n"

    def one(m: re.Match[str]) -> str:
        closing, name, raw = m.group(2), m.group(3).lower(), m.group(4)
        positional, named = shortcode_args(raw.rstrip("/").strip())
        if closing:
            return ""
        first = positional[0] if positional else ""
        if name in ("ref", "relref"):
            target = site.url_of(named.get("path", first))
            if target is None:
                notes.append(f"{{{{< {name} {first} >}}}} points to a post that is not imported")
                return "#"
            return target
        if name == "figure":
            src = named.get("src", first)
            caption = named.get("caption", named.get("title", ""))
            alt = named.get("alt", caption)
            cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
            return f'\n<figure><img src="{_a(src)}" alt="{_a(alt)}">{cap}</figure>\n'
        if name == "youtube":
            video = named.get("id", first)
            title = named.get("title", "")
            return f'\n<iframe src="https://www.youtube.com/embed/{_a(video)}" title="{_a(title)}"></iframe>\n'  # noqa: E501
        if name == "vimeo":
            video = named.get("id", first)
            return f'\n<iframe src="https://player.vimeo.com/video/{_a(video)}" title="{_a(named.get("title", ""))}"></iframe>\n'  # noqa: E501
        if name in ("tweet", "x", "twitter"):
            user, post = (
                named.get("user", first),
                named.get("id", positional[-1] if positional else ""),
            )
            return f'\n<iframe src="https://x.com/{_a(user)}/status/{_a(post)}"></iframe>\n'
        if name == "instagram":
            return f'\n<iframe src="https://www.instagram.com/p/{_a(named.get("id", first))}/"></iframe>\n'  # noqa: E501
        if name == "gist":
            user = named.get("user", first)
            gist = named.get("id", positional[1] if len(positional) > 1 else "")
            return f'\n<iframe src="https://gist.github.com/{_a(user)}/{_a(gist)}" title="Gist"></iframe>\n'  # noqa: E501
        notes.append(f"unknown shortcode {{{{< {name} >}}}} left out")
        return ""

    body = HUGO_PAIRED.sub(highlight, body)
    return HUGO_SHORTCODE.sub(one, body)


def liquid(body: str, site: Site, notes: list[str]) -> str:
    """Jekyll's Liquid: highlight blocks become code, post_url a link; the rest goes."""
    if "{%" not in body and "{{" not in body:
        return body
    body = LIQUID_HIGHLIGHT.sub(
        lambda m: f"\n```{m.group(1)}\n{m.group(2).strip(chr(10))}\n```\n", body
    )

    def tag(m: re.Match[str]) -> str:
        name, argument = m.group(1).lower(), m.group(2)
        if name in ("raw", "endraw", "comment", "endcomment"):
            return ""
        if name in ("post_url", "link"):
            target = site.url_of(argument)
            if target is None:
                notes.append(f"{{% {name} {argument} %}} points to a post that is not imported")
                return "#"
            return target
        notes.append(f"Liquid tag {{% {name} %}} left out")
        return ""

    body = LIQUID_TAG.sub(tag, body)

    def output(m: re.Match[str]) -> str:
        expression = m.group(1)
        if expression.startswith(("site.baseurl", "site.url", "base_path")):
            return ""
        notes.append(f"Liquid value {{{{ {expression[:30]} }}}} left out")
        return ""

    return LIQUID_OUTPUT.sub(output, body)


# --- a folder of posts ----------------------------------------------------------------


def post_files(folder: Path) -> list[Path]:
    """The Markdown posts under a folder (a Hugo content/ tree, a Jekyll site), in order.

    Hugo section lists (_index.md) and anything in a folder starting with '.' are not posts.
    """
    found = []
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in MARKDOWN_SUFFIXES or not path.is_file():
            continue
        relative = path.relative_to(folder).parts
        if any(
            part.startswith(".") or part in ("node_modules", "_site", "public") for part in relative
        ):
            continue
        if path.name in ("_index.md", "README.md"):
            continue
        found.append(path)
    return found


def read_folder(files: list[Path], texts: dict[Path, str]) -> Reading:
    """Posts that refer to each other (ref, relref, post_url) are read together."""
    reading = Reading(kind="Hugo or Jekyll posts")
    site = Site()
    for path in files:
        if path in texts:
            try:
                meta, _ = split_front_matter(texts[path])
            except ContentError:
                continue
            name_slug = jekyll_name_safe(path)
            slug = meta.get("slug") if isinstance(meta.get("slug"), str) else ""
            file_slug = path.parent.name if path.stem == "index" else name_slug
            site.remember(path, slugify(slug or file_slug or str(meta.get("title", ""))))
    for path in files:
        if path not in texts:
            continue
        try:
            reading.articles.append(read_post(path, texts[path], site))
        except ContentError as error:
            reading.skipped.append(
                Skipped(title_of(texts[path]) or path.name, f"{path.name}: {error}")
            )
    return reading


def jekyll_name_safe(path: Path) -> str:
    m = JEKYLL_NAME.match(path.stem)
    return m.group(4) if m else path.stem.split(".")[0]


def title_of(text: str) -> str:
    """The title line of a file whose front matter cannot be read, for the report."""
    m = re.search(r"^title\s*[:=]\s*[\"']?(.+?)[\"']?\s*$", text[:3000], re.M)
    return m.group(1) if m else ""
