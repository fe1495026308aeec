"""One strict parser for whole numbers that arrive as text (query strings, command arguments).

`str.isdigit()` is true for "²", "١٢٣" and "１２３", and `int()` accepts some of those and not
others, so a check with one and a conversion with the other turned `?clause=²` into a server
error. Everything that reads a number from text goes through `parse_int`: ASCII digits only,
within the range a database id holds.
"""

from django.core.exceptions import BadRequest

MAX_ID = 2_147_483_647  # the largest value an integer primary key holds on every database
NOT_A_WHOLE_NUMBER = "“{name}” in the web address must be a whole number, like 12."


class NotAWholeNumber(BadRequest):
    """A query parameter that must be a whole number is something else; the message is for the person."""


def parse_int(text: object, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """The whole number written in `text` with ASCII digits (surrounding spaces allowed), within
    [minimum, maximum]; None for anything else."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(maximum)):
        return None
    value = int(text)
    return value if minimum <= value <= maximum else None


def query_int(request, name: str, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """A query-string parameter that must be a whole number: None when it is absent or blank,
    a 400 page with a clear message when it is anything else (never a server error)."""
    text = request.GET.get(name, "")
    if not text.strip():
        return None
    value = parse_int(text, minimum=minimum, maximum=maximum)
    if value is None:
        raise NotAWholeNumber(NOT_A_WHOLE_NUMBER.format(name=name))
    return value


def bad_request(request, exception=None):
    """The 400 page; it says what was wrong when that is our own plain message (a number that is
    not one), never the text of any other error."""
    from django.shortcuts import render

    message = str(exception) if isinstance(exception, NotAWholeNumber) else ""
    return render(request, "400.html", {"message": message}, status=400)
