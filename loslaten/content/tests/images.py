"""Images for the tests, drawn here: photos with a GPS position, pixel bombs, an SVG."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import ExifTags, Image

# A place nobody should learn from a blog photo: the EXIF of a phone picture carries it.
LATITUDE = (52.0, 22.0, 31.5)


def photo(
    width: int = 1200,
    height: int = 800,
    colour: tuple[int, int, int] = (120, 160, 140),
    fmt: str = "JPEG",
    gps: bool = True,
    orientation: int | None = None,
) -> bytes:
    """A picture as a phone saves it: EXIF with camera make and a GPS position."""
    image = Image.new("RGB", (width, height), colour)
    for x in range(0, width, 40):  # some edges, so that the encoders have work to do
        image.paste((colour[0] // 2, colour[1], colour[2]), (x, 0, x + 8, height))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Telefoon"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        info = exif.get_ifd(ExifTags.IFD.GPSInfo)
        info[ExifTags.GPS.GPSLatitudeRef] = "N"
        info[ExifTags.GPS.GPSLatitude] = LATITUDE
        info[ExifTags.GPS.GPSLongitudeRef] = "E"
        info[ExifTags.GPS.GPSLongitude] = (4.0, 53.0, 12.0)
    buffer = io.BytesIO()
    image.save(buffer, fmt, exif=exif.tobytes())
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A small PNG file that announces a huge picture: a pixel bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(document.cookie)">
<script>fetch('/account/')</script><rect width="10" height="10"/></svg>
"""
