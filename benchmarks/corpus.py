"""A seeded synthetic news corpus for the benchmarks.

Each article reports one of a handful of diplomatic events (two countries at odds over
an incident) the way wire copy does: a lead, 8-18 attributed claims (direct quotes in
curly or straight quote marks, reported speech with speech verbs, "according to"), named
officials with nationality titles ("Polish Foreign Minister Jan Kowalski"), background
paragraphs and some site furniture ("Read more: ..."). Wording comes from templates filled
with random vocabulary, so no two articles are the same; the same seed always gives the
same corpus.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

COUNTRIES = [
    ("Poland", "Polish", "Warsaw"),
    ("Belarus", "Belarusian", "Minsk"),
    ("Russia", "Russian", "Moscow"),
    ("Ukraine", "Ukrainian", "Kyiv"),
    ("France", "French", "Paris"),
    ("Germany", "German", "Berlin"),
    ("Turkey", "Turkish", "Ankara"),
    ("Greece", "Greek", "Athens"),
    ("Japan", "Japanese", "Tokyo"),
    ("China", "Chinese", "Beijing"),
    ("India", "Indian", "New Delhi"),
    ("Pakistan", "Pakistani", "Islamabad"),
    ("Serbia", "Serbian", "Belgrade"),
    ("Hungary", "Hungarian", "Budapest"),
    ("Armenia", "Armenian", "Yerevan"),
    ("Azerbaijan", "Azerbaijani", "Baku"),
    ("Egypt", "Egyptian", "Cairo"),
    ("Ethiopia", "Ethiopian", "Addis Ababa"),
    ("Colombia", "Colombian", "Bogota"),
    ("Venezuela", "Venezuelan", "Caracas"),
]
TITLES = [
    "Foreign Minister",
    "Defence Minister",
    "Prime Minister",
    "President",
    "Interior Minister",
    "Deputy Foreign Minister",
    "Energy Minister",
    "Trade Minister",
]
FIRST_NAMES = [
    "Jan", "Anna", "Viktor", "Olena", "Pierre", "Claire", "Mehmet", "Elif", "Nikos", "Maria",
    "Kenji", "Yuki", "Wei", "Lin", "Arjun", "Priya", "Imran", "Ayesha", "Milos", "Jelena",
    "Gabor", "Zsofia", "Armen", "Lusine", "Rashad", "Leyla", "Omar", "Nadia", "Carlos", "Lucia",
]  # fmt: skip
LAST_NAMES = [
    "Nowicki", "Hlebovich", "Kowalczyk", "Petrenko", "Moreau", "Lefevre", "Yilmaz", "Demir",
    "Papadakis", "Ionescu", "Tanaka", "Sato", "Zhang", "Chen", "Sharma", "Mehta", "Qureshi",
    "Malik", "Jovanovic", "Horvath", "Nagy", "Sargsyan", "Aliyev", "Haddad", "Tesfaye",
    "Restrepo", "Guzman", "Brandt", "Keller", "Volkova",
    "Wisniewski", "Bondarenko", "Girard", "Rousseau", "Ozturk", "Kaya", "Georgiou", "Dimitriou",
    "Nakamura", "Kobayashi", "Liu", "Huang", "Iyer", "Reddy", "Siddiqui", "Baig", "Petrovic",
    "Nikolic", "Kovacs", "Toth", "Hakobyan", "Mammadov", "Farouk", "Mekonnen", "Ospina",
    "Salazar", "Vogt", "Hartmann", "Sokolova", "Lindqvist",
]  # fmt: skip
OUTLETS = [
    "Vistula Herald",
    "Northern Ledger",
    "Meridian Wire",
    "Eastbound Tribune",
    "Harbour Times",
    "Continental Post",
    "Atlas Daily",
    "Riverside Observer",
]
INCIDENTS = [
    ("fire at a fuel depot", "depot fire"),
    ("shooting at a border crossing", "border shooting"),
    ("drone that crashed near an airfield", "drone crash"),
    ("cyberattack on the national grid", "grid cyberattack"),
    ("seizure of a cargo ship", "ship seizure"),
    ("expulsion of two diplomats", "diplomatic expulsions"),
    ("collapse of the grain transit deal", "grain deal collapse"),
    ("explosion on a gas pipeline", "pipeline explosion"),
    ("detention of a journalist", "journalist's detention"),
    ("military exercise near the frontier", "frontier exercise"),
    ("closure of the river crossing", "crossing closure"),
    ("dispute over fishing rights", "fishing dispute"),
]
PLACES = [
    "Hrodna", "Brest", "Narva", "Kars", "Evros", "Sumy", "Lachin", "Cucuta", "Aswan",
    "Kutaisi", "Sopron", "Nis", "Kashgar", "Sialkot", "Hokkaido", "Strasbourg",
    "Bialystok", "Pinsk", "Ivangorod", "Artvin", "Alexandroupoli", "Kharkiv", "Goris",
    "Maracaibo", "Luxor", "Batumi", "Gyor", "Vranje", "Hotan", "Quetta", "Wakkanai", "Colmar",
    "Przemysl", "Lida", "Pskov", "Igdir", "Orestiada", "Chernihiv", "Kapan", "Valledupar",
    "Gondar", "Zugdidi", "Szeged", "Subotica", "Yining", "Gwadar", "Nemuro", "Mulhouse",
]  # fmt: skip
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NUMBERS = ["two", "three", "four", "five", "six", "seven", "eight", "ten", "twelve", "dozens of"]
SAID = ["said", "told reporters", "stated", "insisted", "claimed", "added", "argued"]

# Claim contents: {a}/{b} are the speaker's and the other country, {A}/{B} their
# adjectives, {ca}/{cb} capitals, {inc} the incident, {place}, {num}, {day}.
CLAIMS_ACCUSE = [
    "the {inc} had been organised by {B} special services",
    "{cb} was responsible for the {inc} near {place}",
    "{B} troops had crossed the line near {place} on {day}",
    "the {inc} was a deliberate provocation planned in {cb}",
    "{num} {A} citizens had been injured in the {inc}",
    "{b} had ignored repeated warnings before the {inc}",
    "the {B} account of the {inc} was a lie from beginning to end",
    "{b} was using the {inc} to justify new deployments near {place}",
]
CLAIMS_DENY = [
    "there was no evidence linking {a} to the {inc}",
    "{a} does not carry out sabotage on the territory of its neighbours",
    "the accusations over the {inc} were fabricated",
    "no {A} personnel had been anywhere near {place} on {day}",
    "{ca} had nothing to do with the {inc}",
    "the allegations about the {inc} were groundless and irresponsible",
]
CLAIMS_PROCESS = [
    "the phone call had been requested by {cb}",
    "the conversation with {b} lasted about an hour",
    "both sides agreed to keep the military hotline open",
    "talks on the {inc} would resume in {ca} next {day}",
    "{a} had briefed its allies on the content of the call",
    "{a} would respond firmly to any further provocation near {place}",
    "an independent investigation into the {inc} should be allowed",
    "the ambassador of {b} had been summoned over the {inc}",
    "{a} was ready to share its findings on the {inc} with international monitors",
]
DIRECT = [
    "We will not accept fabricated accusations over the {inc}",
    "{ca} has nothing to do with what happened in {place}",
    "This is a familiar pattern of provocation from {cb}",
    "Our investigators found clear traces of {B} involvement",
    "We have asked {cb} for an explanation and we are still waiting",
    "Nobody in {ca} wants an escalation, but we will defend our border",
    "The facts will speak for themselves once the investigation is over",
    "Every claim made by {cb} about {place} has turned out to be false",
    "We have evidence, and we will present it at the right moment",
    "Our patience with {cb} is not unlimited",
    "Nothing happened near {place} that {cb} did not already know about",
    "The {inc} was a tragedy, and we want the truth as much as anyone",
]
FILLER = [
    "Relations between {a} and {b} have been strained since {year}, when a dispute over "
    "{topic} froze most official contacts.",
    "The {short} comes weeks before a regional summit in {city}, where {topic} is expected "
    "to dominate the agenda.",
    "{ca} and {cb} have held several rounds of {adj} talks on {topic} in recent years.",
    "Analysts in {city} said the row could weigh on {topic} for months.",
    "Trade between the two countries was worth about {money} billion dollars last year, "
    "according to official figures.",
    "The area around {place} is home to roughly {people} people, many of whom work in {industry}.",
    "Local residents described {adj} scenes near {place} on {day}, with police closing "
    "several roads.",
    "Neither government published satellite images or other evidence on {day}.",
    "Opposition politicians in {ca} called for a parliamentary hearing on the {short}.",
    "The European Union and the United Nations urged restraint on both sides.",
    "Flights between {ca} and {cb} have been suspended since {year}.",
    "The {short} dominated {adj} evening news bulletins in {ca} on {day}.",
    "A {adj} meeting of the regional security council is planned in {city} next month.",
    "Shares of {industry} companies fell sharply in {ca} after the news broke.",
    "Human rights groups in {city} have documented {num} similar incidents since {year}.",
    "The border near {place} was last redrawn in {year} after years of {adj} negotiations.",
    "Diplomats in {city} said privately that neither side wanted the row to escalate.",
    "The {short} has also exposed divisions over {topic} within the governing coalition.",
    "Both capitals have recalled their military attaches for consultations.",
    "Fuel prices in the region around {place} rose by {money} percent within a week.",
    "Satellite operators said cloud cover over {place} made independent checks difficult.",
    "The incident was first reported by local media in {place} late on {day}.",
]
BACKGROUND_CLAIMS = {
    "Analysts in {city} said the row could weigh on {topic} for months.":
        "the row could weigh on {topic} for months",
    "Trade between the two countries was worth about {money} billion dollars last year, "
    "according to official figures.":
        "Trade between the two countries was worth about {money} billion dollars last year",
    "Local residents described {adj} scenes near {place} on {day}, with police closing "
    "several roads.":
        "{adj} scenes near {place} on {day}",
    "Opposition politicians in {ca} called for a parliamentary hearing on the {short}.":
        "a parliamentary hearing on the {short}",
    "The European Union and the United Nations urged restraint on both sides.":
        "restraint on both sides",
    "Human rights groups in {city} have documented {num} similar incidents since {year}.":
        "{num} similar incidents since {year}",
    "Diplomats in {city} said privately that neither side wanted the row to escalate.":
        "neither side wanted the row to escalate",
    "Satellite operators said cloud cover over {place} made independent checks difficult.":
        "cloud cover over {place} made independent checks difficult",
}  # fmt: skip
"""The background lines that attribute, and what they attribute: a claim as much as a
written one (PolNeAR annotates "according to official figures", "urged restraint"). The
"..., and declined to give details" after a written claim is not counted, nor the lead."""
CLAIM_TAILS = [
    "", "", "", " last week", " earlier this month", " on {day}", " despite earlier assurances",
    " in recent days", " before the weekend", " after months of silence",
]  # fmt: skip
TOPICS = [
    "energy transit", "border security", "migration", "minority rights", "grain exports",
    "visa rules", "water sharing", "airspace", "rail links", "customs controls",
]  # fmt: skip
ADJECTIVES = ["tense", "inconclusive", "frank", "difficult", "lengthy", "cautious", "chaotic"]
INDUSTRIES = ["farming", "logistics", "forestry", "mining", "textiles", "tourism"]
CITIES = ["Vienna", "Geneva", "Helsinki", "Brussels", "Istanbul", "Tbilisi", "Doha", "Oslo"]
FURNITURE = [
    "Read more: {b} moves air-defence units closer to the frontier",
    "Sign up for our morning briefing and get the day's top stories in your inbox.",
    "Photo: officials arrive at the ministry in {ca} on {day}. ({outlet})",
    "To suggest a correction, write to corrections@{host}.example",
]


@dataclass(frozen=True)
class Speaker:
    """An official who speaks for a country."""

    first: str
    last: str
    title: str
    country: str
    adjective: str
    capital: str

    @property
    def full(self) -> str:
        """Return the first mention, e.g. ``Polish Foreign Minister Jan Nowicki``."""
        return f"{self.adjective} {self.title} {self.first} {self.last}"

    @property
    def name(self) -> str:
        """Return the person's name without the title."""
        return f"{self.first} {self.last}"


