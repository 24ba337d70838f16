"""The command line: thin click commands over the library."""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

import click

from cleantext.corpus import CorpusError, iter_documents
from cleantext.decoding import DecodeError
from cleantext.document import CleanResult
from cleantext.examples import check_packs
from cleantext.files import OutputExistsError, check_writable, read_input, write_atomic
from cleantext.learn import LearnOptions, coverage, learn_rules, read_allow_list
from cleantext.packs import (
    PROFILES,
    Detector,
    PackError,
    RuleTimeoutError,
    find_pack_files,
    load_pack,
    load_packs,
    shipped_rules_dir,
)
from cleantext.packwriter import NothingLearned, write_pack
from cleantext.pipeline import ALARM_SHARE, Cleaner
from cleantext.reports import ReportError, ReportSource
from cleantext.review import document_lines, rule_lines, summary_lines
from cleantext.review_html import review_page
from cleantext.stages.quotes import MODES


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cleantext-articles", prog_name="cleantext")
def main() -> None:
    """Clean scraped article text and report every removal and change."""


@main.command()
@click.argument("source", metavar="FILE|-")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the clean text here (default: stdout).",
)
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), help="Write the JSON report here.")
@click.option("--lang", metavar="CODE", help="Language of the text (skips detection), e.g. en, de.")
@click.option(
    "--disable",
    multiple=True,
    metavar="RULE|CATEGORY",
    help="Switch off a rule, pack, category or category/group. Repeatable.",
)
@click.option(
    "--enable", multiple=True, metavar="RULE|CATEGORY", help="Switch on a rule (or group) that is off. Repeatable."
)
@click.option(
    "--rules",
    "rule_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help="Folder of extra rule packs. Repeatable.",
)
@click.option(
    "--quotes", type=click.Choice(MODES), default="straight", show_default=True, help="Quote style of the output."
)
@click.option(
    "--profile",
    type=click.Choice(PROFILES),
    default="balanced",
    show_default=True,
    help="Thresholds of the heuristic detectors: precision removes least, recall most.",
)
@click.option(
    "--spin-threshold",
    type=click.IntRange(min=0),
    metavar="N",
    help="Spin score at which rules gated by it (tortured phrases) run; default: each rule's own requires_spin.",
)
@click.option(
    "--diff", is_flag=True, help="Print a diff of what would change instead of the clean text; write nothing."
)
@click.option(
    "--alarm-share",
    type=click.FloatRange(0, 1, min_open=True),
    default=ALARM_SHARE,
    show_default=True,
    help="Share of characters removed as boilerplate from which the report raises an alarm.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing output file, or the input itself.")
