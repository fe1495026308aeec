import re
from html import unescape


def page_text(html: str) -> str:
    """What a person reads: the page without tags, whitespace collapsed."""
    body = html.split("<body", 1)[-1]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body))).strip()
