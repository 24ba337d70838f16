"""The command line: thin click commands over the library."""

from __future__ import annotations

import difflib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from cleantext import BUILD
from cleantext.batch import MAX_INPUT_BYTES, MAX_RECORD_BYTES, failure_reason
from cleantext.config import ConfigError, UnknownName, find_config, load_config
from cleantext.corpus import CorpusError, iter_documents
from cleantext.decoding import DecodeError, check_encoding
from cleantext.document import CleanResult
from cleantext.examples import check_packs
from cleantext.files import OutputExistsError, check_writable, printable, read_bytes, write_atomic
from cleantext.lang import DEFAULT_DETECTOR, DETECTORS
from cleantext.learn import LearnOptions, coverage, learn_rules, read_allow_list
from cleantext.packs import (
    PROFILES,
    Detector,
    PackError,
    Rule,
    RuleTimeoutError,
    find_pack_files,
    load_pack,
    load_packs,
    shipped_rules_dir,
)
from cleantext.packwriter import NothingLearned, write_pack
from cleantext.pipeline import ALARM_SHARE, Cleaner
from cleantext.prefilter import Untranslatable, translate
from cleantext.reports import ReportError, ReportSource
from cleantext.review import document_lines, left_out, rule_lines, summary_lines
from cleantext.review_html import review_page
from cleantext.runner import BatchError, BatchOptions, Stopped, check_options, run_batch
from cleantext.stages.boilerplate import FOLLOWING_LINES
from cleantext.stages.quotes import MODES


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    package_name="cleantext-articles",
    prog_name="cleantext",
    message=f"%(prog)s %(version)s ({BUILD})",
)
def main() -> None:
    """Clean scraped article text and report every removal and change."""


#: Where the context keeps the config file's path, for errors that name it.
CONFIG_PATH = "cleantext.config"
#: The command-line parameters of the Cleaner's options whose names differ.
_PARAMS = {"language": "lang"}


