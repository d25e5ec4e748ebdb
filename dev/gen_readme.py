#!/usr/bin/env python3
"""Generate each addon's README.rst from its manifest and readme/*.md, as OCA does.

    python3 dev/gen_readme.py   # rewrites cx_experience*/README.rst

Sections in OCA's order: DESCRIPTION, CONFIGURE, USAGE, then credits (authors from the
manifest, CONTRIBUTORS.md). The fragments are plain Markdown: paragraphs, lists,
*emphasis*, **strong** and `code`.
"""

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ADDONS = ["cx_experience", "cx_experience_nps", "cx_experience_recovery"]
SECTIONS = [("DESCRIPTION", None), ("CONFIGURE", "Configuration"), ("USAGE", "Usage")]
BADGE = """.. |badge1| image:: https://img.shields.io/badge/licence-AGPL--3-blue.png
    :target: http://www.gnu.org/licenses/agpl-3.0-standalone.html
    :alt: License: AGPL-3

|badge1|
"""


def title(text, char):
    return f"{text}\n{char * len(text)}\n"


def markdown_to_rst(text):
    """The Markdown of a readme fragment as reStructuredText."""
    text = re.sub(r"(?<!`)`([^`\n]+)`(?!`)", r"``\1``", text.strip())
    return text + "\n"


def readme(addon):
    root = REPO / addon
    manifest = ast.literal_eval((root / "__manifest__.py").read_text())
    name = manifest["name"]
    parts = [f"{'=' * len(name)}\n{name}\n{'=' * len(name)}\n", BADGE]
    for fragment, heading in SECTIONS:
        path = root / "readme" / f"{fragment}.md"
        if not path.exists():
            continue
        if heading:
            parts.append(title(heading, "="))
        parts.append(markdown_to_rst(path.read_text()))
    parts.append(title("Credits", "="))
    parts.append(title("Authors", "-"))
    parts.append(f"* {manifest['author']}\n")
    contributors = root / "readme" / "CONTRIBUTORS.md"
    if contributors.exists():
        parts.append(title("Contributors", "-"))
        parts.append(markdown_to_rst(contributors.read_text()))
    return "\n".join(parts)


def main():
    for addon in ADDONS:
        (REPO / addon / "README.rst").write_text(readme(addon))
        print(f"{addon}/README.rst")


if __name__ == "__main__":
    main()
