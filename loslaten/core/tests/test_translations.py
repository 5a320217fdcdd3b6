"""The English catalogues are complete, and what Django reads (.mo) is what we wrote (.po).

A fuzzy or empty entry is silently skipped by compilemessages, so the English page shows
the Dutch text; a .mo compiled before the .po last changed shows yesterday's English.
Both happen quietly, so these tests make them loud.

The .po files are read with a small parser of our own (no polib) and the .mo files with
Python's ``gettext.GNUTranslations``.
"""

from __future__ import annotations

import gettext
import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

APPS_DIR = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(APPS_DIR.glob("*/locale/en/LC_MESSAGES/django.po"))


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> str:
        """The key GNUTranslations uses: ``context\\x04msgid`` or just ``msgid``."""
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt is not None else self.msgid


def append(entry: Entry, target: tuple[str, int | None], text: str) -> None:
    name, index = target
    if name == "msgstr":
        entry.msgstr[index or 0] = entry.msgstr.get(index or 0, "") + text
    else:
        setattr(entry, name, (getattr(entry, name) or "") + text)


def parse_po(path: Path) -> list[Entry]:
    """The live entries of a .po file (obsolete ``#~`` entries and the header left out)."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int | None] | None = None

    def finish() -> None:
        nonlocal entry, target
        if entry.msgid or entry.msgstr:
            entries.append(entry)
        entry, target = Entry(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            pass  # comments, references, previous msgids (#|) and obsolete entries (#~)
        elif line.startswith('"'):
            if target is None:
                raise AssertionError(f"{path}:{number}: a string continues nothing")
            append(entry, target, json.loads(line))
        else:
            keyword, _, rest = line.partition(" ")
            if keyword not in ("msgctxt", "msgid", "msgid_plural", "msgstr") and not (
                keyword.startswith("msgstr[") and keyword.endswith("]")
            ):
                raise AssertionError(f"{path}:{number}: cannot read {raw!r}")
            if keyword in ("msgctxt", "msgid") and entry.msgstr:
                finish()  # a new entry without a blank line before it
            if keyword == "msgid":
                entry.line = number
            if keyword.startswith("msgstr"):
                target = ("msgstr", int(keyword[7:-1]) if "[" in keyword else 0)
            else:
                target = (keyword, None)
            append(entry, target, json.loads(rest))
    finish()
    return [e for e in entries if e.msgid]  # the header has an empty msgid


def relative(path: Path) -> str:
    return str(path.relative_to(APPS_DIR.parent))


def test_there_are_catalogues():
    apps = {p.parts[-5] for p in CATALOGUES}
    assert {"core", "accounts", "content", "search", "practice", "newsletter"} <= apps


@pytest.mark.parametrize("po", CATALOGUES, ids=relative)
def test_every_entry_is_translated_and_not_fuzzy(po: Path):
    problems = []
    for entry in parse_po(po):
        where = f"{relative(po)}:{entry.line} {entry.msgid[:60]!r}"
        if "fuzzy" in entry.flags:
            problems.append(f"{where} is fuzzy (compilemessages skips it)")
        elif not all(entry.msgstr.values()) or not entry.msgstr:
            problems.append(f"{where} has no English")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("po", CATALOGUES, ids=relative)
def test_mo_matches_po(po: Path):
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{relative(mo)} is missing: run `loslaten compilemessages`"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    compiled = {k: v for k, v in compiled.items() if k != ""}

    expected: dict[object, str] = {}
    for entry in parse_po(po):
        if "fuzzy" in entry.flags or not all(entry.msgstr.values()):
            continue  # reported by the test above
        if entry.msgid_plural is None:
            expected[entry.key] = entry.msgstr[0]
        else:
            for index, text in entry.msgstr.items():
                expected[(entry.key, index)] = text
    stale = f"{relative(mo)} is out of step with its .po: run `loslaten compilemessages`"
    assert set(compiled) == set(expected), (
        f"{stale}\nonly in .po: {sorted(map(str, set(expected) - set(compiled)))[:5]}"
        f"\nonly in .mo: {sorted(map(str, set(compiled) - set(expected)))[:5]}"
    )
    changed = [str(k)[:60] for k in expected if compiled[k] != expected[k]]
    assert not changed, f"{stale}\nchanged: {changed[:5]}"


def test_the_parser_reads_what_gettext_writes(tmp_path: Path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#: a.py:1\nmsgid "een"\nmsgstr "one"\n\n'
        '#, fuzzy\n#| msgid "oud"\nmsgid "twee"\nmsgstr "two"\n\n'
        'msgid ""\n"lange "\n"regel"\nmsgstr ""\n\n'
        'msgctxt "maand"\nmsgid "mei"\nmsgstr "May"\n\n'
        'msgid "%(n)s dag"\nmsgid_plural "%(n)s dagen"\nmsgstr[0] "%(n)s day"\n'
        'msgstr[1] "%(n)s days"\n\n'
        '#~ msgid "weg"\n#~ msgstr "gone"\n',
        encoding="utf-8",
    )
    entries = {e.key: e for e in parse_po(po)}
    assert set(entries) == {"een", "twee", "lange regel", "maand\x04mei", "%(n)s dag"}
    assert entries["twee"].flags == {"fuzzy"}
    assert entries["lange regel"].msgstr == {0: ""}
    assert entries["%(n)s dag"].msgstr == {0: "%(n)s day", 1: "%(n)s days"}


def test_dutch_pages_show_our_dutch_not_another_catalogue():
    # Our msgids are the Dutch text itself, so in Dutch every one must come back unchanged.
    # A msgid that happens to be English ("Log in") is found in Django's own Dutch
    # catalogue instead, and the Dutch page says "Aanmelden" where we meant "Inloggen".
    from django.utils import translation

    changed = []
    with translation.override("nl"):
        for po in CATALOGUES:
            for entry in parse_po(po):
                if entry.msgctxt is not None:
                    dutch = translation.pgettext(entry.msgctxt, entry.msgid)
                elif entry.msgid_plural is not None:
                    dutch = translation.ngettext(entry.msgid, entry.msgid_plural, 1)
                else:
                    dutch = translation.gettext(entry.msgid)
                if dutch != entry.msgid:
                    changed.append(f"{relative(po)}: {entry.msgid!r} reads {dutch!r} in Dutch")
    assert not changed, "\n".join(changed)
