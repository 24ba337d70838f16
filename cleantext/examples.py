"""Every rule proves itself: its `changes` examples must come out as written and
its `keeps` examples must pass through without the rule touching them.

Each rule is tested alone (with only the whitespace tidy that every run has),
so an example shows what that one rule does, whatever else a pack holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cleantext.lang import UNDETERMINED
from cleantext.packs import Detector, Pack, Rule
from cleantext.pipeline import ANY_LANGUAGE, Cleaner


@dataclass(frozen=True)
class ExampleFailure:
    """An example that did not come out as its rule promised."""

    pack_path: str
    rule_id: str
    kind: str  # "changes" or "keeps"
    input: str
    expected: str
    got: str

    def __str__(self) -> str:
        return (
            f"{self.pack_path}, rule {self.rule_id!r}, {self.kind} example\n"
            f"  input:    {self.input!r}\n  expected: {self.expected!r}\n  got:      {self.got!r}"
        )


#: Detectors of language-neutral packs need a language for their stopwords: their examples are English.
DETECTOR_EXAMPLE_LANGUAGE = "en"


def rule_cleaner(pack: Pack, rule: Rule | Detector) -> Cleaner:
    """A Cleaner that runs just this one rule or detector (and the whitespace tidy).

    A rule gated by the spin score runs as if the document were spun: its
    examples show what it does once it runs (tests of the gate itself live with
    the pipeline's tests).
    """
    if isinstance(rule, Detector):
        # Detectors share the article zone that the pack's paragraph classifier finds,
        # so a detector's examples run beside the other detectors of its pack.
        alone = Pack(pack.name, pack.language, pack.path, pack.description, detectors=pack.detectors)
        neutral = DETECTOR_EXAMPLE_LANGUAGE
    else:
        alone = Pack(pack.name, pack.language, pack.path, pack.description, (rule,))
        neutral = UNDETERMINED
    language = neutral if rule.language == ANY_LANGUAGE else rule.language
    enable = {item.id for item in alone.items()}
    return Cleaner(packs=[alone], enable=enable, language=language, quotes="keep", normalize=False, spin_threshold=0)


def check_rule(pack: Pack, rule: Rule | Detector) -> list[ExampleFailure]:
    """Run the examples of one rule (or detector); an empty list means every example holds."""
    cleaner = rule_cleaner(pack, rule)
    failures: list[ExampleFailure] = []
    for example in rule.changes:
        result = cleaner.clean(example.input)
        touched = _touched(result, rule.id)
        if result.text != example.output or not touched:
            got = result.text if touched else f"{result.text} (the rule did not fire)"
            failures.append(ExampleFailure(pack.path, rule.id, "changes", example.input, str(example.output), got))
    for example in rule.keeps:
        result = cleaner.clean(example.input)
        if _touched(result, rule.id):
            failures.append(ExampleFailure(pack.path, rule.id, "keeps", example.input, example.input, result.text))
    return failures


def check_packs(packs: Iterable[Pack]) -> list[ExampleFailure]:
    """Run the examples of every rule in the packs."""
    return [failure for pack in packs for rule in pack.items() for failure in check_rule(pack, rule)]


def _touched(result, rule_id: str) -> bool:
    return any(rule_id in e.rules for e in result.edits) or any(f.rule == rule_id for f in result.flags)
