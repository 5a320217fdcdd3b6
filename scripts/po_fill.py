"""Fill the English translations of a .po catalogue from a JSON file of {"Dutch": "English"}.

Usage: python scripts/po_fill.py loslaten/APP/locale/en/LC_MESSAGES/django.po translations.json
Entries not in the JSON are left as they are; the script prints the msgids still untranslated.
"""

import json
import sys


def unquote(lines: list[str]) -> str:
    return "".join(json.loads(line) for line in lines if line.startswith('"'))


def quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def main(po_path: str, json_path: str) -> int:
    table = json.load(open(json_path, encoding="utf-8"))
    blocks = open(po_path, encoding="utf-8").read().split("\n\n")
    missing = []
    out = []
    for block in blocks:
        lines = block.split("\n")
        try:
            i_id = next(i for i, line in enumerate(lines) if line.startswith("msgid "))
            i_str = next(i for i, line in enumerate(lines) if line.startswith("msgstr "))
        except StopIteration:
            out.append(block)
            continue
        if any(line.startswith("msgid_plural") for line in lines):
            out.append(block)
            continue
        id_lines = [lines[i_id][6:]] + [line for line in lines[i_id + 1 : i_str]]
        msgid = unquote(id_lines)
        current = unquote([lines[i_str][7:], *lines[i_str + 1 :]])
        if msgid and msgid in table:
            lines = [*lines[:i_str], f"msgstr {quote(table[msgid])}"]
            lines = [line for line in lines if line != "#, fuzzy"]
        elif msgid and not current:
            missing.append(msgid)
        out.append("\n".join(lines))
    text = "\n\n".join(out)
    text = text.replace("charset=CHARSET", "charset=UTF-8")
    open(po_path, "w", encoding="utf-8").write(text)
    for msgid in missing:
        print("untranslated:", msgid)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
