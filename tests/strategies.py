"""Hypothesis strategies for article-like text: prose, furniture, artifacts, junk."""

from __future__ import annotations

from hypothesis import strategies as st

PROSE = [
    "The council met on Tuesday to discuss the budget.",
    "“We will respond,” he said, adding that talks would go on.",
    "It’s the ’90s again, rock ’n’ roll and the ministers’ meeting.",
    "War in Ukraine, Theo Reuters.",
    "the sovereign territory of the Republic. of Armenia",
    "Café Müller reopened after 12 years.",
    "He said â€œhelloâ€\x9d to the crowd.",
    "A 6'2\" guard scored 30 points.",
    "Theo Walcott scored twice.",
    "« Bonjour\u202f! » dit-elle.",
    "„Guten Tag“, sagte er.",
    "In a series of tweets, the Ministry emphasize that the fault lies with Baku, it said on Tuesday.",
    "Russia may try to “stir pot\" between them , said Blinken ; the the {big|large} crowd and Russia 's war.",
    "Firms sell counterfeit consciousness tools, accused Azerbaijan attacked again. Moscow speak it facilitated.",
    "He called it «dangerous» in '07, a 6' tall man, the letter 's'.",
]
FURNITURE = [
    "Source link",
    "Back to top button",
    "Related Articles",
    "Share this:",
    "Facebook",
    "Twitter",
    "Advertisement",
    "Read more »",
    "© 2024 Example Media. All rights reserved.",
    "We use cookies to improve your experience on our website.",
    "* * *",
]
JUNK = ["", " ", "\t", "\u200b", "\u00a0", "\ufeff", "\r", "  ", "\x00", "\x1b[31m", "&amp;", "''", "``", "'", '"']

#: Every kind of quote mark (TeX pairs, low-9, guillemets, the modifier letter apostrophe), with letters and
#: spaces to make words of: runs of them are where one pass of the quote stage can leave work for a second.
QUOTE_MARKS = "`'\"‚„“”‹›«»ʼ’‘"
quote_runs = st.text(alphabet=QUOTE_MARKS + "ax ", max_size=16)

lines = st.one_of(
    st.sampled_from(PROSE),
    st.sampled_from(FURNITURE),
    st.sampled_from(JUNK),
    st.text(max_size=40),
    quote_runs,
)
articles = st.lists(lines, max_size=14).flatmap(
    lambda parts: st.lists(
        st.sampled_from(["\n", "\n\n", "\r\n", "\n\n\n", " "]), min_size=len(parts), max_size=len(parts)
    ).map(lambda seps: "".join(p + s for p, s in zip(parts, seps, strict=True)))
)
any_text = st.one_of(articles, st.text(max_size=300))
