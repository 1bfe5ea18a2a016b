"""Find the parts of an article's text that belong to the article itself.

Reader comments, share bars, newsletter sign-ups, correction notices, "Read more" links
and similar site furniture must never produce claims. This module marks which
paragraphs of a document's text are eligible, without changing the text (offsets into
``Document.text`` stay valid).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# A line that starts the reader-comments area: nothing after it is article text.
_COMMENTS_START = re.compile(
    r"""^\s*(?:
        comments?\s*\(\s*\d+\s*\)          # Comments (3)
      | \d+\s+comments?\s*$                 # 12 comments
      | (?:reader\s+)?comments?\s*:?\s*$    # Comments
      | show\s+comments\b
      | join\s+the\s+(?:conversation|discussion)\b
      | leave\s+a\s+(?:comment|reply)\b
      | add\s+a\s+comment\b
      | this\s+comment\s+contains\s+spoilers\b
      | what\s+readers\s+(?:say|are\s+saying)\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)

# Single lines of site furniture, dropped wherever they appear.
_SHARE = "facebook|twitter|x|email|whatsapp|linkedin|telegram"
_JUNK_LINE = re.compile(
    r"""^\s*(?:
        read\s+(?:more|also|next)\b
      | related\s*(?:articles?|stories|coverage)?\s*:
      | see\s+also\b
      | (?:sign\s+up|subscribe)\b
      | (?=[^"\u201c\u201d]{0,120}$).*\bnewsletter\b  # a short sign-up line, not a quote
      | to\s+suggest\s+a\s+correction\b
      | .*\bctrl\s*\+\s*enter\b
      | click\s+here\b
      | .*\bclick\s+here\s+(?:if|to)\b
      | share\s+(?:this|on|via)\b
      | (?:_SHARE)(?:\s+(?:_SHARE|print|copy\s+link))+\s*$
      | other\s+topics\s+of\s+interest\b
      | latest\s+from\b
      | advertisement\s*$
      | (?:photo|photograph|image|picture|caption|file\s+photo)\s*(?:\(|:|\|)
      | .*\((?:photo|image|picture)\s*:
      | (?:©|\(c\)|copyright\b)
      | all\s+rights\s+reserved\b
      | follow\s+us\b
      | correction\s*:
      | an\s+earlier\s+version\s+of\s+this\s+(?:article|story)\b
      | (?:you\s+can\s+also|please)\s+highlight\b
      | tags?\s*:
      | most\s+(?:read|popular)\b
      | (?:updated|published)\s*:?\s*\d
    )""".replace("_SHARE", _SHARE),
    re.IGNORECASE | re.VERBOSE,
)


def is_comments_start(line: str) -> bool:
    """Return True when ``line`` opens a reader-comments section."""
    return bool(_COMMENTS_START.match(line))


def is_junk_line(line: str) -> bool:
    """Return True when ``line`` is site furniture rather than article text."""
    return bool(_JUNK_LINE.match(line))


def article_paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` offsets of the lines of ``text`` that are article text.

    Lines are split on newlines; empty lines and site furniture are skipped, and
    everything from the first reader-comments header on is dropped.

    Args:
        text: A document's full text.

    Yields:
        Half-open character ranges into ``text``, one per eligible non-empty line.
    """
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        if is_comments_start(stripped):
            return
        if is_junk_line(stripped):
            continue
        lead = len(line) - len(line.lstrip())
        trail = len(line) - len(line.rstrip())
        yield start + lead, end - trail