@dataclass(frozen=True)
class Event:
    """One incident two countries disagree about."""

    event_id: int
    incident: str
    short: str
    place: str
    day: date
    sides: tuple[tuple[str, str, str], tuple[str, str, str]]
    speakers: tuple[tuple[Speaker, ...], tuple[Speaker, ...]]


@dataclass(frozen=True)
class Article:
    """One generated article and what it contains."""

    slug: str
    outlet: str
    url: str
    published: date
    title: str
    text: str
    event_id: int
    claims: tuple[str, ...] = field(default_factory=tuple)
    speakers: tuple[str, ...] = field(default_factory=tuple)
    background_claims: tuple[str, ...] = field(default_factory=tuple)
    """What the background lines attribute (:data:`BACKGROUND_CLAIMS`), in order."""

    @property
    def attributions(self) -> tuple[str, ...]:
        """Every claim the article holds: the written ones, then the background ones."""
        return self.claims + self.background_claims

    @property
    def words(self) -> int:
        """Return the article's word count."""
        return len(self.text.split())

    def as_file_text(self) -> str:
        """Return the article with the ``KEY: value`` header lines ``claims ingest`` reads."""
        header = [
            f"URL: {self.url}",
            f"OUTLET: {self.outlet}",
            f"DATE: {self.published.isoformat()}",
            f"TITLE: {self.title}",
        ]
        return "\n".join(header) + "\n\n" + self.text + "\n"