def _use_config(ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path | None:
    """Eager: read the config file (given, or the nearest) into the defaults of the other options."""
    try:
        path = value or find_config()
        if path is not None:
            ctx.default_map = {**(ctx.default_map or {}), **load_config(path)}
            ctx.meta[CONFIG_PATH] = path
    except ConfigError as exc:
        raise click.UsageError(str(exc), ctx) from None
    return path


def _size_limit(flag: str, default: int, text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """An option for a limit in bytes."""
    return click.option(flag, type=click.IntRange(min=1), default=default, show_default=True, metavar="N", help=text)


@main.command()
@click.argument("sources", metavar="FILE|DIR|-...", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the clean text here (default: stdout). With --jsonl, every record goes here.",
)
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write one output per input here, mirroring the input folders.",
)
@click.option(
    "--report", type=click.Path(dir_okay=False, path_type=Path), help="Write the JSON report of one article here."
)
@click.option("--report-beside", is_flag=True, help="Write each output's report beside it (NAME.report.json).")
@click.option(
    "--report-jsonl",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write every document's report to this JSON Lines file, one line each, in input order.",
)
@click.option("--jsonl", is_flag=True, help="Inputs are JSON Lines: one record with a text field per line.")
@click.option("--text-field", default="text", show_default=True, help="The field that holds a record's text.")
@click.option("--id-field", default="id", show_default=True, help="The field that holds a record's id.")
@click.option("--output-field", help="Put the clean text in this field (default: replace the text field).")
@click.option("--report-field", help="Attach each record's report to it, in this field.")
@click.option(
    "--glob",
    "globs",
    multiple=True,
    metavar="PATTERN",
    help="Files to take from folders (repeatable; default *.txt, or *.jsonl with --jsonl, each also .gz).",
)
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Clean in this many processes (default: all cores).")
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local processes, or a Dask cluster (JSON Lines shards, with --output-dir).",
)
@click.option("--scheduler", metavar="ADDRESS", help="The Dask scheduler to use with --engine dask.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary on stderr.")
@click.option("--resume", is_flag=True, help="Skip inputs whose outputs already exist (a run cut short goes on).")
@click.option("--lang", metavar="CODE", help="Language of the text (skips detection), e.g. en, de.")
@click.option(
    "--encoding",
    metavar="NAME",
    callback=lambda _ctx, _param, name: _encoding(name),
    help="Encoding of the inputs, e.g. cp1252 (default: UTF-8, bad bytes replaced, or the encoding detected).",
)
@click.option(
    "--detector",
    type=click.Choice(DETECTORS),
    default=DEFAULT_DETECTOR,
    show_default=True,
    help="Language detector (each asks the next, more careful one when unsure: cld2, py3langid, langdetect).",
)
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
@click.option("--force", is_flag=True, help="Overwrite existing outputs, or an input itself.")
@_size_limit("--max-record-bytes", MAX_RECORD_BYTES, "A larger record (JSON line, text file) fails alone.")
@_size_limit("--max-input-bytes", MAX_INPUT_BYTES, "An input larger than this once gunzipped breaks off there.")
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    is_eager=True,
    expose_value=False,
    callback=_use_config,
    help="Options file (default: the nearest cleantext.toml, or pyproject.toml with [tool.cleantext]).",
)
def clean(sources: tuple[str, ...], **options: Any) -> None:
    """Clean articles: text files, folders of them, JSON Lines files, or - for standard input.

    One input prints the clean text (or writes it with -o); several inputs or a
    folder need --output-dir. A document that fails is reported on stderr and
    the rest go on; the exit code is 1 if any failed.
    """
    run = BatchOptions.from_cli(options)
    if run.engine == "dask" and _from_config("jobs"):
        run.jobs = None  # a project's usual --jobs is for local runs; on Dask the workers decide
    try:
        check_options(list(sources), run)
    except BatchError as exc:
        raise click.ClickException(str(exc)) from None
    cleaner = _cleaner(
        rules=run.rule_dirs,
        disable=run.disable,
        enable=run.enable,
        language=run.lang,
        quotes=run.quotes,
        detector=run.detector,
        profile=run.profile,
        spin_threshold=run.spin_threshold,
        alarm_share=run.alarm_share,
        encoding=options["encoding"],
    )
    if run.diff:
        _diff_one(cleaner, sources)
        return
    try:
        failed = run_batch(cleaner, list(sources), run)
    except (OutputExistsError, BatchError) as exc:
        raise click.ClickException(printable(str(exc))) from None
    except OSError as exc:  # a full disk: everything unfinished was thrown away
        where = f"{exc.filename}: " if exc.filename else ""
        raise click.ClickException(printable(f"{where}{exc.strerror or exc}; unfinished outputs removed")) from None
    except Stopped as exc:
        click.echo(f"cleantext: stopped by {exc}; unfinished outputs removed", err=True)
        sys.exit(128 + exc.signum)
    if failed:
        sys.exit(1)


def _encoding(name: str | None) -> str | None:
    """The codec's name for --encoding; one Python does not know is a usage error."""
    try:
        return None if name is None else check_encoding(name)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _from_config(param: str) -> bool:
    """Whether a parameter's value came from the config file rather than the command line."""
    return click.get_current_context().get_parameter_source(param) == click.core.ParameterSource.DEFAULT_MAP


def _diff_one(cleaner: Cleaner, sources: tuple[str, ...]) -> None:
    if len(sources) != 1 or (sources[0] != "-" and Path(sources[0]).is_dir()):
        raise click.UsageError("--diff takes one article")
    source = sources[0]
    try:
        result = cleaner.clean(read_bytes(source))  # decoded in the Cleaner's --encoding
    except (OSError, DecodeError, RuleTimeoutError) as exc:
        raise click.ClickException(f"{source}: {failure_reason(exc)}") from None
    click.echo(_unified_diff(result, source), nl=False)


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
            page, shown, total, malformed = review_page(source, examples, max_docs)
            write_atomic(html, page)
            click.echo(f"wrote {html}: {shown} of {total} documents")
            left_out(malformed)
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


