"""Every shipped rule's (and detector's) own examples, one test each: what it must
change and what it must leave alone."""

from __future__ import annotations

import pytest

from cleantext.examples import check_rule
from cleantext.packs import load_packs, shipped_rules_dir

PACKS = load_packs([shipped_rules_dir()])
RULES = [(pack, rule) for pack in PACKS for rule in pack.items()]


@pytest.mark.parametrize(("pack", "rule"), RULES, ids=[rule.id for _, rule in RULES])
def test_rule_examples_hold(pack, rule) -> None:
    failures = check_rule(pack, rule)
    assert not failures, "\n".join(str(f) for f in failures)


def test_every_shipped_rule_has_both_kinds_of_example() -> None:
    for _, rule in RULES:
        assert rule.changes and rule.keeps, rule.id
