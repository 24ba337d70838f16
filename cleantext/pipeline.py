"""The Cleaner: rule packs compiled once, the stages run in order on each text."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from cleantext.config import ANY_LANGUAGE, check_switches, checked_language
from cleantext.decoding import check_encoding, read
from cleantext.document import CATEGORIES, FURNITURE, Change, CleanResult, Edit, EditLog, Flag, removed_lines
from cleantext.lang import DEFAULT_DETECTOR, DETECTORS, UNDETERMINED, Detection, identify, sample
from cleantext.packs import PROFILES, Detector, Pack, Rule, load_packs, match_budget, shipped_rules_dir
from cleantext.prefilter import Prefilter
from cleantext.stages.boilerplate import BoilerplateRules, keep_headers, strip_boilerplate
from cleantext.stages.heuristics import PageMemory, detect
from cleantext.stages.inline import apply_inline
from cleantext.stages.normalize import normalize
from cleantext.stages.quotes import MODES, quote_changes
from cleantext.stages.whitespace import newline_changes, tidy
from cleantext.structure import line_kinds

T = TypeVar("T")

#: Default share of a document's characters whose removal as boilerplate raises the
#: report's alarm. Furniture is a minority of an article (seed 000 loses 7%, pages of
#: the benchmark after an extractor a few percent); when half the text goes, either the
#: page was mostly furniture or a rule cut into the article, and a person should look.
ALARM_SHARE = 0.5
#: The alarm also fires when a document loses more than this share of its lines of one kind of structure (code,
#: list items, table rows), whatever the share of characters: structure is content, which only rules written for
#: it may remove.
STRUCTURE_ALARM_SHARE = 0.5
#: ... provided it had at least this many lines of that kind (one stray bullet is no list).
STRUCTURE_ALARM_LINES = 3

#: At most this many rounds of boilerplate rules and detectors (see Cleaner._strip_furniture).
#: On the 3,315 whole pages of the dev benchmark none needed more than two rounds that removed something.
FURNITURE_ROUNDS = 4
#: At most this many rounds of inline repairs, each followed by the furniture stage when it changed the text.
REPAIR_ROUNDS = 3

# Rules built into the stages (not in packs), so that the report can explain them.
BUILTIN_RULES: dict[str, dict[str, str]] = {
    "normalize.ftfy": {"category": "normalize", "reason": "mojibake or broken Unicode repaired by ftfy"},
    "normalize.invisible": {"category": "normalize", "reason": "zero-width or invisible character removed"},
    "whitespace.newlines": {"category": "whitespace", "reason": "Windows, old Mac or Unicode line break made \\n"},
    "whitespace.trailing": {"category": "whitespace", "reason": "spaces at the end of a line"},
    "whitespace.spaces": {"category": "whitespace", "reason": "a run of spaces inside a line made one"},
    "whitespace.blank-lines": {"category": "whitespace", "reason": "blank lines left by removals, or extra ones"},
    "quotes.straight": {"category": "quotes", "reason": "quote made a straight ASCII quote"},
    "quotes.curly": {"category": "quotes", "reason": "quote made typographic"},
    "quotes.keep": {"category": "quotes", "reason": "broken quote pair repaired"},
}


class Cleaner:
    """Cleans article texts with a fixed set of rule packs and options.

    Building a Cleaner loads and compiles the packs; keep one and call
    :meth:`clean` for every text. It holds no per-text state, so one instance
    can serve many threads, and it pickles for process pools.

    Args:
        rules: extra folders of rule packs, used beside the shipped ones.
        shipped_rules: whether to load the packs installed with cleantext.
        disable: rule ids, packs, categories or ``category/group`` names to switch off.
        enable: the same, to switch on (rules that are off by default, or a
            narrower selection inside something disabled).
        language: a language code to use instead of detecting one.
        detector: ``cld2`` (default: fastest; py3langid, then langdetect, decide
            where it is unsure), ``py3langid`` (the same without CLD2) or
            ``langdetect``; see :mod:`cleantext.lang`.
        quotes: ``straight`` (default), ``curly`` or ``keep``.
        normalize: run the Unicode repair stage (ftfy).
        spin_threshold: the spin score at which rules gated by ``requires_spin``
            run (tortured phrases); None keeps each rule's own threshold.
        packs: already loaded packs to use instead of loading any folder.
        alarm_share: the share of characters removed as boilerplate (0 < share <= 1)
            from which a document's report carries an alarm.
        profile: thresholds of the heuristic detectors: ``precision`` (removes
            least), ``balanced`` (default) or ``recall`` (removes most).
        encoding: the encoding of the bytes given to :meth:`clean` (a Python
            codec name); None reads UTF-8, or the encoding a detector finds
            (see :mod:`cleantext.decoding`).
    """

    def __init__(
        self,
        *,
        rules: Sequence[str | Path] = (),
        shipped_rules: bool = True,
        disable: Iterable[str] = (),
        enable: Iterable[str] = (),
        language: str | None = None,
        detector: str = DEFAULT_DETECTOR,
        quotes: str = "straight",
        normalize: bool = True,
        spin_threshold: int | None = None,
        packs: Sequence[Pack] | None = None,
        alarm_share: float = ALARM_SHARE,
        profile: str = "balanced",
        encoding: str | None = None,
    ) -> None:
        if quotes not in MODES:
            raise ValueError(f"quotes must be one of {', '.join(MODES)}, not {quotes!r}")
        if profile not in PROFILES:
            raise ValueError(f"profile must be one of {', '.join(PROFILES)}, not {profile!r}")
        if detector not in DETECTORS:
            raise ValueError(f"detector must be one of {', '.join(DETECTORS)}, not {detector!r}")
        if not 0 < alarm_share <= 1:
            raise ValueError(f"alarm_share must be above 0 and at most 1, not {alarm_share!r}")
        self.alarm_share = alarm_share
        self.encoding = None if encoding is None else check_encoding(encoding)
        if packs is None:
            folders = ([shipped_rules_dir()] if shipped_rules else []) + [Path(r) for r in rules]
            packs = load_packs(folders)
        self.packs: list[Pack] = list(packs)
        self.language = None if language is None else checked_language(language, (p.language for p in self.packs))
        disable, enable = frozenset(disable), frozenset(enable)
        known = _switch_names(self.packs)
        check_switches("disable", disable, known)
        check_switches("enable", enable, known)
        self.detector = detector
        self.quotes = quotes
        self.profile = profile
        self.normalize = normalize
        if spin_threshold is not None and spin_threshold < 0:
            raise ValueError(f"spin_threshold must be 0 or more, not {spin_threshold}")
        self.spin_threshold = spin_threshold
        self.disable = frozenset(disable)
        self.enable = frozenset(enable)
        self.rules: list[Rule] = [
            rule for pack in self.packs for rule in pack.rules if _selected(rule, self.disable, self.enable)
        ]
        #: Switched-off block and rest rules: they remove nothing, but still tell a header from an item, so that
        #: a thread kept with ``disable=["comments"]`` keeps its header too.
        self.dormant: list[Rule] = [
            rule
            for pack in self.packs
            for rule in pack.rules
            if rule.scope in ("block", "rest") and not _selected(rule, self.disable, self.enable)
        ]
        self.detectors: list[Detector] = [
            d for pack in self.packs for d in pack.detectors if _selected(d, self.disable, self.enable)
        ]
        self._by_id: dict[str, Rule | Detector] = {r.id: r for r in self.rules}
        self._by_id.update((d.id, d) for d in self.detectors)
        self._signal_rules = frozenset(r.id for r in self.rules if r.spin_signal)
        self._builtin_off = {name for name in BUILTIN_RULES if _switched_off(name, self.disable, self.enable)}
        self._by_language: dict[str, list[Rule]] = {}
        self._boilerplate: dict[str, BoilerplateRules] = {}
        self._inline_rule_sets: dict[str, tuple[list[Rule], Prefilter]] = {}
        self._detectors: dict[str, list[Detector]] = {}
        self._shared: dict[tuple[str, ...], Any] = {}

    def rules_for(self, language: str) -> list[Rule]:
        """The enabled rules that apply to a text in `language`."""
        if language not in self._by_language:
            self._by_language[language] = [r for r in self.rules if r.language in (ANY_LANGUAGE, language)]
        return self._by_language[language]

    def _inline_rules(self, language: str) -> tuple[list[Rule], Prefilter]:
        """The inline rules of `language` in the order they run (those gated by spin last), and their prefilter."""
        if language not in self._inline_rule_sets:
            inline = [r for r in self.rules_for(language) if r.scope == "inline"]
            ordered = sorted(inline, key=lambda r: r.requires_spin is not None)  # stable: pack order kept
            self._inline_rule_sets[language] = self._share(
                "inline", ordered, lambda rules: (rules, Prefilter([r.searched for r in rules], anywhere=True))
            )
        return self._inline_rule_sets[language]

    def _share(self, kind: str, rules: list[Rule], build: Callable[[list[Rule]], T]) -> T:
        """What `build` prepares from `rules`, once per set of rules: the languages whose packs add
        nothing to the language-neutral ones share their prepared rules (memos and automata)."""
        key = (kind, *(r.id for r in rules))
        if key not in self._shared:
            self._shared[key] = build(rules)
        return self._shared[key]

    def detectors_for(self, language: str) -> list[Detector]:
        """The enabled heuristic detectors that apply to a text in `language`."""
        if language not in self._detectors:
            self._detectors[language] = [d for d in self.detectors if d.language in (ANY_LANGUAGE, language)]
        return self._detectors[language]

    def clean(self, text: str | bytes) -> CleanResult:
        """Clean one article; bytes are decoded first (the report's ``decoding`` says how).

        Every pattern call on the article draws on one time budget, sized by its
        length (:func:`cleantext.packs.match_budget`): past it, :class:`RuleTimeoutError`
        names the rule.
        """
        decoding = None
        if isinstance(text, bytes):
            decoding = read(text, self.encoding)
            text = decoding.text
        with match_budget(text):
            result = self._clean_text(text, None if decoding is None else decoding.encoding)
        result.decoding = None if decoding is None else decoding.report()
        return result

    def _clean_text(self, text: str, encoding: str | None) -> CleanResult:
        """The stages, in order, on one decoded article."""
        log = EditLog(text)
        flags: list[tuple[Change, str]] = []
        signals: set[str] = set()
        clean_lines: set[str] = set()  # lines the Unicode repair found nothing to do on
        self._apply(log, newline_changes(log.text))
        if self.normalize:
            self._repair_unicode(log, clean_lines)
        probe = sample(log.text)
        if self.language:
            detection = Detection(self.language, "given")
        else:
            detection = identify(probe, sampled=True, detector=self.detector)
        self._language_stages(log, detection.language, flags, signals, clean_lines)
        if self.language is None:
            detection = self._settle_language(log, probe, detection, flags, signals, clean_lines)
        return self._result(log, detection, encoding, flags, signals)

    def _language_stages(
        self, log: EditLog, language: str, flags: list[tuple[Change, str]], signals: set[str], clean_lines: set[str]
    ) -> None:
        """Boilerplate, inline repairs (and boilerplate again, while they change the text), quotes, the Unicode
        repair's second look (and boilerplate again, if it changed the text) and the whitespace tidy, for one
        language.

        Rules gated by ``requires_spin`` run last, once the other rules have
        shown how many independent signs of spinning the document carries
        (`signals`: the ids of spin-signal rules that changed or flagged something).
        """
        rules = self.rules_for(language)
        if language not in self._boilerplate:
            active = [r for r in rules if r.scope != "inline"]
            dormant = [r for r in self.dormant if r.language in (ANY_LANGUAGE, language)]
            self._boilerplate[language] = self._share(
                "boilerplate", active + dormant, lambda _: BoilerplateRules.of(active, dormant)
            )
        measured: dict[str, tuple] = {}  # the long blocks' measures, for every look at this text in this language
        memory = PageMemory(corroborate=bool(self._boilerplate[language]))
        self._strip_furniture(log, language, flags, signals, measured, memory)
        for _ in range(REPAIR_ROUNDS):
            if not self._repair(log, language, flags, signals):
                break
            # A repair can make a line furniture (a footer rule's length reached once "the the" is
            # one word): the furniture stage looks again, or cleaning the output would remove it.
            before = log.text
            self._strip_furniture(log, language, flags, signals, measured, memory)
            if log.text == before:
                break
        self._apply(log, quote_changes(log.text, self.quotes, language))
        before = log.text
        self._settle_unicode(log, language, clean_lines)
        if log.text != before:  # a late repair can reveal furniture: a line of symbols once its mojibake is gone
            self._strip_furniture(log, language, flags, signals, measured, memory)
        self._apply(log, tidy(log.text))

    def _repair(self, log: EditLog, language: str, flags: list[tuple[Change, str]], signals: set[str]) -> bool:
        """The inline rules, in order; whether any of them changed the text."""
        inline, prefilter = self._inline_rules(language)
        candidates = set(prefilter.candidates(log.text))
        changed = False
        for i, rule in enumerate(inline):
            gate = rule.requires_spin
            if i not in candidates or (gate is not None and len(signals) < self._threshold(gate)):
                continue
            changes, found = apply_inline(log.text, rule)
            self._record(log, changes, found, flags, signals)
            if changes:  # the text the later rules see has changed
                changed = True
                candidates = set(prefilter.candidates(log.text))
        return changed

    def _strip_furniture(
        self,
        log: EditLog,
        language: str,
        flags: list[tuple[Change, str]],
        signals: set[str],
        measured: dict[str, tuple],
        memory: PageMemory,
    ) -> None:
        """Boilerplate rules, then the detectors, again until neither removes anything more.

        What one removes changes what the others see: a footer gone puts a comment
        header past its rule's share of the text, the lines between two short menus
        gone join them into one long enough to count. Running to a fixed point here
        is what keeps cleaning idempotent (cleaning the output again removes nothing).

        The detectors depend on the text alone: when the rules removed nothing
        from a text in which the detectors found nothing the round before (the
        second round of about a quarter of the benchmark pages), that round's
        answer stands and the detectors do not run again. `measured` keeps the
        measures of the text's long blocks from one look to the next; `memory`, what
        the detectors' looks found, and where the rules removed lines before the first.
        """
        nothing_found_in: str | None = None  # the text the detectors last found nothing in
        for _ in range(FURNITURE_ROUNDS):
            before = log.text
            changes, found = strip_boilerplate(log.text, self._boilerplate[language])
            memory.rules_removed(log.text, changes)
            self._record(log, changes, found, flags, signals)
            if log.text != nothing_found_in:
                removals = detect(log.text, self.detectors_for(language), language, self.profile, measured, memory)
                removals = keep_headers(log.text, removals, self._boilerplate[language])
                nothing_found_in = None if removals else log.text
                self._apply(log, removals)
            if log.text == before:
                return

    def _settle_language(
        self,
        log: EditLog,
        probe: str,
        detection: Detection,
        flags: list[tuple[Change, str]],
        signals: set[str],
        clean_lines: set[str],
    ) -> Detection:
        """Detect again on the clean text; if the language moved from `detection` (made on the sample
        `probe`), clean for the new one.

        Removing furniture can change what a short text reads as. Without this,
        cleaning the output again could pick other packs and change it again.
        The second detection is skipped when the sample it would read is the
        one already read, which is the common case. Returns the last detection:
        the one the clean text gives.
        """
        seen = {probe: detection}
        language = detection.language
        for _ in range(2):
            clean_probe = sample(log.text)
            again = seen.get(clean_probe) or identify(clean_probe, sampled=True, detector=self.detector)
            seen[clean_probe] = again
            if again.language == language:
                break
            language = again.language
            self._language_stages(log, language, flags, signals, clean_lines)
        return again

    def _settle_unicode(self, log: EditLog, language: str, clean_lines: set[str]) -> None:
        """Run ftfy again where later stages changed its context, until nothing moves.

        ftfy judges mojibake by the whole line, so a line whose quotes were just
        straightened can read differently to it than before; settling here keeps
        cleaning idempotent (cleaning the output again changes nothing).
        """
        if not self.normalize:
            return
        for _ in range(3):
            if not self._repair_unicode(log, clean_lines):
                return
            self._apply(log, quote_changes(log.text, self.quotes, language))

    def _repair_unicode(self, log: EditLog, clean_lines: set[str]) -> bool:
        """The Unicode repair; whether it changed anything.

        A repaired character can be a line break (mojibake of U+2028), which the
        newline stage then makes ``\n`` as it did the others.
        """
        changes = [c for c in normalize(log.text, clean_lines) if c.rule not in self._builtin_off]
        if changes:
            self._apply(log, changes)
            self._apply(log, newline_changes(log.text))
        return bool(changes)

    def __reduce__(self) -> tuple[Callable[[], Cleaner], tuple[()]]:
        """A Cleaner pickles as what it was built from: its packs (already loaded) and its options.

        What it prepares per language is prepared again where it is unpickled: the
        prefilters hold RE2 automata, which do not pickle.
        """
        rebuild = functools.partial(
            Cleaner,
            packs=self.packs,
            disable=self.disable,
            enable=self.enable,
            language=self.language,
            detector=self.detector,
            quotes=self.quotes,
            normalize=self.normalize,
            spin_threshold=self.spin_threshold,
            alarm_share=self.alarm_share,
            profile=self.profile,
            encoding=self.encoding,
        )
        return rebuild, ()

    def _threshold(self, requires_spin: int) -> int:
        """How many spin signals a rule gated by `requires_spin` needs: its own number, unless the Cleaner sets one."""
        return requires_spin if self.spin_threshold is None else self.spin_threshold

    def _record(
        self,
        log: EditLog,
        changes: list[Change],
        found: list[Change],
        flags: list[tuple[Change, str]],
        signals: set[str],
    ) -> None:
        """Apply a stage's changes, keep its flags, and note which spin signals fired."""
        signals.update(c.rule for c in (*changes, *found) if c.rule in self._signal_rules)
        flags += self._flags(log, found)
        self._apply(log, changes)

    def _apply(self, log: EditLog, changes: list[Change]) -> None:
        log.apply(c for c in changes if c.rule not in self._builtin_off)

    def _flags(self, log: EditLog, found: list[Change]) -> list[tuple[Change, str]]:
        """Flags carry original offsets, taken before later stages shift the text."""
        out = []
        for change in found:
            start, end = log.to_original(change.start, change.end)
            out.append((change._replace(start=start, end=end), log.original[start:end]))
        return out

    def _result(
        self,
        log: EditLog,
        detection: Detection,
        encoding: str | None,
        flags: list[tuple[Change, str]],
        signals: set[str],
    ) -> CleanResult:
        edits = log.edits()
        text = log.text
        found = sorted({Flag(c.start, c.end, t, c.rule, c.category) for c, t in flags}, key=lambda f: (f.start, f.rule))
        by_rule = Counter(rule for edit in edits for rule in edit.rules)
        by_category = Counter(category for edit in edits for category in dict.fromkeys(edit.categories))
        removed = sum(len(e.original) for e in edits if not FURNITURE.isdisjoint(e.categories))
        lines_in = _count_lines(log.original)
        lines_out = _count_lines(text)
        stats = {
            "chars_in": len(log.original),
            "chars_out": len(text),
            "lines_in": lines_in,
            "lines_out": lines_out,
            "lines_removed": lines_in - lines_out,
            "removed_share": round(removed / len(log.original), 4) if log.original else 0.0,
            "edits": len(edits),
            "flags": len(found),  # a span flagged in two rounds is one flag
            "spin_score": len(signals),
            "edits_by_category": dict(sorted(by_category.items())),
            "edits_by_rule": dict(sorted(by_rule.items())),
        }
        named = {r for e in edits for r in e.rules} | {c.rule for c, _ in flags}
        described = {
            name: self._by_id[name].describe() if name in self._by_id else BUILTIN_RULES.get(name, {})
            for name in sorted(named)
        }
        return CleanResult(
            text=text,
            original=log.original,
            edits=edits,
            language=detection.language,
            language_decided_by=detection.decided_by,
            flags=found,
            stats=stats,
            encoding=encoding,
            rules=described,
            spin_signals=sorted(signals),
            alarm=_alarm(removed, len(log.original), self.alarm_share, _structure_lost(log.original, edits)),
        )


def clean(text: str | bytes, **options: Any) -> CleanResult:
    """Clean one text with a Cleaner built from `options` (see :class:`Cleaner`).

    Building a Cleaner compiles every pack: to clean many texts, build one
    Cleaner and reuse it.
    """
    return Cleaner(**options).clean(text)


def _structure_lost(original: str, edits: list[Edit]) -> dict[str, tuple[int, int]]:
    """For each kind of structure line in `original` (code, list, table): how many were removed, of how many."""
    kinds = line_kinds(original)
    total = Counter(kind for kind in kinds if kind)
    if not total:
        return {}
    lost = Counter(kinds[n] for n in removed_lines(original, edits) if kinds[n])
    return {kind: (lost[kind], total[kind]) for kind in total}


def _alarm(
    removed: int, chars_in: int, threshold: float, structure: dict[str, tuple[int, int]]
) -> dict[str, Any] | None:
    """The report's alarm when a large share of the text, or most of its code, list or table lines, went as
    furniture."""
    share = removed / chars_in if chars_in else 0.0
    lost = {
        kind: (gone, total)
        for kind, (gone, total) in structure.items()
        if total >= STRUCTURE_ALARM_LINES and gone > total * STRUCTURE_ALARM_SHARE
    }
    if share < threshold and not lost:
        return None
    reasons = [f"{share:.0%} of the characters were removed as boilerplate (alarm from {threshold:.0%})"] * (
        share >= threshold
    )
    reasons += [f"{gone} of {total} {_STRUCTURE_NAMES[kind]} were removed" for kind, (gone, total) in lost.items()]
    alarm: dict[str, Any] = {"removed_share": round(share, 4), "threshold": threshold, "reason": "; ".join(reasons)}
    if lost:
        alarm["structure_lost"] = {kind: {"removed": gone, "lines": total} for kind, (gone, total) in lost.items()}
    return alarm


#: How the alarm names each kind of structure line.
_STRUCTURE_NAMES = {"code": "code lines", "list": "list items", "table": "table rows"}


def _count_lines(text: str) -> int:
    """The number of lines that are not blank."""
    return sum(map(bool, map(str.strip, text.splitlines())))


def _switch_names(packs: list[Pack]) -> set[str]:
    """Every name that --disable/--enable know: the packs' rules, detectors, packs, categories and
    groups, and the built-in stage rules and their categories."""
    names = {name for pack in packs for item in pack.items() for name in item.selectors()}
    names.update(CATEGORIES, BUILTIN_RULES, (rule["category"] for rule in BUILTIN_RULES.values()))
    return names


def _switched_off(name: str, disable: frozenset[str], enable: frozenset[str]) -> bool:
    """Whether a built-in stage rule is disabled (by its id or its category)."""
    names = {name, name.split(".", 1)[0]}
    return bool(names & disable) and not names & enable


def _selected(rule: Rule | Detector, disable: frozenset[str], enable: frozenset[str]) -> bool:
    """A rule runs if enabled by name, or on by default and not disabled by name."""
    names = rule.selectors()
    if names & enable:
        return True
    return rule.enabled and not names & disable


__all__ = ["ALARM_SHARE", "ANY_LANGUAGE", "UNDETERMINED", "Cleaner", "clean"]
