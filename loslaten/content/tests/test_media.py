"""Storing an image: copies in every width and format, metadata gone, bad files refused."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from loslaten.content import media
from loslaten.content.media import MediaError, Stored, candidates, store_bytes
from loslaten.content.tests.images import SVG, photo, png_header_only


def test_a_photo_is_stored_in_every_width_and_format(settings):
    stored = store_bytes(photo(2400, 1600), "zee.jpg")
    assert (stored.width, stored.height) == (1600, 1067)
    folder = Path(settings.LOSLATEN_MEDIA_DIR) / stored.folder
    expected = {f"{w}.{ext}" for w in (400, 800, 1200, 1600) for ext, _ in media.FORMATS}
    assert {p.name for p in folder.iterdir()} == expected
    for path in folder.iterdir():
        with Image.open(path) as copy:
            width = int(path.stem)
            assert copy.size == (width, stored.height_at(width))
    assert Stored.from_url(stored.url) == stored


def test_avif_is_made_when_pillow_can(settings):
    stored = store_bytes(photo(500, 300), "klein.jpg")
    made = (Path(settings.LOSLATEN_MEDIA_DIR) / stored.folder / "500.avif").exists()
    assert made == media.AVIF
    assert [ext for ext, _ in stored.formats()] == (["avif"] if media.AVIF else []) + [
        "webp",
        "jpg",
    ]


def test_a_small_image_is_not_enlarged(settings):
    stored = store_bytes(photo(300, 200), "mini.png")
    assert stored.widths() == [300]
    assert (Path(settings.LOSLATEN_MEDIA_DIR) / stored.folder / "300.jpg").exists()


def test_no_stored_copy_keeps_the_gps_position_or_any_exif(settings):
    original = photo(900, 600, gps=True)
    with Image.open(io.BytesIO(original)) as source:
        assert source.getexif().get_ifd(0x8825), "the test photo must carry a GPS position"
    stored = store_bytes(original, "met-gps.jpg")
    for path in (Path(settings.LOSLATEN_MEDIA_DIR) / stored.folder).iterdir():
        data = path.read_bytes()
        assert b"Telefoon" not in data, path.name
        with Image.open(path) as copy:
            assert not copy.getexif(), path.name
            assert "exif" not in copy.info and "xmp" not in copy.info, path.name


def test_a_photo_taken_sideways_is_stored_upright():
    stored = store_bytes(photo(600, 300, orientation=6), "zijwaarts.jpg")
    assert (stored.width, stored.height) == (300, 600)


def test_storing_the_same_file_twice_keeps_one_copy(settings):
    data = photo(700, 500)
    assert store_bytes(data, "a.jpg") == store_bytes(data, "b.jpg")
    assert len(list(Path(settings.LOSLATEN_MEDIA_DIR).iterdir())) == 1


HALF = photo(400, 400)[:2000]  # a download that stopped halfway


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (SVG, "logo.svg", "SVG is not accepted"),
        (SVG, "logo.png", "SVG is not accepted"),
        (b"Dit is geen plaatje.\n", "foto.jpg", "not an image"),
        (b"%PDF-1.4\n" + b"0" * 200, "scan.jpg", "not an image"),
        (png_header_only(10_000, 5_000), "groot.png", "too many pixels: 10000×5000"),
        (png_header_only(60_000, 60_000), "bom.png", "too many pixels"),
        (HALF, "half.jpg", "damaged or incomplete"),
    ],
)
def test_bad_files_are_refused_with_a_reason(settings, data, name, reason):
    with pytest.raises(MediaError, match=reason):
        store_bytes(data, name)
    media_dir = Path(settings.LOSLATEN_MEDIA_DIR)
    assert not media_dir.exists() or not any(media_dir.iterdir())


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.LOSLATEN_MEDIA_MAX_BYTES = 2048
    with pytest.raises(MediaError, match="larger than 1 MB"):
        store_bytes(photo(800, 600), "groot.jpg")


def test_a_wordpress_address_is_found_in_a_copy_of_the_uploads(tmp_path):
    uploads = tmp_path / "uploads"
    found = candidates(
        "https://old.example/wp-content/uploads/2019/04/foo-1024x683.jpg", [uploads], None
    )
    assert found.index(uploads / "2019/04/foo.jpg") < found.index(
        uploads / "2019/04/foo-1024x683.jpg"
    )
    assert uploads / "foo.jpg" in found


def test_a_relative_path_is_read_next_to_the_file_first(tmp_path):
    found = candidates("images/zee.jpg", [tmp_path / "static"], tmp_path / "post")
    assert found[0] == tmp_path / "post" / "images" / "zee.jpg"
    assert tmp_path / "static" / "images" / "zee.jpg" in found


def test_a_phone_camera_jpeg_with_two_pictures_inside_is_accepted():
    first, second = (Image.new("RGB", (640, 480), c) for c in ((90, 120, 150), (10, 10, 10)))
    buffer = io.BytesIO()
    first.save(buffer, "MPO", save_all=True, append_images=[second])
    with Image.open(io.BytesIO(buffer.getvalue())) as opened:
        assert opened.format == "MPO"
    assert store_bytes(buffer.getvalue(), "IMG_0001.JPG").width == 640


def test_a_media_folder_that_cannot_be_written_is_a_reason_not_a_traceback(settings, tmp_path):
    blocker = tmp_path / "een-bestand"
    blocker.write_text("geen map")
    settings.LOSLATEN_MEDIA_DIR = blocker / "media"
    with pytest.raises(MediaError, match="cannot write to"):
        store_bytes(photo(300, 200), "a.jpg")


def test_a_very_tall_strip_is_refused_and_a_tall_one_is_kept():
    with pytest.raises(MediaError, match="too tall for its width"):
        store_bytes(photo(40, 20_000, gps=False, fmt="PNG"), "strook.png")
    stored = store_bytes(photo(400, 9_000, gps=False, fmt="PNG"), "lang.png")
    assert Stored.from_url(stored.url) == stored


def test_without_avif_the_check_says_so(monkeypatch):
    if media.AVIF:
        assert media.check_avif() == []
    monkeypatch.setattr(media, "AVIF", False)
    (message,) = media.check_avif()
    assert message.id == "content.I001" and "WebP and JPEG only" in message.msg
