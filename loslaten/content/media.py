"""Images of articles: checked, stripped, and stored once as AVIF/WebP/JPEG in a few widths.

An image is stored under LOSLATEN_MEDIA_DIR in a folder named after the first 16 hex
digits of the SHA-256 of the original file and its stored size, e.g.
`3f2a9c1b0d4e5f67-1600x1067/`, holding `400.avif`, `400.webp`, `400.jpg`, `800.avif`, ...
The largest JPEG's address (`/media/3f2a9c1b0d4e5f67-1600x1067/1600.jpg`) is how an article
refers to it, in its Markdown (`![alt](/media/... "caption")`) or as its featured image: the
address alone tells the size and the widths, so a page is rendered without looking anything
up. Copies are made here, at upload or import time, never per request. The original is not
kept: what is kept has no EXIF (no GPS position, no camera serial) and no other metadata.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from django.conf import settings
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError, features

URL_PREFIX = "/media/"
# Widths made for srcset; the largest stored width is the last. Wider originals are scaled.
WIDTHS = (400, 800, 1200, 1600)
MAX_PIXELS = 40_000_000
MAX_SIDE = 16_383  # WebP's limit
# MPO: the JPEG that many phone cameras write (with a second, small picture inside).
ACCEPTED = {"JPEG", "MPO", "PNG", "WEBP", "GIF", "AVIF"}
AVIF = features.check("avif")
# Best first: the order of <source> elements in a <picture>.
FORMATS = (("avif", "image/avif"),) * AVIF + (("webp", "image/webp"), ("jpg", "image/jpeg"))
MIME = dict(FORMATS) | {"avif": "image/avif"}
_QUALITY = {"avif": {"quality": 55, "speed": 8}, "webp": {"quality": 78, "method": 5},
            "jpg": {"quality": 80, "optimize": True, "progressive": True}}  # fmt: skip

FOLDER = r"[0-9a-f]{16}-(?P<w>[1-9]\d{0,3})x(?P<h>[1-9]\d{0,4})"
REF = re.compile(rf"^{URL_PREFIX}(?P<folder>{FOLDER})/(?P=w)\.jpg$")
# One stored file, as the media view and nginx serve it.
FILE = re.compile(rf"^(?P<folder>{FOLDER})/(?P<width>\d{{1,4}})\.(?P<ext>avif|webp|jpg)$")
# A Markdown image: ![alt](src "caption"); the src may be in <...>.
MARKDOWN_IMAGE = re.compile(
    r'!\[(?P<alt>[^\]\n]*)\]\(\s*<?(?P<src>[^\s()<>]+)>?(?P<title>\s+"[^"\n]*")?\s*\)'
)
# WordPress makes foo-1024x683.jpg and foo-scaled.jpg from foo.jpg; the original is best.
WP_SIZE = re.compile(r"-(?:\d+x\d+|scaled)(?=\.\w+$)")

if TYPE_CHECKING:
    from loslaten.content.models import Article

Report = Callable[[str], None]


NO_AVIF = "this Pillow cannot write AVIF: images are stored as WebP and JPEG only"


def check_avif(**kwargs: object) -> list:
    """A system check (`loslaten check`) that says when AVIF copies cannot be made."""
    from django.core.checks import Info

    return [] if AVIF else [Info(NO_AVIF, id="content.I001")]


class MediaError(ValueError):
    """A file that cannot become an article image; the message says why, in one line."""


@dataclass(frozen=True)
class Stored:
    """A stored image, known from its address alone."""

    folder: str
    width: int
    height: int

    @classmethod
    def from_url(cls, url: str) -> Stored | None:
        """The stored image an address refers to, or None for anything else."""
        match = REF.match(url or "")
        if not match:
            return None
        return cls(match["folder"], int(match["w"]), int(match["h"]))

    @property
    def url(self) -> str:
        """The largest JPEG: the reference kept in Markdown and in the database."""
        return self.src(self.width, "jpg")

    def widths(self) -> list[int]:
        return [w for w in WIDTHS if w < self.width] + [self.width]

    def height_at(self, width: int) -> int:
        return max(1, round(self.height * width / self.width))

    def src(self, width: int, ext: str) -> str:
        return f"{URL_PREFIX}{self.folder}/{width}.{ext}"

    def srcset(self, ext: str) -> str:
        return ", ".join(f"{self.src(w, ext)} {w}w" for w in self.widths())

    def formats(self) -> list[tuple[str, str]]:
        """The (extension, MIME type) pairs on disk, best first."""
        folder = settings.LOSLATEN_MEDIA_DIR / self.folder
        return [(ext, mime) for ext, mime in FORMATS
                if ext != "avif" or (folder / f"{self.width}.avif").exists()]  # fmt: skip

    def share_width(self, limit: int = 1200) -> int:
        """The widest copy up to `limit`: og:image and feeds want one file, not a srcset."""
        return max(w for w in self.widths() if w <= max(limit, self.widths()[0]))

    def path(self, width: int, ext: str) -> Path:
        return settings.LOSLATEN_MEDIA_DIR / self.folder / f"{width}.{ext}"


# --- storing ------------------------------------------------------------------------------


def open_checked(data: bytes, name: str) -> PILImage.Image:
    """Open an upload as an image, or raise MediaError with the reason it is refused."""
    limit = settings.LOSLATEN_MEDIA_MAX_BYTES
    if len(data) > limit:
        raise MediaError(f"larger than {limit // (1024 * 1024) or 1} MB ({len(data):,} bytes)")
    head = data[:1024].lstrip().lower()
    if name.lower().endswith((".svg", ".svgz")) or b"<svg" in head or head.startswith(b"<?xml"):
        raise MediaError("SVG is not accepted (it can carry scripts); export it as PNG or JPEG")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            image = PILImage.open(io.BytesIO(data))
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise MediaError(
            f"too many pixels (more than {MAX_PIXELS // 1_000_000} megapixels)"
        ) from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise MediaError("not an image (JPEG, PNG, WebP, GIF or AVIF are accepted)") from None
    if image.format not in ACCEPTED:
        raise MediaError(f"{image.format} images are not accepted; use JPEG, PNG or WebP")
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise MediaError(
            f"too many pixels: {width}×{height} (at most {MAX_PIXELS // 1_000_000} megapixels)"
        )
    try:
        image.load()
    except (OSError, ValueError, SyntaxError):
        raise MediaError("the image is damaged or incomplete") from None
    return image


def _clean(image: PILImage.Image) -> PILImage.Image:
    """Upright pixels and nothing else: EXIF, XMP, comments and GPS stay behind."""
    image = ImageOps.exif_transpose(image) or image
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    return PILImage.frombytes(image.mode, image.size, image.tobytes())


def store_bytes(data: bytes, name: str) -> Stored:
    """Check an image, write its copies under LOSLATEN_MEDIA_DIR (once), and return it.

    Raises MediaError when the file is refused. Storing the same file again costs nothing.
    """
    digest = hashlib.sha256(data).hexdigest()[:16]
    root: Path = settings.LOSLATEN_MEDIA_DIR
    # Stored before (an import run again): no need to decode it again.
    for folder in root.glob(f"{digest}-*x*") if root.is_dir() else []:
        match = re.fullmatch(FOLDER, folder.name)
        if match and (folder / f"{match['w']}.jpg").exists():
            return Stored(folder.name, int(match["w"]), int(match["h"]))
    try:
        image = _clean(open_checked(data, name))
    except MediaError:
        raise
    except (ValueError, OSError):
        raise MediaError("the image cannot be converted") from None
    if image.width > WIDTHS[-1]:
        size = (WIDTHS[-1], max(1, round(image.height * WIDTHS[-1] / image.width)))
        image = image.resize(size, PILImage.Resampling.LANCZOS)
    if image.height > MAX_SIDE:
        raise MediaError(f"too tall for its width: {image.width}×{image.height} once scaled")
    stored = Stored(f"{digest}-{image.width}x{image.height}", image.width, image.height)
    final = root / stored.folder
    if (final / f"{stored.width}.jpg").exists():
        return stored
    try:
        root.mkdir(parents=True, exist_ok=True)
        # Written beside the final folder and renamed into place: a reader never sees half.
        work = Path(tempfile.mkdtemp(prefix=".incoming-", dir=root))
    except OSError as error:
        raise MediaError(f"cannot write to {root} ({error.strerror or error})") from None
    try:
        flat = image
        if image.mode == "RGBA":
            flat = PILImage.new("RGB", image.size, (255, 255, 255))
            flat.paste(image, mask=image.getchannel("A"))
        for width in stored.widths():
            size = (width, stored.height_at(width))
            for ext, _ in FORMATS:
                source = flat if ext == "jpg" else image
                copy = source if source.width == width else source.resize(size, PILImage.LANCZOS)
                fmt = {"jpg": "JPEG", "webp": "WEBP", "avif": "AVIF"}[ext]
                copy.save(work / f"{width}.{ext}", fmt, **_QUALITY[ext])
        for path in work.iterdir():
            path.chmod(0o644)
        work.chmod(0o755)
        try:
            os.rename(work, final)
        except OSError:  # another process stored the same file meanwhile
            shutil.rmtree(work, ignore_errors=True)
    except OSError as error:
        shutil.rmtree(work, ignore_errors=True)
        raise MediaError(f"cannot write to {root} ({error.strerror or error})") from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return stored


def store_file(path: Path) -> Stored:
    """store_bytes for a file on disk; MediaError also when it cannot be read."""
    try:
        size = path.stat().st_size
        if size > settings.LOSLATEN_MEDIA_MAX_BYTES:
            limit = settings.LOSLATEN_MEDIA_MAX_BYTES // (1024 * 1024) or 1
            raise MediaError(f"larger than {limit} MB ({size:,} bytes)")
        data = path.read_bytes()
    except OSError as error:
        raise MediaError(f"cannot read the file ({error.strerror})") from None
    return store_bytes(data, path.name)


# --- finding the files an import refers to ------------------------------------------------


def candidates(src: str, media_dirs: Iterable[Path], base_dir: Path | None) -> list[Path]:
    """Where the file behind an image reference may be, most likely first.

    A web address (`https://old.example/wp-content/uploads/2019/04/foo-1024x683.jpg`) or a
    site path (`/images/foo.jpg`) is looked up in each media folder by ever shorter tails of
    its path (`wp-content/uploads/2019/04/...`, `uploads/2019/04/...`, `2019/04/...`), the
    original `foo.jpg` before WordPress's `foo-1024x683.jpg`. A relative path
    (`images/foo.jpg`, `../foo.jpg`) is read next to the imported file, then in the media
    folders.
    """
    parts = urlsplit(src)
    path = unquote(parts.path)
    remote = bool(parts.scheme or parts.netloc)
    dirs = list(media_dirs)
    found: list[Path] = []
    if not remote and not path.startswith("/") and base_dir is not None:
        found.append(base_dir / path)
    segments = [s for s in path.split("/") if s and s not in (".", "..")]
    if not segments:
        return found
    names = list(dict.fromkeys([WP_SIZE.sub("", segments[-1]), segments[-1]]))
    for directory in dirs:
        for start in range(len(segments)):
            for name in names:
                found.append(directory.joinpath(*segments[start:-1], name))
    return list(dict.fromkeys(found))


def is_remote(src: str) -> bool:
    parts = urlsplit(src)
    return bool(parts.scheme or parts.netloc)


class Importer:
    """Store the images one import refers to, each file once, saying what could not be."""

    def __init__(self, media_dirs: Iterable[Path], report: Report) -> None:
        self.media_dirs = [Path(d) for d in media_dirs]
        self.report = report
        self.done: dict[tuple[str, Path | None], Stored | None] = {}
        self.explained = False
        self.said_no_avif = False

    def store(self, src: str, base_dir: Path | None) -> Stored | None:
        """The stored image for a reference, or None (and one reported line) when none."""
        if Stored.from_url(src):
            return Stored.from_url(src)
        key = (src, base_dir)
        if key not in self.done:
            self.done[key] = self._store(src, base_dir)
        return self.done[key]

    def _store(self, src: str, base_dir: Path | None) -> Stored | None:
        scheme = urlsplit(src).scheme.lower()
        if scheme and scheme not in ("http", "https", "file"):
            self.report(f"image skipped: {src[:80]} (a {scheme}: address, not a file)")
            return None
        path = next((p for p in candidates(src, self.media_dirs, base_dir) if p.is_file()), None)
        if path is None:
            if is_remote(src) and not self.media_dirs:
                # Said once, in one plain line: no download is tried, so nothing can hang.
                if not self.explained:
                    self.explained = True
                    self.report(
                        "images are never downloaded; give --media DIR with a copy of the "
                        "old site's uploads to bring them along"
                    )
                self.report(f"image not imported: {src}")
            elif is_remote(src):
                self.report(f"image not in --media: {src}")
            else:
                self.report(f"image not found: {src}")
            return None
        from loslaten.content.models import Image

        try:
            stored = store_file(path)
        except MediaError as error:
            self.report(f"image refused: {path.name}: {error}")
            return None
        if not AVIF and not self.said_no_avif:
            self.said_no_avif = True
            self.report(NO_AVIF)
        # Listed in the admin with the others, where its Markdown line can be copied.
        Image.for_stored(stored, path.name)
        return stored


def rewrite_body(body_markdown: str, importer: Importer, base_dir: Path | None) -> str:
    """The body with every image reference it could store pointing at the stored copy.

    References that could not be stored are left as they were (reported, and shown as a
    link by the renderer): nothing the author wrote is lost.
    """

    def replace(match: re.Match[str]) -> str:
        stored = importer.store(match["src"], base_dir)
        if stored is None:
            return match[0]
        return f"![{match['alt']}]({stored.url}{match['title'] or ''})"

    return MARKDOWN_IMAGE.sub(replace, body_markdown)


def parse_reference(ref: str) -> tuple[str, str]:
    """(src, alt) of a featured-image reference: a plain address or `![alt](src)`."""
    ref = (ref or "").strip()
    if match := MARKDOWN_IMAGE.fullmatch(ref):
        return match["src"], match["alt"].strip()
    return ref, ""


def attach_images(
    article: Article,
    body_markdown: str,
    featured_ref: str,
    *,
    media_dirs: Iterable[Path] = (),
    base_dir: Path | None = None,
    report: Report,
    importer: Importer | None = None,
) -> str:
    """Store an imported article's images; return its body with references rewritten.

    `featured_ref` (a path, an address or `![alt](src)`) becomes the article's featured
    image when it can be stored. The caller saves the article. Each missing or refused file
    is reported by name, in one line, and the import goes on.
    """
    from loslaten.content.models import Image

    importer = importer or Importer(media_dirs, report)
    body = rewrite_body(body_markdown, importer, base_dir)
    src, alt = parse_reference(featured_ref)
    if src:
        stored = importer.store(src, base_dir)
        if stored is not None:
            article.featured_image = Image.for_stored(stored, Path(urlsplit(src).path).name)
            article.featured_alt = alt or getattr(article, "featured_alt", "")
    return body


def attach_parsed(article: Article, parsed: object, base_dir: Path, importer: Importer) -> None:
    """After an importer's article is saved: store its images and save it again if needed.

    `parsed.featured_image_ref`, when the importer set one, names the featured image.
    """
    featured = getattr(parsed, "featured_image_ref", "") or ""
    body = attach_images(
        article,
        article.body_markdown,
        featured,
        base_dir=base_dir,
        report=importer.report,
        importer=importer,
    )
    changed = body != article.body_markdown
    article.body_markdown = body
    if changed or featured:
        article.save()