def clean(
    source: str,
    output: Path | None,
    report: Path | None,
    lang: str | None,
    disable: tuple[str, ...],
    enable: tuple[str, ...],
    rule_dirs: tuple[str, ...],
    quotes: str,
    profile: str,
    spin_threshold: int | None,
    diff: bool,
    alarm_share: float,
    force: bool,
) -> None:
    """Clean one article: a text file, or - for standard input."""
    cleaner = _cleaner(
        rules=rule_dirs,
        disable=disable,
        enable=enable,
        language=lang,
        quotes=quotes,
        profile=profile,
        spin_threshold=spin_threshold,
        alarm_share=alarm_share,
    )
    try:
        text, encoding = read_input(source)
    except FileNotFoundError:
        raise click.ClickException(f"no such file: {source}") from None
    except (IsADirectoryError, PermissionError) as exc:
        raise click.ClickException(f"cannot read {source}: {exc.strerror}") from None
    except DecodeError as exc:
        raise click.ClickException(f"cannot read {source}: {exc}") from None
    try:
        result = cleaner.clean(text)
    except RuleTimeoutError as exc:
        raise click.ClickException(str(exc)) from None
    result.encoding = encoding
    if diff:
        click.echo(_unified_diff(result, source), nl=False)
        return
    try:
        for target in (output, report):
            if target is not None:
                check_writable(target, [source], force)
    except OutputExistsError as exc:
        raise click.ClickException(str(exc)) from None
    if report is not None:
        write_atomic(report, json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    if output is not None:
        write_atomic(output, result.text)
    else:
        click.echo(result.text, nl=False)


@main.command()
@click.argument("reports", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--rule", "rule_id", metavar="ID", help="List every edit of this rule.")
@click.option("--doc", "doc_id", metavar="ID", help="Show this document's changes as an inline diff.")
@click.option("--html", type=click.Path(dir_okay=False, path_type=Path), help="Write a self-contained HTML page.")
@click.option(
    "--input",
    "inputs",
    multiple=True,
    type=click.Path(exists=True),
    help="The original texts (file, folder or JSON Lines) for full context. Repeatable.",
)
@click.option("--examples", default=3, show_default=True, type=click.IntRange(0), help="Examples per rule.")
@click.option(
    "--max-docs", default=200, show_default=True, type=click.IntRange(1), help="Documents the HTML page shows."
)
@click.option("--id-field", default="id", show_default=True, help="JSON Lines: the field of a document's id.")
@click.option("--report-field", default="report", show_default=True, help="JSON Lines: the field of the report.")
@click.option("--text-field", default="text", show_default=True, help="JSON Lines: the field of the text.")
@click.option("--color/--no-color", default=None, help="Colour the output (default: when it is a terminal).")
@click.option("--force", is_flag=True, help="Overwrite an existing HTML file.")
def review(
    reports: tuple[str, ...],
    rule_id: str | None,
    doc_id: str | None,
    html: Path | None,
    inputs: tuple[str, ...],
    examples: int,
    max_docs: int,
    id_field: str,
    report_field: str,
    text_field: str,
    color: bool | None,
    force: bool,
) -> None:
    """Review what cleaning removed, from reports (JSON, or JSON Lines of a batch).

    Prints per rule and category how many edits, documents and characters, with
    examples; alarmed documents come first.
    """
    source = ReportSource(reports, inputs, id_field=id_field, report_field=report_field, text_field=text_field)
    try:
        if html is not None:
            check_writable(html, list(reports) + list(inputs), force)
            page, shown, total = review_page(source, examples, max_docs)
            write_atomic(html, page)
            click.echo(f"wrote {html}: {shown} of {total} documents")
            return
        if doc_id is not None:
            lines = document_lines(source, doc_id)
        elif rule_id is not None:
            lines = rule_lines(source, rule_id)
        else:
            lines = summary_lines(source, examples)
        for line in lines:
            click.echo(line, color=color)
    except (ReportError, OutputExistsError) as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@click.argument("corpus", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The pack to write."
)
@click.option("--name", help="Pack name and rule id prefix (default: the output file's name).")
@click.option("--text-field", default="text", show_default=True, help="JSON Lines: the field of the text.")
@click.option("--id-field", default="id", show_default=True, help="JSON Lines: the field of a document's id.")
@click.option(
    "--min-docs", default=3, show_default=True, type=click.IntRange(1), help="A line must recur in this many documents."
)
@click.option(
    "--min-share",
    default=0.2,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="... and in this share of the documents.",
)
@click.option(
    "--max-words",
    default=20,
    show_default=True,
    type=click.IntRange(1),
    help="Never propose a line of more words than this that ends like a sentence.",
)
@click.option(
    "--allow",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="File of lines never to propose, one a line (# comments).",
)
@click.option("--language", default="*", show_default=True, help="The pack's language ('*': every language).")
@click.option("--force", is_flag=True, help="Overwrite an existing pack.")
def learn(
    corpus: tuple[str, ...],
    output: Path,
    name: str | None,
    text_field: str,
    id_field: str,
    min_docs: int,
    min_share: float,
    max_words: int,
    allow: Path | None,
    language: str,
    force: bool,
) -> None:
    """Learn a site's furniture from its articles (files, folders, JSON Lines) into a rule pack to review."""
    allowed = read_allow_list(allow.read_text(encoding="utf-8")) if allow else ()
    options = LearnOptions(min_docs=min_docs, min_share=min_share, max_words=max_words, allow=allowed)
    try:
        check_writable(output, list(corpus), force)
        learned = learn_rules(iter_documents(corpus, text_field=text_field, id_field=id_field), options)
        text = write_pack(learned, name or output.name.split(".", 1)[0], language)
    except (OutputExistsError, CorpusError) as exc:
        raise click.ClickException(str(exc)) from None
    except NothingLearned as exc:
        raise click.ClickException(f"{exc}; nothing written") from None
    write_atomic(output, text)
    matched, docs, total = coverage(learned)
    click.echo(
        f"{len(learned.rules)} rules from {len(learned.doc_ids)} documents; they match {matched} of {total} lines, "
        f"in {docs} documents. Wrote {output}: review it, then `cleantext rules test {output.parent}`.",
        err=True,
    )


@main.group()
def rules() -> None:
    """List, show and test rule packs."""


@rules.command("list")
@click.option(
    "--rules",
    "rule_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help="Folder of extra rule packs.",
)
def list_rules(rule_dirs: tuple[str, ...]) -> None:
    """List every pack, rule and detector: id, category/group, scope (or detector kind), action."""
    for pack in _load([shipped_rules_dir(), *rule_dirs]):
        click.echo(f"{pack.name}  [{pack.language}]  {pack.path}")
        for rule in pack.items():
            state = "" if rule.enabled else "  (off by default)"
            group = f"{rule.category}/{rule.group}" if rule.group else rule.category
            how = f"detector {rule.kind}" if isinstance(rule, Detector) else f"{rule.scope:<6} {rule.action}"
            click.echo(f"  {rule.id:<34} {group:<26} {how}{state}")


@rules.command("show")
@click.argument("rule_id")
@click.option(
    "--rules",
    "rule_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help="Folder of extra rule packs.",
)
def show_rule(rule_id: str, rule_dirs: tuple[str, ...]) -> None:
    """Show one rule or detector: its pattern (or thresholds), reason and examples."""
    for pack in _load([shipped_rules_dir(), *rule_dirs]):
        for rule in pack.items():
            if rule.id == rule_id:
                click.echo(f"id:       {rule.id}\npack:     {pack.name} ({pack.path})\nlanguage: {rule.language}")
                click.echo(f"category: {rule.category}{'/' + rule.group if rule.group else ''}")
                if isinstance(rule, Detector):
                    click.echo(f"detector: {rule.kind}\nreason:   {rule.reason}")
                    for profile in PROFILES:
                        params = ", ".join(f"{k}={v:g}" for k, v in rule.parameters(profile).items())
                        click.echo(f"{profile + ':':<11}{params}")
                else:
                    click.echo(f"scope:    {rule.scope}\naction:   {rule.action}\nreason:   {rule.reason}")
                    click.echo(f"pattern:  {rule.pattern_text}")
                    if rule.lexicon is not None:
                        click.echo(f"lexicon:  {len(rule.lexicon)} phrases")
                    if rule.requires_spin is not None:
                        click.echo(f"gated:    runs only when the spin score is at least {rule.requires_spin}")
                for ex in rule.changes:
                    click.echo(f"changes:  {ex.input!r}\n      ->  {ex.output!r}")
                for ex in rule.keeps:
                    click.echo(f"keeps:    {ex.input!r}")
                return
    raise click.ClickException(f"no rule with id {rule_id!r}")


@rules.command("test")
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False))
def test_rules(folder: str | None) -> None:
    """Run every rule's own examples (the shipped packs, or those in FOLDER)."""
    target = Path(folder) if folder else shipped_rules_dir()
    try:
        packs = [load_pack(path) for path in find_pack_files(target)]
    except PackError as exc:
        raise click.ClickException(str(exc)) from None
    failures = check_packs(packs)
    count = sum(len(r.changes) + len(r.keeps) for p in packs for r in p.items())
    for failure in failures:
        click.echo(str(failure), err=True)
    n_rules = sum(len(p.items()) for p in packs)
    click.echo(
        f"{len(packs)} packs, {n_rules} rules, {count} examples: {count - len(failures)} passed, {len(failures)} failed"
    )
    if failures:
        sys.exit(1)


def _cleaner(**options: object) -> Cleaner:
    try:
        return Cleaner(**options)  # type: ignore[arg-type]
    except PackError as exc:
        raise click.ClickException(str(exc)) from None


def _load(folders: list) -> list:
    try:
        return load_packs(folders)
    except PackError as exc:
        raise click.ClickException(str(exc)) from None


def _unified_diff(result: CleanResult, source: str) -> str:
    name = "stdin" if source == "-" else source
    lines = difflib.unified_diff(
        result.original.splitlines(keepends=True),
        result.text.splitlines(keepends=True),
        fromfile=name,
        tofile=f"{name} (cleaned)",
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
