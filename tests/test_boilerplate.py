import pytest

from claims.boilerplate import article_paragraphs, is_comments_start, is_junk_line


@pytest.mark.parametrize(
    "line",
    [
        "Comments (3)",
        "12 comments",
        "Comments",
        "Join the conversation",
        "Leave a reply",
        "This comment contains spoilers. Click here if you want to read.",
    ],
)
def test_comment_headers(line):
    assert is_comments_start(line)


@pytest.mark.parametrize(
    "line",
    [
        "Read more: Belarus moves troops",
        "Sign up for our morning briefing",
        "Get our daily newsletter in your inbox",
        "To suggest a correction or clarification, write to us here",
        "You can also highlight the text and press Ctrl + Enter",
        "Share this article: Facebook Twitter Email",
        "Facebook Twitter WhatsApp Email",
        "Photo: The minister arrives in Warsaw. (Agency)",
        "Other Topics of Interest",
        "Advertisement",
    ],
)
def test_junk_lines(line):
    assert is_junk_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "The minister said the comments were misplaced.",
        "Readers of the report said it was flawed.",
        "Photographers were kept away, the spokesman said.",
        "He shared the readout with allies on Facebook and Twitter, officials said.",
        "\u201cThe count was fair,\u201d said Ana Ruiz, who writes a newsletter on elections.",
        "Ana Ruiz, who has written a weekly newsletter on elections in the region for a decade, "
        "said the count had been fair and that nobody had asked her to change a word of it.",
    ],
)
def test_article_lines_are_kept(line):
    assert not is_junk_line(line) and not is_comments_start(line)


def test_paragraph_offsets_and_comment_cut():
    text = (
        "  First paragraph says a thing.\n\nRead more: elsewhere\nSecond one.\n"
        "Comments (2)\nA reader said the minister lied.\n"
    )
    spans = list(article_paragraphs(text))
    assert [text[a:b] for a, b in spans] == ["First paragraph says a thing.", "Second one."]
