"""A synthetic news site: articles with varied bodies inside the same furniture.

Used by the learn tests and by ``benchmarks/learn_synthetic.py``. Every line of
every article is labelled, so what a learned pack removes can be scored: body
lines (title, byline, dateline, paragraphs) must stay, furniture should go.
The furniture varies as on real sites (counts, dates, times, years), and some
body sentences mention the same words as the furniture, to catch a rule that
reaches into prose.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SITE = "Harbor Herald"
AUTHORS = ["Maria Lopez", "Tom Becker", "Aisha Khan", "Li Wei", "Sam O'Neill", "Ruth Adler", "Jonas Berg"]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
]  # fmt: skip
SUBJECTS = [
    "The council", "The port authority", "A local bakery", "The ferry operator", "Fishermen", "The mayor",
    "Residents of the old town", "The harbour master", "Volunteers", "The school board",
]  # fmt: skip
VERBS = ["announced", "rejected", "debated", "celebrated", "postponed", "funded", "questioned", "approved"]
OBJECTS = [
    "a plan to dredge the channel", "new opening hours", "the festival budget", "repairs to the pier",
    "a ban on night fishing", "the ferry timetable", "a new lighthouse museum", "higher mooring fees",
]  # fmt: skip
TAILS = [
    "on Tuesday", "after a long meeting", "despite protests", "for the third time this year", "in a statement",
    "to the surprise of many", "before the storm season",
]  # fmt: skip
#: Body sentences that share words with the furniture: a learned rule must leave them.
#: Each is filled in per article, so that like real prose it does not recur verbatim.
NEAR_MISSES = [
    "Readers asked the {site} to share this story with {subject}, the editor said on {day}.",
    "The report was updated {n} hours ago by {subject} after new figures came in on {day}.",
    "All rights reserved by {subject} were transferred to the {site} foundation in {year}, officials said.",
    "Facebook and Twitter users shared photos of {object} all weekend, {subject} said.",
    "An advertisement for {object} ran in {n} newspapers last {day}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass(frozen=True)
class Article:
    """One page of the site, its lines labelled body (True) or furniture (False)."""

    id: str
    lines: tuple[tuple[str, bool], ...]

    @property
    def text(self) -> str:
        return "".join(line + "\n" for line, _ in self.lines)

    @property
    def body(self) -> list[str]:
        return [line for line, is_body in self.lines if is_body and line]

    @property
    def furniture(self) -> list[str]:
        return [line for line, is_body in self.lines if not is_body and line]


def make_site(count: int = 30, seed: int = 7) -> list[Article]:
    """`count` articles of the site, the same for the same seed."""
    rng = random.Random(seed)
    return [_article(rng, i) for i in range(count)]


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}."


def _paragraph(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return rng.choice(NEAR_MISSES).format(
            site=SITE,
            subject=rng.choice(SUBJECTS).lower(),
            object=rng.choice(OBJECTS),
            day=rng.choice(DAYS),
            n=rng.randint(2, 9),
            year=rng.randint(2000, 2020),
        )
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 4)))


def _article(rng: random.Random, index: int) -> Article:
    year = rng.randint(2017, 2023)
    title = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    unit = rng.choice(["minutes", "hours", "days"])
    body = [_paragraph(rng) for _ in range(rng.randint(4, 8))]
    if rng.random() < 0.6:
        body.insert(rng.randint(1, len(body) - 1), "")  # a marker for the advertisement slot
    lines: list[tuple[str, bool]] = [
        ("Home | News | Harbour | Opinion | Weather", False),
        ("", True),
        (title, True),
        (f"By {rng.choice(AUTHORS)}", True),
        (f"Published {rng.choice(MONTHS)} {rng.randint(1, 28)}, {year}", True),
        ("", True),
    ]
    for paragraph in body:
        lines += [("Advertisement", False)] if not paragraph else [(paragraph, True), ("", True)]
    lines += [
        ("Share this:", False),
        ("Facebook", False),
        ("Twitter", False),
        ("Email", False),
        ("", True),
        (f"Comments ({rng.randint(0, 250)})", False),
        (f"Updated {rng.randint(1, 59)} {unit} ago", False),
        (f"Read more: {rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}", False),
        (f"© {year} {SITE} Media. All rights reserved.", False),
        (f"The {SITE} — news from the waterfront since 1987.", False),
    ]
    return Article(f"article-{index:03d}", tuple(lines))
