#!/usr/bin/env python3
"""Sanity checks for the bundled example articles and the readouts evaluation set.

Run from anywhere:  python3 scripts/verify_examples.py
Exits non-zero if any check fails.
"""

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "examples"
ARTICLES = HERE / "articles"
READOUTS = HERE / "readouts"
HEADER_KEYS = ["URL", "OUTLET", "DATE", "TITLE"]

errors = []


def err(msg):
    errors.append(msg)


def parse(path):
    """Return (headers, body) for an article file, recording format errors."""
    raw = path.read_text(encoding="utf-8")
    head, sep, body = raw.partition("\n\n")
    if not sep:
        err(f"{path}: no blank line after header")
    headers = {}
    lines = head.split("\n")
    for key, line in zip(HEADER_KEYS, lines, strict=False):
        if not line.startswith(key + ": "):
            err(f"{path}: expected header '{key}: ...', got {line!r}")
            continue
        headers[key] = line[len(key) + 2 :].strip()
    if len(lines) != len(HEADER_KEYS):
        err(f"{path}: expected {len(HEADER_KEYS)} header lines, got {len(lines)}")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", headers.get("DATE", "")):
        err(f"{path}: bad DATE {headers.get('DATE')!r}")
    url = headers.get("URL", "")
    outlet_slug = re.sub(r"[^a-z]", "", headers.get("OUTLET", "").lower())
    m = re.match(r"https://www\.([a-z0-9-]+)\.[a-z.]+/", url)
    if not m or m.group(1).replace("-", "") != outlet_slug:
        err(f"{path}: URL domain does not match outlet {headers.get('OUTLET')!r}: {url}")
    date = headers.get("DATE", "").replace("-", "/")
    if date and date not in url:
        err(f"{path}: URL does not contain the DATE path {date}")
    if "\n\n\n" in body:
        err(f"{path}: triple newline in body")
    return headers, body


def editorial(body):
    """Body text before any reader-comments section."""
    m = re.search(r"^Comments \(\d+\)$", body, flags=re.M)
    return body[: m.start()] if m else body


def words(text):
    return len(re.findall(r"\S+", text))


def check_words(path, body, lo, hi):
    n_all, n_ed = words(body), words(editorial(body))
    if not (lo <= n_ed <= hi and lo <= n_all <= hi):
        err(f"{path}: word count out of range {lo}-{hi} (editorial {n_ed}, with comments {n_all})")
    return n_ed, n_all


def check_part1():
    files = sorted(ARTICLES.glob("*.txt"))
    if len(files) != 4:
        err(f"articles/: expected 4 articles, found {len(files)}")
    bodies = {}
    for f in files:
        h, b = parse(f)
        bodies[f.name] = b
        n_ed, n_all = check_words(f, b, 150, 350)
        print(
            f"  articles/{f.name:28s} {h.get('OUTLET', '?'):20s} words={n_ed} (+comments {n_all})"
        )
    joined = "\n".join(bodies.values())
    required = [
        "according to a readout from the Polish defence ministry",
        "according to a readout from the Belarusian defence ministry",
        "Poland's foreign minister said",
        "Polish Defence Minister Jan Nowicki",
        "Nowicki said.",  # quote-first
        "He said that",  # pronoun speaker after named one
        "said that",
        "warned that",
        "denied that",
        "told",
        "insisted",
        "stressed",
        "added",
        "accused",
        "Read more:",
        "Sign up for our morning briefing",
        "Photo:",
        "Photo caption:",
        "To suggest a correction, write to us",
        "Share this article: Facebook Twitter Email",
        "Smith said the minister is lying",
        "lasted about an hour",
    ]
    for s in required:
        if s not in joined:
            err(f"articles/: required construction missing: {s!r}")
    with_comments = [
        n for n, b in bodies.items() if re.search(r"^Comments \(\d+\)$", b, flags=re.M)
    ]
    if len(with_comments) != 2:
        err(f"articles/: expected comment sections in exactly 2 articles, got {with_comments}")
    return len(files)


def check_side(slug, bodies, item, key, parties):
    side = item.get(key)
    if not isinstance(side, dict):
        err(f"{slug}/{item.get('id')}: missing {key}")
        return []
    if side.get("party") not in parties:
        err(f"{slug}/{item.get('id')}/{key}: party {side.get('party')!r} not in parties")
    if not side.get("claim"):
        err(f"{slug}/{item.get('id')}/{key}: empty claim paraphrase")
    anchors = side.get("anchors") or []
    if not anchors:
        err(f"{slug}/{item.get('id')}/{key}: no anchors")
    texts = []
    for a in anchors:
        fname, text = a.get("file"), a.get("text", "")
        if fname not in bodies:
            err(f"{slug}/{item.get('id')}/{key}: anchor file {fname!r} not found")
            continue
        ed = editorial(bodies[fname])
        if text not in ed:
            where = "only in comments" if text in bodies[fname] else "not found"
            err(f"{slug}/{item.get('id')}/{key}: anchor {where} in {fname}: {text!r}")
        if len(text) < 15:
            err(f"{slug}/{item.get('id')}/{key}: anchor suspiciously short: {text!r}")
        texts.append(text)
    return texts


