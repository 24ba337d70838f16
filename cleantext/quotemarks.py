"""Quote marks that straight-quote style turns into ASCII ones, and a function that folds them.

The same set serves the quote stage (what ``straight`` makes of each mark) and the
stages that match lines against rules, which see every quote folded to its ASCII
form: a rule then matches a line the same way before and after the quote stage,
so cleaning the output again finds nothing new.
"""

from __future__ import annotations

#: ftfy's ``uncurl_quotes`` set, less the modifier letter apostrophe (a letter outside English).
STRAIGHT = {**dict.fromkeys("\u2018\u2019\u201a\u201b", "'"), **dict.fromkeys("\u201c\u201d\u201e\u201f", '"')}
#: What rules see folded: those marks and the modifier letter apostrophe, which the quote stage straightens in
#: English texts. Rules see it as "'" in every language, so that a line reads the same to them before and
#: after that stage.
FOLDED = {**STRAIGHT, "\u02bc": "'"}


def fold(text: str) -> str:
    """The text with those marks straight, one character for one (offsets stay valid).

    One ``str.replace`` per mark the text holds: ``str.translate`` looks every
    character of a non-ASCII text up in its table, about fifty times slower.
    """
    for mark, straight in FOLDED.items():
        if mark in text:
            text = text.replace(mark, straight)
    return text
