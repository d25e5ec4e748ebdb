"""Merge duplicate msgids of our zh_CN.po files (left by parallel branches).

<venv>/bin/python dev/po_dedupe.py cx_experience/i18n/zh_CN.po ...
"""

import sys

import polib


def dedupe(path):
    po = polib.pofile(path, wrapwidth=78)
    seen = {}
    kept = []
    for entry in po:
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            first = seen[key]
            for occ in entry.occurrences:
                if occ not in first.occurrences:
                    first.occurrences.append(occ)
            for comment in entry.comment.splitlines():
                if comment and comment not in first.comment.splitlines():
                    first.comment = "\n".join(filter(None, [first.comment, comment]))
            if not first.msgstr and entry.msgstr:
                first.msgstr = entry.msgstr
            continue
        seen[key] = entry
        kept.append(entry)
    removed = len(po) - len(kept)
    po[:] = kept
    po.save(path)
    return removed


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{name}: {dedupe(name)} duplicate(s) merged")