def check_event(folder):
    slug = folder.name
    files = sorted(folder.glob("*.txt"))
    if not 4 <= len(files) <= 6:
        err(f"{slug}: expected 4-6 articles, found {len(files)}")
    bodies, outlets = {}, set()
    for f in files:
        h, b = parse(f)
        bodies[f.name] = b
        outlets.add(h.get("OUTLET"))
        n_ed, n_all = check_words(f, b, 120, 400)
        print(
            f"  readouts/{slug}/{f.name:26s} {h.get('OUTLET', '?'):20s} words={n_ed} (+comments {n_all})"
        )
    if len(outlets) < 4:
        err(f"{slug}: expected at least 4 distinct outlets, got {len(outlets)}")
    if not any(re.search(r"^Comments \(\d+\)$", b, flags=re.M) for b in bodies.values()):
        err(f"{slug}: no reader comment section in any article")

    exp_path = folder / "expected.json"
    if not exp_path.exists():
        err(f"{slug}: expected.json missing")
        return len(files), None
    exp = json.loads(exp_path.read_text(encoding="utf-8"))
    parties = exp.get("parties", {})
    if len(parties) != 2 or not all(isinstance(v, list) and v for v in parties.values()):
        err(f"{slug}: parties must map exactly two names to alias lists")
    if not exp.get("event"):
        err(f"{slug}: missing event description")
    contr, agree, nonc = (
        exp.get("contradictions", []),
        exp.get("agreements", []),
        exp.get("non_claims", []),
    )
    if not 2 <= len(contr) <= 4:
        err(f"{slug}: expected 2-4 contradictions, got {len(contr)}")
    if len(agree) < 1:
        err(f"{slug}: expected at least 1 agreement")
    if len(nonc) < 3:
        err(f"{slug}: expected at least 3 non_claims")
    ids = [i.get("id") for i in contr + agree]
    if len(ids) != len(set(ids)):
        err(f"{slug}: duplicate ids {ids}")
    anchor_texts = []
    for item in contr + agree:
        if not item.get("issue"):
            err(f"{slug}/{item.get('id')}: missing issue")
        a = check_side(slug, bodies, item, "side_a", parties)
        b = check_side(slug, bodies, item, "side_b", parties)
        anchor_texts += a + b
        if item.get("side_a", {}).get("party") == item.get("side_b", {}).get("party"):
            err(f"{slug}/{item.get('id')}: side_a and side_b have the same party")
    for nc in nonc:
        if not any(nc in b for b in bodies.values()):
            err(f"{slug}: non_claim not found in any file: {nc!r}")
        for at in anchor_texts:
            if nc in at or at in nc:
                err(f"{slug}: non_claim overlaps an anchor: {nc!r} / {at!r}")
    return len(files), exp


def main():
    print("Part 1: examples/articles/")
    n1 = check_part1()
    print("Part 2: examples/readouts/")
    counts, party_sets = {}, {}
    for folder in sorted(p for p in READOUTS.iterdir() if p.is_dir()):
        n, exp = check_event(folder)
        counts[folder.name] = (n, exp)
        if exp:
            party_sets[folder.name] = frozenset(exp.get("parties", {}))
    if len(counts) < 4:
        err(f"readouts/: expected at least 4 events, found {len(counts)}")
    if frozenset({"Poland", "Belarus"}) not in party_sets.values():
        err("readouts/: no event shares the Poland/Belarus pair with the bundled demo")

    print("\nSummary")
    print(f"  examples/articles/: {n1} articles")
    total_files = n1
    for slug, (n, exp) in counts.items():
        total_files += n + (1 if exp else 0)
        if exp:
            n_anchor = sum(
                len(i[s]["anchors"])
                for i in exp["contradictions"] + exp["agreements"]
                for s in ("side_a", "side_b")
            )
            print(
                f"  examples/readouts/{slug}/: {n} articles + expected.json "
                f"({len(exp['contradictions'])} contradictions, {len(exp['agreements'])} agreements, "
                f"{n_anchor} anchors, {len(exp['non_claims'])} non_claims; parties {sorted(exp['parties'])})"
            )
    print(f"  total data files: {total_files}")

    if errors:
        print(f"\nFAILED: {len(errors)} problem(s)")
        for e in errors:
            print("  - " + e)
        sys.exit(1)
    print("\nOK: all checks passed")


if __name__ == "__main__":
    main()
