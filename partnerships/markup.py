"""The small, safe markup clause text may use, rendered the same on the web page and in the PDF.

* a blank line starts a new paragraph; a single line break stays a line break;
* lines starting "- " or "* " form a bulleted list;
* lines starting "1. ", "2. " ... (or "1) ") form a numbered list, numbered as typed;
* **double asterisks** make text bold.

Everything else is text: the input is escaped first and only the few tags above are ever
produced, so typed HTML prints literally and can never reach the page or the PDF as markup.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BULLET = re.compile(r"^[-*]\s+(.*)$")
NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+(.*)$")
BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")


def _inline(text: str) -> str:
    return BOLD.sub(r"<strong>\1</strong>", escape(text))


def _kind(line: str) -> str:
    if BULLET.match(line):
        return "ul"
    if NUMBERED.match(line):
        return "ol"
    return "p"


# GOV.UK Design System classes for the web pages; the PDF styles the bare tags itself.
GOVUK_CLASSES = {"p": "govuk-body", "ul": "govuk-list govuk-list--bullet", "ol": "govuk-list govuk-list--number"}


def _item(pattern: re.Pattern, line: str, group: int) -> str:
    match = pattern.match(line)
    return match.group(group) if match else line


def _block_html(kind: str, lines: list[str], classes: dict[str, str]) -> str:
    attribute = f' class="{classes[kind]}"' if kind in classes else ""
    if kind == "p":
        return f"<p{attribute}>" + "<br>".join(_inline(line) for line in lines) + "</p>"
    if kind == "ul":
        items = "".join(f"<li>{_inline(_item(BULLET, line, 1))}</li>" for line in lines)
        return f"<ul{attribute}>{items}</ul>"
    first = int(_item(NUMBERED, lines[0], 1))
    start = f' start="{first}"' if first != 1 else ""
    items = "".join(f"<li>{_inline(_item(NUMBERED, line, 2))}</li>" for line in lines)
    return f"<ol{attribute}{start}>{items}</ol>"


def blocks(text: str) -> list[tuple[str, list[str]]]:
    """The text as (kind, lines) blocks: paragraphs, bulleted lists and numbered lists."""
    result: list[tuple[str, list[str]]] = []
    previous_blank = True
    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            previous_blank = True
            continue
        kind = _kind(line)
        if result and not previous_blank and result[-1][0] == kind:
            result[-1][1].append(line)
        elif result and previous_blank is False and kind == "p" and result[-1][0] != "p":
            # A line that follows a list item without a blank line continues that item.
            result[-1][1][-1] += " " + line
        else:
            result.append((kind, [line]))
        previous_blank = False
    return result


def render_markup(text: str, *, govuk: bool = False) -> SafeString:
    """Clause text as HTML built only from escaped text and p, br, ul, ol, li and strong."""
    classes = GOVUK_CLASSES if govuk else {}
    return mark_safe("".join(_block_html(kind, lines, classes) for kind, lines in blocks(text)))


def plain_text(text: str) -> str:
    """The text with the markup removed (for places that show text only)."""
    return BOLD.sub(r"\1", text or "")


# Characters that already close a list item, so a summary needs no semicolon after it.
CLOSING_PUNCTUATION = (".", ",", ";", ":", "!", "?", "…")


def summary(text: str, length: int) -> str:
    """The text as one line of plain words, at most `length` characters, for a hint or a list:
    no bold asterisks or bullets; paragraphs and list items run together, a list item followed by
    more text gets a semicolon unless it ends in punctuation; numbered items keep their numbers;
    a longer text is cut at a word with "…". Plain text, not HTML: templates escape it as usual."""
    pieces = [
        (kind, plain_text(_item(BULLET, line, 1) if kind == "ul" else line))
        for kind, lines in blocks(text)
        for line in lines
    ]
    words = []
    for index, (kind, piece) in enumerate(pieces):
        runs_on = kind != "p" and index < len(pieces) - 1 and not piece.endswith(CLOSING_PUNCTUATION)
        words.append(f"{piece};" if runs_on else piece)
    line = " ".join(words)
    if len(line) <= length:
        return line
    cut = line[: length - 1]
    # Cut at a word (unless the cut falls between words already, or that loses over half the summary).
    if line[length - 1] != " " and " " in cut[length // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" .,;:") + "…"