def _speaker(rng: random.Random, country: tuple[str, str, str], used: set[str]) -> Speaker:
    while True:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        if last not in used:
            used.add(last)
            return Speaker(first, last, rng.choice(TITLES), *country)


def make_events(n_events: int, rng: random.Random) -> list[Event]:
    """Make ``n_events`` incidents, each between two different countries."""
    events = []
    start = date(2025, 1, 6)
    for event_id in range(n_events):
        a, b = rng.sample(COUNTRIES, 2)
        used: set[str] = set()
        speakers = (
            tuple(_speaker(rng, a, used) for _ in range(rng.randint(2, 3))),
            tuple(_speaker(rng, b, used) for _ in range(rng.randint(2, 3))),
        )
        incident, short = rng.choice(INCIDENTS)
        events.append(
            Event(
                event_id,
                incident,
                short,
                rng.choice(PLACES),
                start + timedelta(days=rng.randint(0, 300)),
                (a, b),
                speakers,
            )
        )
    return events


def _fill(template: str, values: dict[str, str]) -> str:
    return template.format(**values)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _quotes(rng: random.Random) -> tuple[str, str]:
    return ("\u201c", "\u201d") if rng.random() < 0.7 else ('"', '"')


class _Writer:
    """Writes the paragraphs of one article, tracking first mentions of speakers."""

    def __init__(self, rng: random.Random, event: Event, outlet: str) -> None:
        self.rng = rng
        self.event = event
        self.outlet = outlet
        self.mentioned: set[str] = set()
        self.claims: list[str] = []
        self.speakers: list[str] = []
        self.background: list[str] = []
        self._fillers: list[str] = []

    def values(self, side: int) -> dict[str, str]:
        (a, adj_a, cap_a), (b, adj_b, cap_b) = self.event.sides[side], self.event.sides[1 - side]
        rng = self.rng
        return {
            "a": a,
            "b": b,
            "A": adj_a,
            "B": adj_b,
            "ca": cap_a,
            "cb": cap_b,
            "inc": self.event.short if rng.random() < 0.5 else self.event.incident,
            "short": self.event.short,
            "place": self.event.place,
            "num": rng.choice(NUMBERS),
            "day": rng.choice(DAYS),
            "year": str(rng.randint(2014, 2023)),
            "topic": rng.choice(TOPICS),
            "city": rng.choice(CITIES),
            "adj": rng.choice(ADJECTIVES),
            "money": str(rng.randint(2, 40)),
            "people": f"{rng.randint(12, 480)},000",
            "industry": rng.choice(INDUSTRIES),
            "outlet": self.outlet,
            "host": self.outlet.lower().replace(" ", ""),
        }

    def mention(self, speaker: Speaker) -> str:
        """Full title and name the first time, then the surname."""
        if speaker.last in self.mentioned:
            return speaker.last
        self.mentioned.add(speaker.last)
        return speaker.full

    def claim(self, side: int) -> str:
        """One paragraph with one attributed claim of ``side``."""
        rng = self.rng
        speaker = rng.choice(self.event.speakers[side])
        who = self.mention(speaker)
        values = self.values(side)
        pool = rng.choice([CLAIMS_ACCUSE, CLAIMS_DENY, CLAIMS_PROCESS])
        content = _fill(rng.choice(pool) + rng.choice(CLAIM_TAILS), values)
        verb = rng.choice(SAID)
        style = rng.random()
        self.speakers.append(speaker.name)
        if style < 0.35:
            direct = _fill(rng.choice(DIRECT), values)
            left, right = _quotes(rng)
            self.claims.append(direct)
            form = rng.randint(0, 2)
            if form == 0:
                return f"{left}{direct},{right} {who} {verb}."
            if form == 1:
                return f"{_cap(who)} {verb}: {left}{direct}.{right}"
            return f"{left}{direct},{right} said {who}."
        self.claims.append(content)
        form = rng.randint(0, 4)
        if form == 0:
            return f"{_cap(who)} {verb} on {values['day']} that {content}."
        if form == 1:
            return f"According to {who}, {content}."
        if form == 2:
            self.claims[-1] = _cap(content)
            return f"{_cap(content)}, {who} {verb}."
        if form == 3:
            ministry = rng.choice(["foreign ministry", "defence ministry", "government"])
            self.speakers[-1] = f"the {speaker.adjective} {ministry}"
            return f"In a statement, the {speaker.adjective} {ministry} said {content}."
        return f"{_cap(who)} told {self.outlet} that {content}, and declined to give details."

    def filler(self) -> str:
        """One background sentence (each template once, until all have been used)."""
        if not self._fillers:
            self._fillers = self.rng.sample(FILLER, len(FILLER))
        template = self._fillers.pop()
        values = self.values(self.rng.randint(0, 1))
        if template in BACKGROUND_CLAIMS:
            self.background.append(_fill(BACKGROUND_CLAIMS[template], values))
        return _fill(template, values)


