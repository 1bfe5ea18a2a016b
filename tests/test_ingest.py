import io
import json
from datetime import date

import pytest

from claims.errors import InputError
from claims.ingest import (
    Metadata,
    outlet_from_url,
    parse_date,
    read_sources,
    split_header,
)


def test_text_with_header(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(
        "URL: https://www.north.example/x\nOUTLET: North\nDATE: 2025-03-11\n"
        "TITLE: T\n\nBody text.\n"
    )
    (doc,) = read_sources([str(p)])
    assert (doc.url, doc.outlet, doc.published, doc.title) == (
        "https://www.north.example/x",
        "North",
        date(2025, 3, 11),
        "T",
    )
    assert doc.text == "Body text.\n"
    assert doc.path == str(p)


def test_header_needs_blank_line():
    header, body = split_header("URL: x\nThis is text")
    assert header == {} and body == "URL: x\nThis is text"


def test_metadata_fills_gaps_and_outlet_from_url(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Plain article.")
    meta = Metadata(url="https://www.tass.example/news/1", published=date(2024, 4, 3))
    (doc,) = read_sources([str(p)], meta)
    assert doc.outlet == "tass.example"
    assert doc.published == date(2024, 4, 3)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-04-03", date(2024, 4, 3)),
        ("3 April 2024", date(2024, 4, 3)),
        ("April 3, 2024", date(2024, 4, 3)),
        ("2024-04-03T10:00:00Z", date(2024, 4, 3)),
        ("", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_bad_date_is_one_line_error():
    with pytest.raises(InputError, match="cannot read 'someday' as a date"):
        parse_date("someday")


def test_outlet_from_url():
    assert outlet_from_url("https://www.example.org/a") == "example.org"
    assert outlet_from_url(None) is None


def test_jsonl(tmp_path):
    p = tmp_path / "batch.jsonl"
    lines = [
        {"text": "One.", "outlet": "A", "published": "2024-01-02"},
        {"text": "Two.", "url": "https://b.example/2"},
    ]
    p.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n")
    docs = read_sources([str(p)])
    assert [d.text for d in docs] == ["One.", "Two."]
    assert docs[0].published == date(2024, 1, 2)
    assert docs[1].outlet == "b.example"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"text": "ok"}\n{"text": broken\n', "batch.jsonl:2: malformed JSON"),
        ('{"text": "ok"}\n{"url": "x"}\n', 'batch.jsonl:2: missing or empty "text"'),
        ('["a list"]\n', "batch.jsonl:1: each line must be a JSON object"),
    ],
)
def test_jsonl_errors_name_file_and_line(tmp_path, content, message):
    p = tmp_path / "batch.jsonl"
    p.write_text(content)
    with pytest.raises(InputError, match=message):
        read_sources([str(p)])


def test_html_drops_navigation_and_comments(tmp_path):
    p = tmp_path / "page.html"
    paragraphs = "".join(
        f"<p>Paragraph {i}: the ministry said the talks would continue next week in Vienna.</p>"
        for i in range(6)
    )
    p.write_text(
        "<html><head><title>Talks continue</title></head><body>"
        "<nav><a href='/'>Home</a><a href='/world'>World</a></nav>"
        f"<article><h1>Talks continue</h1>{paragraphs}</article>"
        "<div id='comments' class='comments'><p>Reader99: total nonsense, they lie.</p></div>"
        "<script>var x = 1;</script></body></html>"
    )
    (doc,) = read_sources([str(p)])
    assert "Paragraph 0" in doc.text
    assert "Reader99" not in doc.text
    assert "var x" not in doc.text


def test_encodings(tmp_path):
    text = "Le ministre a déclaré que la réunion était terminée, selon l'Élysée."
    (tmp_path / "cp.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "u16.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    docs = read_sources([str(tmp_path)])
    assert [d.text for d in docs] == [text, text, text]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "the input is empty"),
        ("blank.txt", b"  \n\n ", "the input is empty"),
        ("bin.txt", bytes(range(256)) * 4, "binary"),
        ("data.pdf", b"%PDF-1.4", "unsupported file type"),
    ],
)
def test_bad_files(tmp_path, name, data, message):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(InputError, match=message):
        read_sources([str(p)])


def test_missing_path_and_empty_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_sources([str(tmp_path / "nope.txt")])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no .txt"):
        read_sources([str(tmp_path / "empty")])


def test_folder_recursive_and_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second.")
    (tmp_path / "1.md").write_text("First.")
    (tmp_path / "notes.json").write_text("{}")
    assert [d.text for d in read_sources([str(tmp_path)])] == ["First.", "Second."]


def test_stdin():
    (doc,) = read_sources(["-"], stdin=io.BytesIO(b"OUTLET: Wire\n\nFrom a pipe.\r\n"))
    assert doc.text == "From a pipe.\n" and doc.outlet == "Wire" and doc.path == "-"


def test_mojibake_is_repaired(tmp_path):
    clean = "Le ministre a déclaré que la réunion était terminée."
    broken = clean.encode("utf-8").decode("latin-1")  # what a wrong decode upstream leaves
    (tmp_path / "m.txt").write_text(broken, encoding="utf-8")
    (doc,) = read_sources([str(tmp_path / "m.txt")])
    assert broken != clean and doc.text == clean