F = TypeVar("F", bound=Callable[..., Any])


def _threshold(name: str, default: float, kind: click.ParamType, help: str) -> Callable[[F], F]:
    """A threshold option of `cleantext learn`, its default that of :class:`LearnOptions`."""
    return click.option(name, default=default, show_default=True, type=kind, help=help)


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
@_threshold("--min-share", LearnOptions.min_share, click.FloatRange(0, 1), "... and in this share of the documents.")
@_threshold(
    "--slot-min-share",
    LearnOptions.slot_min_share,
    click.FloatRange(0, 1),
    "A line with slots must recur in this share of the documents per slot.",
)
@_threshold(
    "--edge-lines",
    LearnOptions.edge_lines,
    click.IntRange(0),
    "An article's first and last this many own lines are its edges (headline, lede, closing).",
)
@_threshold(
    "--edge-min-share",
    LearnOptions.edge_min_share,
    click.FloatRange(0, 1),
    "A line found at the edges is proposed only as the same line in this share of the documents.",
)
@_threshold(
    "--max-words",
    LearnOptions.max_words,
    click.IntRange(1),
    "Never propose a line of more words than this that ends like a sentence.",
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
    slot_min_share: float,
    edge_lines: int,
    edge_min_share: float,
    max_words: int,
    allow: Path | None,
    language: str,
    force: bool,
) -> None:
    """Learn a site's furniture from its articles (files, folders, JSON Lines) into a rule pack to review."""
    allowed = read_allow_list(allow.read_text(encoding="utf-8")) if allow else ()
    options = LearnOptions(
        min_docs=min_docs,
        min_share=min_share,
        slot_min_share=slot_min_share,
        edge_lines=edge_lines,
        edge_min_share=edge_min_share,
        max_words=max_words,
        allow=allowed,
    )
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
                    click.echo(f"scope:    {rule.scope}{_scope_note(rule)}\naction:   {rule.action}")
                    click.echo(f"reason:   {rule.reason}\npattern:  {rule.pattern_text}")
                    click.echo(f"prefilter: {_prefilter_note(rule)}")
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


def _scope_note(rule: Rule) -> str:
    """The condition a ``run`` or ``rest`` rule adds to its match, in words."""
    if rule.scope == "run":
        return f" (only in a run of at least {rule.min_run} lines in a row)"
    if rule.scope == "rest":
        words = "" if rule.after_prose_words is None else f", or {rule.after_prose_words} words of prose"
        if rule.followed_by is not None:
            words += f" with a line that 'followed_by' matches among the next {FOLLOWING_LINES}"
        return f" (only after {rule.after_share:g} of the text's words{words})"
    return ""


def _prefilter_note(rule: Rule) -> str:
    """Whether RE2 rules out texts for the rule's pattern or phrases (see cleantext.prefilter), or why not."""
    where = "text" if rule.scope == "inline" else "line"
    if rule.searched is None:
        return f"none: tried on every {where} (a lexicon too large for one pattern)"
    try:
        translate(rule.searched, anywhere=rule.scope == "inline")
    except Untranslatable as exc:
        return f"none: tried on every {where} ({exc})"
    return f"RE2: tried only on a {where} where its RE2 superset matches"


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
    except UnknownName as exc:
        raise _bad_name(exc) from None
    except PackError as exc:
        raise click.ClickException(str(exc)) from None


def _bad_name(exc: UnknownName) -> click.UsageError:
    """The usage error for an unknown language or rule name: it names the option, or the config file and key."""
    param = _PARAMS.get(exc.option, exc.option)
    if _from_config(param):
        return click.UsageError(f"{click.get_current_context().meta[CONFIG_PATH]}: {param!r}: {exc}")
    return click.BadParameter(str(exc), param_hint=f"'--{param}'")


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


if __name__ == "__main__":
    main()