ARTICLE_WORDS = (450, 900)
"""Range of an article's length in words (PolNeAR's political news: median 676)."""
ARTICLE_CLAIMS = (8, 18)
"""Range of an article's written claims. PolNeAR (400 training articles) has a median of 20
attributions per article, in 68% of its paragraphs; here the claims (median 13) and the
background lines that attribute ("Analysts in Oslo said ...", "according to official
figures": :data:`BACKGROUND_CLAIMS`, about 11 per article) come to a few more (24)."""
FILLER_PARAGRAPH = 0.15
"""Chance of a background paragraph after each claim paragraph."""
FILLER_JOINS = 0.6
"""Chance that a background sentence added to reach the length joins a paragraph rather
than standing alone (PolNeAR's paragraphs average 35 words)."""


def generate_article(rng: random.Random, event: Event, index: int) -> Article:
    """Write one article about ``event``."""
    outlet = rng.choice(OUTLETS)
    writer = _Writer(rng, event, outlet)
    target_words = rng.randint(*ARTICLE_WORDS)
    n_claims = rng.randint(*ARTICLE_CLAIMS)
    (a, adj_a, _), (b, adj_b, _) = event.sides
    lead_speaker = rng.choice(event.speakers[0])
    published = event.day + timedelta(days=rng.randint(0, 3))
    lead = (
        f"{writer.mention(lead_speaker)} spoke by telephone with {adj_b} officials on "
        f"{rng.choice(DAYS)}, amid a bitter row over the {event.incident} near {event.place}."
    )
    paragraphs = [lead]
    sides = [i % 2 for i in range(n_claims)]
    rng.shuffle(sides)
    for side in sides:
        para = writer.claim(side)
        if rng.random() < 0.4:
            para += " " + writer.filler()
        paragraphs.append(para)
        if rng.random() < FILLER_PARAGRAPH:
            paragraphs.append(writer.filler())
    while sum(len(p.split()) for p in paragraphs) < target_words:
        at = rng.randint(2, len(paragraphs))
        if rng.random() < FILLER_JOINS and at < len(paragraphs):
            paragraphs[at] += " " + writer.filler()  # wire paragraphs run to two sentences
        else:
            paragraphs.insert(at, writer.filler())
    if rng.random() < 0.6:
        values = writer.values(0)
        for furniture in rng.sample(FURNITURE, rng.randint(1, 2)):
            paragraphs.insert(rng.randint(2, len(paragraphs)), _fill(furniture, values))
    title = rng.choice(
        [
            f"{adj_a} and {adj_b} officials clash over {event.short}",
            f"{a} rejects {adj_b} account of {event.incident}",
            f"{b} and {a} trade accusations after {event.short} near {event.place}",
        ]
    )
    slug = re.sub(r"[^a-z0-9]+", "-", f"{index:04d} {outlet} {event.short}".lower()).strip("-")
    host = outlet.lower().replace(" ", "")
    return Article(
        slug=slug,
        outlet=outlet,
        url=f"https://{host}.example/{published.isoformat()}/{slug}",
        published=published,
        title=title,
        text="\n\n".join(paragraphs),
        event_id=event.event_id,
        claims=tuple(writer.claims),
        speakers=tuple(writer.speakers),
        background_claims=tuple(writer.background),
    )


def generate_corpus(n_articles: int, seed: int = 0) -> list[Article]:
    """Generate ``n_articles`` articles about ``max(1, n_articles // 6)`` events.

    Args:
        n_articles: How many articles.
        seed: Random seed; the same seed gives the same corpus.

    Returns:
        The articles, in order.
    """
    rng = random.Random(seed)
    events = make_events(max(1, n_articles // 6), rng)
    return [generate_article(rng, events[i % len(events)], i) for i in range(n_articles)]


def write_corpus(articles: list[Article], folder: Path) -> list[Path]:
    """Write the articles as ``.txt`` files with header lines; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for article in articles:
        path = folder / f"{article.slug}.txt"
        path.write_text(article.as_file_text(), encoding="utf-8")
        paths.append(path)
    return paths


def claim_sentences(articles: list[Article]) -> list[str]:
    """Return the distinct claim contents of the corpus, in first-seen order."""
    return list(dict.fromkeys(c for article in articles for c in article.claims))
