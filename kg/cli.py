"""The `kg` command: each subcommand parses options, calls one library function, prints the result."""
from __future__ import annotations

import contextlib
import functools
import json
import logging
import re
import signal
import sys
from collections import Counter
from dataclasses import asdict, fields
from pathlib import Path

import click

from kg.engine import EmbeddedEngine, GraphFileEngine, Limits, QueryResult, open_engine
from kg.errors import KGError
from kg.evaluate import evaluate
from kg.library import (
    ALL_ROWS,
    get_question,
    literal,
    load_questions,
    question_list,
    parse_assignments,
)
from kg.library import ask as run_question
from kg.loaders import LOADERS, Filters, LoadReport
from kg.model import MinConfidence
from kg.native import extraction_build
from kg.output import (
    csv_text,
    format_table,
    json_lines,
    json_text,
    printable,
    streamed_lines,
    terminal_width,
    wrapped,
)
from kg.pipeline import build as build_graph_file
from kg.pipeline import extract_to_jsonl
from kg.quality import WEAK_CONFIDENCE, graph_quality
from kg.questions import SharedBenchmarks, graph_stats
from kg.questions import shared_benchmarks as find_shared_benchmarks
from kg.store.export import EXPORT_FORMATS, export_graph
from kg.store.file import SIDE_KINDS, read_graph, reading_graph, side_files, write_graph
from kg.store.merge import merge_graph_files
from kg.store.neo4j import Neo4jEngine, neo4j_settings, pull, push, server_info
from kg.viz import FOCUS_TYPES, MAX_NODES, ViewChoice, write_page

for library in ("neo4j", "bibtexparser"):  # their problems reach the user as `Error: …` or `warning: FILE:LINE: …`
    logging.getLogger(library).addHandler(logging.NullHandler())

GRAPH_OPTION = click.option("-g", "--graph", "graph_path", default="kg-graph.jsonl", show_default=True,
                            help="Graph file written by `kg build`.")
TAGGER_OPTION = click.option("--tagger", is_flag=True,
                             help="Add the learned tagger to the rules: more names found, much slower "
                                  "(see docs/extraction.md).")
def min_confidence_value(ctx, param, value):
    """--min-confidence as a MinConfidence, or a usage error saying what is wrong."""
    try:
        return MinConfidence.of(value)
    except ValueError as err:
        raise click.BadParameter(f"{value!r}: {err}") from None


MIN_CONFIDENCE_OPTION = click.option(
    "--min-confidence", default="0", show_default=True, metavar="C|TYPE=C,...", callback=min_confidence_value,
    help="Leave out mentions (and links) of confidence below C, for every type or per type (dataset, task, "
         "method, metric, repo): 'dataset=0.7' keeps vocabulary datasets and those a paper says it introduces, "
         "for fewer wrong datasets per paper (see docs/extraction.md).")
NO_WAIT_OPTION = click.option("--no-wait", is_flag=True,
                              help="Fail at once when another kg process is writing OUTPUT, instead of waiting.")
WORKERS_OPTION = click.option(
    "-j", "--workers", type=click.IntRange(0), default=0, show_default=True, metavar="N",
    help="Extract on N processes (0: one per core; inputs under 1,000 papers use one). The output is the same "
         "whatever N.")
PARAM_OPTION = click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
                            help="A query parameter ($NAME); repeat for more.")


WIDE_OPTION = click.option("--wide", is_flag=True, help="Print every value whole, however wide the table (by "
                                                         "default it fits the terminal, or 100 columns).")


def result_options(command):
    """--json, --csv and --wide for commands that print query rows."""
    command = WIDE_OPTION(command)
    command = click.option("--csv", "as_csv", is_flag=True, help="Print CSV with a header.")(command)
    return click.option("--json", "as_json", is_flag=True, help="Print JSON lines, one row a line.")(command)


def neo4j_options(command):
    """--uri/--user/--password/--database, each defaulting to the variable Neo4j users already set."""
    for option in reversed([
        click.option("--uri", envvar="NEO4J_URI", help="Neo4j address, e.g. neo4j://localhost:7687 [NEO4J_URI]."),
        click.option("--user", envvar="NEO4J_USERNAME", help="User [NEO4J_USERNAME; default neo4j]."),
        click.option("--password", envvar="NEO4J_PASSWORD", help="Password [NEO4J_PASSWORD]."),
        click.option("--database", envvar="NEO4J_DATABASE", help="Database [NEO4J_DATABASE; default: the server's]."),
    ]):
        command = option(command)
    return command


def query_target(command):
    """-g GRAPH, or --neo4j and the connection options: the command gets `engine`, which opens the one chosen."""
    @functools.wraps(command)
    def wrapper(*args, graph_path, use_neo4j, uri, user, password, database, **kwargs):
        def engine():
            if use_neo4j:
                return Neo4jEngine(neo4j_settings(uri, user, password, database))
            return open_engine(graph_path)
        engine.graph_file = None if use_neo4j else graph_path  # what a command says of the file (kg stats)
        with contextlib.nullcontext() if use_neo4j else reading_graph(graph_path):
            return command(*args, engine=engine, **kwargs)
    wrapper = neo4j_options(wrapper)
    wrapper = click.option("--neo4j", "use_neo4j", is_flag=True,
                           help="Ask the Neo4j server (--uri or NEO4J_URI) instead of the graph file.")(wrapper)
    return GRAPH_OPTION(wrapper)


def input_options(command):
    """How SOURCES are read: --format, --category, --since, --rejects, --strict, --quiet. The command gets
    `source_format`, `report` (a LoadReport writing rejects) and `filters`."""
    @functools.wraps(command)
    def wrapper(*args, source_format, categories, since, rejects, strict, quiet, **kwargs):
        if since and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", since):
            raise click.BadParameter(f"{since!r}: write the date as YYYY-MM-DD", param_hint="--since")
        report = LoadReport(warn=warning_printer(quiet), strict=strict, progress=None if quiet else print_progress)
        with click.open_file(rejects, "w", encoding="utf-8") if rejects else contextlib.nullcontext() as out:
            report.rejects = out
            return command(*args, source_format=source_format, report=report,
                           filters=Filters(tuple(categories), since or ""), **kwargs)
    for option in reversed([
        click.option("--format", "source_format", type=click.Choice(sorted(LOADERS)),
                     help="Read every SOURCE in this format (default: by extension and content)."),
        click.option("--category", "categories", multiple=True, metavar="PATTERN",
                     help="Keep papers in a matching category, e.g. 'cs.*' (repeat for more)."),
        click.option("--since", metavar="YYYY-MM-DD", help="Keep papers dated on or after this day."),
        click.option("--rejects", metavar="FILE", help="Write each skipped record there (JSON lines: source, "
                                                       "line, reason, record)."),
        click.option("--strict", is_flag=True, help="Stop at the first bad record instead of skipping it."),
        click.option("-q", "--quiet", is_flag=True, help="Do not print warnings about skipped records."),
    ]):
        wrapper = option(wrapper)
    return wrapper


def reports_errors(command):
    """Turn kg's own errors into `Error: ...` and exit code 1."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except KGError as err:
            raise click.ClickException(printable(str(err))) from err
    return wrapper


def warning_printer(quiet: bool):
    """A LoadReport callback printing each skipped record to stderr."""
    return None if quiet else (lambda problem: click.echo(printable(f"warning: {problem}"), err=True))


def progress_bar(label: str):
    """A progress bar on stderr, hidden when stderr is not a terminal."""
    def wrap(papers):
        with click.progressbar(papers, label=label, file=sys.stderr, show_pos=True) as bar:
            yield from bar
    return wrap


def print_result(result: QueryResult, as_json: bool, as_csv: bool, wide: bool = False) -> None:
    """Rows to stdout (a table fitting the terminal, or whole with `wide`; JSON lines or CSV); the engine's
    warnings and "no rows" to stderr."""
    for warning in result.warnings:
        click.echo(printable(f"warning: {warning}"), err=True)
    if as_json or as_csv:
        text = json_lines(result) if as_json else csv_text(result)
        if text:
            click.echo(text)
    elif result.rows:
        click.echo(format_table(result, wide=wide))
    if not result.rows:
        click.echo("no rows", err=True)


def print_notice(text: str) -> None:
    """A line on stderr saying what the command waits for."""
    click.echo(printable(text), err=True)


def print_progress(records: int, seconds: float) -> None:
    """A loading progress line on stderr."""
    click.echo(f"reading: {records:,} records ({records / max(seconds, 1e-9):,.0f}/s)", err=True)


def print_report(report: LoadReport) -> None:
    """The loading summary on stderr."""
    filtered = f", {report.filtered} left out by the filters" if report.filtered else ""
    not_papers = f", {report.not_papers} leaderboard rows without a paper" if report.not_papers else ""
    click.echo(f"read {report.papers} papers ({report.merged} duplicates merged, {report.skipped} records skipped"
               f"{filtered}{not_papers})", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg", message=f"%(prog)s %(version)s (extraction: {extraction_build()})")
def cli():
    """Turn research-paper listings into a knowledge graph of papers, datasets, tasks, methods and code.

    \b
    Example:
      kg build seeds/*.txt -o kg-graph.jsonl
      kg shared-benchmarks -g kg-graph.jsonl
      kg viz -g kg-graph.jsonl -o viz/seeds.html
    """
    with contextlib.suppress(ValueError):  # only the main thread may set it (not a CliRunner in a thread)
        signal.signal(signal.SIGTERM, stop)


def stop(signum, frame) -> None:
    """SIGTERM ends the command as an exception does: temporary files are removed, workers stopped."""
    raise SystemExit(128 + signum)


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("-o", "--output", default="kg-graph.jsonl", show_default=True,
              help="Graph file to write (JSON lines; .graphml for Gephi/Cytoscape).")
@input_options
@TAGGER_OPTION
@MIN_CONFIDENCE_OPTION
@WORKERS_OPTION
@click.option("--append", is_flag=True, help="Add the papers to the graph file OUTPUT instead of replacing it (a "
                                             "paper already there gains the new sources); again changes nothing.")
@NO_WAIT_OPTION
@reports_errors
def build(sources, output, source_format, report, filters, tagger, min_confidence, workers, append, no_wait):
    """Load SOURCES, extract entities, build the graph and save it.

    \b
    Example:
      kg build seeds/*.txt -o kg-graph.jsonl
      kg build tomorrow.txt -o kg-graph.jsonl --append
    """
    result = build_graph_file(sources, output, source_format, report, progress_bar("extracting"), filters, tagger,
                              min_confidence, workers, append, wait=not no_wait, notice=print_notice)
    print_report(report)
    if append:
        click.echo(f"added {report.papers - result.already_there} papers ({result.already_there} already in the "
                   f"graph)")
    print_written(result.path, result.counts, result.relationships)


def print_written(path, counts: dict[str, int], relationships: int) -> None:
    """The summary line of a graph file written."""
    labels = ", ".join(f"{n} {label}" for label, n in sorted(counts.items()))
    click.echo(f"wrote {path}: {sum(counts.values())} nodes ({labels}), {relationships} relationships")


@cli.command()
@click.argument("parts", nargs=-1, required=True)
@click.option("-o", "--output", default="kg-graph.jsonl", show_default=True, help="Graph file to write.")
@NO_WAIT_OPTION
@reports_errors
def merge(parts, output, no_wait):
    """Merge graph files built apart (shards of the inputs) into one, in the order given.

    The result is the graph one build of all the inputs makes, citations between the parts included;
    a paper in several parts is one node. OUTPUT may be one of the PARTS.

    \b
    Example:
      kg build shard-1.jsonl -o part-1.jsonl   # on any machine, one job per shard
      kg merge part-*.jsonl -o kg-graph.jsonl
    """
    result = merge_graph_files(parts, output, wait=not no_wait, notice=print_notice)
    if result.papers_in_several_parts:
        click.echo(f"{result.papers_in_several_parts} papers were in more than one part", err=True)
    print_written(result.path, result.counts, result.relationships)


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("-o", "--output", default="-", show_default=True, help="JSON-lines file to write (- for stdout).")
@input_options
@TAGGER_OPTION
@MIN_CONFIDENCE_OPTION
@WORKERS_OPTION
@reports_errors
def extract(sources, output, source_format, report, filters, tagger, min_confidence, workers):
    """Extract entities only: one JSON line per paper, {"id", "title", "entities": [...]}.

    Each entity has type, name (canonical), mention (as written), start/end offsets into the
    abstract (or the title, where field is "title"), role, confidence, extractor and sentence.

    \b
    Example:
      kg extract papers.jsonl -o pred.jsonl
    """
    with click.open_file(output, "w", encoding="utf-8") as stream:
        lines = extract_to_jsonl(sources, stream, source_format, report, progress_bar("extracting"), filters,
                                 tagger, min_confidence, workers)
    print_report(report)
    click.echo(f"wrote {lines} lines to {output}", err=True)


@cli.command("eval")
@click.argument("sources", nargs=-1)
@click.option("--gold", required=True, metavar="FILE",
              help='Gold labels: JSON lines {"id", "abstract", "mentions": [{"type", "text"}], "datasets"?}.')
@click.option("--pred", metavar="FILE", help="Score this extraction output (`kg extract`) instead of extracting.")
@TAGGER_OPTION
@MIN_CONFIDENCE_OPTION
@click.option("--errors", metavar="FILE", type=click.Path(dir_okay=False, writable=True),
              help='Write each error as a JSON line {"id", "type", "error": "missed"|"wrong", "text"}.')
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@reports_errors
def evaluate_command(sources, gold, pred, tagger, min_confidence, errors, as_json):
    """Precision, recall and F1 of extraction against gold labels, per type.

    Extracts SOURCES (default: the gold file's own titles and abstracts) and counts as the project's
    scorer does: mentions lenient (word overlap >= 1/2) and strict (same normalised text); with gold
    `datasets`, datasets per paper and pairs of papers sharing a dataset.

    With --errors, the gold names missed and the predicted ones counted wrong (lenient mentions, and
    datasets per paper) go to FILE, record by record.

    \b
    Example:
      kg eval --gold labels.jsonl --errors misses.jsonl
    """
    with click.open_file(errors, "w", encoding="utf-8") if errors else contextlib.nullcontext() as stream:
        scores = evaluate(gold, list(sources), pred, tagger, LoadReport(warn=warning_printer(False)),
                          progress_bar("extracting"), min_confidence, stream)
    if errors:
        click.echo(f"wrote the errors to {errors}", err=True)
    if as_json:
        click.echo(json.dumps({name: s.as_dict() for name, s in scores.items()}))
        return
    rows = [{"score": name, "P": f"{s.precision:.3f}", "R": f"{s.recall:.3f}", "F1": f"{s.f1:.3f}",
             "tp": s.tp, "fp": s.fp, "fn": s.fn} for name, s in scores.items()]
    click.echo(format_table(QueryResult(["score", "P", "R", "F1", "tp", "fp", "fn"], rows, [])))


@cli.command()
@query_target
@click.option("--top", default=10, show_default=True, help="How many datasets, tasks and methods to list.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@reports_errors
def stats(engine, top, as_json):
    """Counts per label and relationship type, and the most linked datasets, tasks and methods.

    \b
    Example:
      kg stats -g kg-graph.jsonl
    """
    result = graph_stats(engine(), top)
    if as_json:
        click.echo(json_text(result))
        return
    for section in ("nodes", "relationships"):
        click.echo(f"{section}:")
        for name, count in result[section].items():
            click.echo(f"  {name:<20} {count:>7}")
    for label, rows in result["top"].items():
        click.echo(f"top {label.lower()}s (papers):")
        for name, count in rows:
            click.echo(printable(f"  {count:>4}  {name}"))
    if engine.graph_file:
        print_side_files(engine.graph_file)


def print_side_files(graph_file: str) -> None:
    """What the hidden files beside the graph file are, and which may be deleted."""
    found = side_files(graph_file)
    if not found:
        return
    kinds = Counter(kind for _, kind in found)
    safe = [f"{n} {kind.what.split(' (')[0]}{'s' if n > 1 else ''}" for kind, n in
            sorted(kinds.items(), key=lambda item: SIDE_KINDS.index(item[0]) if item[0] in SIDE_KINDS else 99)
            if kind.deletable]
    click.echo(printable(f"beside {graph_file} (hidden, .{Path(graph_file).name}.*): {', '.join(safe) or 'nothing'}"))
    if safe:
        click.echo("  caches and locks: kg works without them, so they may be deleted while no kg command runs")
    for side, kind in found:
        if not kind.deletable:
            click.echo(printable(f"  {side.name}: {kind.what}"))


@cli.command()
@query_target
@click.option("--top", default=15, show_default=True, help="How many weak nodes and look-alike groups to list per type.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: every weak node and group.")
@WIDE_OPTION
@reports_errors
def quality(engine, top, as_json, wide):
    """The graph's weak spots: per type, the nodes one unsure mention supports, and groups of names that look
    like one entity (to review, merge in a vocabulary, or leave out with --min-confidence).

    \b
    Example:
      kg quality -g kg-graph.jsonl
    """
    report = graph_quality(engine())
    if as_json:
        click.echo(json_text([asdict(q) for q in report]))
        return
    for q in report:
        click.echo(f"{q.label}: {q.nodes} nodes, {len(q.weak)} weak (one link, confidence < {WEAK_CONFIDENCE}), "
                   f"{len(q.look_alike)} look-alike groups, {q.without_papers} without papers (families only)")
        rows = [{"weak node": n.name, "confidence": f"{n.confidence:.2f}", "evidence": n.evidence} for n in q.weak]
        if rows:
            print_result(QueryResult(["weak node", "confidence", "evidence"], rows[:top], []), False, False, wide)
        groups = [{"look-alike names": " | ".join(group)} for group in q.look_alike]
        if groups:
            print_result(QueryResult(["look-alike names"], groups[:top], []), False, False, wide)
        click.echo("")


@cli.command("shared-benchmarks")
@query_target
@click.option("--paper", help="Only pairs with this paper (its id, its title, or a unique part of the title).")
@click.option("--min-shared", type=click.IntRange(1), help="Least number of shared datasets in a pair (default: 1 "
                                                          "with --paper, else 2).")
@click.option("--limit", default=20, show_default=True, help="Most pairs to print (0: all).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines, one pair a line.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV with a header, one pair a row.")
@WIDE_OPTION
@reports_errors
def shared_benchmarks(engine, paper, min_shared, limit, as_json, as_csv, wide):
    """Pairs of papers that use the same datasets/benchmarks: most shared first, then those whose rarest shared
    dataset has fewest papers.

    \b
    Example:
      kg shared-benchmarks -g kg-graph.jsonl --min-shared 2
      kg shared-benchmarks --min-shared 1 --limit 50
      kg shared-benchmarks --paper "DAFormer"
    """
    rows = find_shared_benchmarks(engine(), paper, min_shared, limit or None)
    if as_json or as_csv:
        found = [{k: list(v) if isinstance(v, tuple) else v for k, v in asdict(row).items()} for row in rows]
        columns = list(found[0]) if found else [f.name for f in fields(SharedBenchmarks)]
        text = json_lines(QueryResult(columns, found)) if as_json else csv_text(QueryResult(columns, found))
        if text:
            click.echo(text)
        return
    if not rows:
        click.echo("no pairs of papers share a dataset" + (f" with {paper!r}" if paper else ""), err=True)
        return
    for row in rows:
        click.echo(indented(f"{row.shared:<3}", row.title_a, wide))
        click.echo(indented("", row.title_b, wide))
        click.echo(indented("", f"shared: {', '.join(row.datasets)}", wide))


def indented(first: str, text: str, wide: bool, indent: int = 3) -> str:
    """`text` after `first` (padded to `indent`), whole: wrapped at spaces onto lines as indented that fit
    the terminal, or on one line with `wide`."""
    text = printable(" ".join(text.split()))
    lines = [text] if wide else wrapped(text, max(terminal_width() - indent, 20))
    return "\n".join((first if i == 0 else "").ljust(indent) + line for i, line in enumerate(lines))


@cli.command()
@click.argument("dataset")
@query_target
@click.option("--limit", default=50, show_default=True, help="Most results to print (0: all).")
@result_options
@reports_errors
def leaderboard(dataset, engine, limit, as_json, as_csv, wide):
    """Results papers have on DATASET (its name, id or a spelling) and its versions, best first.

    Results are ranked within each version (`variant`: ImageNet apart from ImageNet-21k) and metric;
    `extra_data` names training data beyond the dataset's ("pre-trained on ImageNet-22k"). They are read
    from the papers' abstracts ("84.8% top-1 accuracy on ImageNet-1k", self-reported, not checked) or
    from Papers with Code evaluation tables given to `kg build` (`model` names the table's row).

    \b
    Example:
      kg leaderboard ImageNet -g kg-graph.jsonl
    """
    result = run_question(engine(), "leaderboard", {"dataset": dataset, "limit": limit or ALL_ROWS})
    print_result(result if as_json or as_csv or wide else board_table(result), as_json, as_csv, wide)
    if limit and len(result.rows) == limit:
        click.echo(f"note: the first {limit} results (by version, metric and value); --limit 0 shows all",
                   err=True)


def board_table(result: QueryResult) -> QueryResult:
    """A leaderboard for the terminal: the dataset (the one asked for), the unit (joined to its value), the
    paper's id (its title is there) and the columns empty in every row left out, so the others have room."""
    columns = [c for c in result.columns if c not in ("dataset", "unit", "paper")
               and any(row.get(c) not in (None, "") for row in result.rows)]
    rows = [{**{c: row.get(c) for c in columns}, "value": f"{row.get('value')}{row.get('unit') or ''}"}
            for row in result.rows]
    return QueryResult(columns, rows, result.warnings)


@cli.command()
@click.argument("query", required=False)
@click.option("-f", "--file", "query_file", type=click.File(encoding="utf-8"), help="Read the query from FILE.")
@PARAM_OPTION
@query_target
@result_options
@click.option("--max-rows", type=click.IntRange(0), default=1_000_000, show_default=True, metavar="N",
              help="Most rows the engine holds at once: a result with more is an error saying so (0: no limit). "
                   "Rows are printed as they are read with --json and --csv.")
@click.option("--timeout", type=click.FloatRange(0), default=180, show_default=True, metavar="SECONDS",
              help="Stop a query that runs longer (0: no limit).")
@reports_errors
def cypher(query, query_file, params, engine, as_json, as_csv, wide, max_rows, timeout):
    """Run a Cypher query on the graph. Parameter values are read as JSON when they parse (numbers,
    lists, true/false), else as text; quote a value to keep it text: -p id='"2103.14030"'.

    \b
    Example:
      kg cypher "MATCH (d:Dataset)<-[:USES_DATASET]-(p) RETURN d.name, count(p) AS papers ORDER BY papers DESC LIMIT 5"
      kg cypher 'MATCH (d:Dataset {name: $name})<--(p:Paper) RETURN p.title' -p name=COCO --json
      kg cypher -f query.cypher --csv
    """
    if (query is None) == (query_file is None):
        raise click.UsageError("give a QUERY or -f FILE (one of them)")
    text = query if query is not None else query_file.read()
    values = {name: literal(value) for name, value in parse_assignments(params).items()}
    chosen = engine()
    if not isinstance(chosen, (GraphFileEngine, EmbeddedEngine)):  # Neo4j: its own limits
        print_result(chosen.run(text, values), as_json, as_csv, wide)
        return
    found = chosen.stream(text, values, Limits(max_rows, timeout))
    if not (as_json or as_csv):  # a table is as wide as its widest cell: every row first
        print_result(QueryResult(found.columns, list(found.rows), found.warnings), as_json, as_csv, wide)
        return
    for warning in found.warnings:
        click.echo(printable(f"warning: {warning}"), err=True)
    lines = 0
    for lines, line in enumerate(streamed_lines(found, as_json), 1):
        click.echo(line)
    if lines == (0 if as_json else 1):
        click.echo("no rows", err=True)


@cli.command()
@click.argument("name", required=False)
@PARAM_OPTION
@query_target
@click.option("--list", "list_questions", is_flag=True, help="List the questions and what they answer.")
@click.option("--show", is_flag=True, help="Print the question's Cypher instead of running it.")
@result_options
@reports_errors
def ask(name, params, engine, list_questions, show, as_json, as_csv, wide):
    """Ask a ready-made question of the graph, from the library kg ships (`--list` names each with its parameters).

    \b
    Example:
      kg ask --list
      kg ask papers-on-dataset -p dataset=ImageNet
      kg ask similar-papers -p paper="Swin Transformer: Hierarchical" --json
      kg ask methods-on-dataset --show
    """
    if list_questions:
        print_result(question_list(structured=as_json), as_json, as_csv, wide)
        return
    if not name:
        raise click.UsageError("name a question, or list them with --list")
    if show:
        click.echo(get_question(name).text.rstrip())
        return
    print_result(run_question(engine(), name, parse_assignments(params)), as_json, as_csv, wide)


@cli.command()
@GRAPH_OPTION
@click.option("-o", "--output", default="kg-graph.html", show_default=True, help="HTML page to write.")
@click.option("--focus", help="Draw the neighbourhood of this node (id, name, or paper title).")
@click.option("--hops", default=1, show_default=True, help="With --focus: how many links away to draw.")
@click.option("--type", "focus_type", type=click.Choice(FOCUS_TYPES),
              help="With --focus: the node's type, when the name is also another type's (e.g. a paper and a method).")
@click.option("--dataset", help="Draw a benchmark: this dataset, its papers and their methods.")
@click.option("--shared", "min_shared", type=int, help="Draw papers linked by the benchmarks they share, at least "
                                                       "this many (the 2,000 papers with the most datasets).")
@click.option("--papers-datasets", is_flag=True, help="Draw papers and datasets only.")
@click.option("--max-nodes", default=MAX_NODES, show_default=True,
              help="Above this many nodes, keep the most linked (the page says what it left out).")
@reports_errors
def viz(graph_path, output, focus, hops, focus_type, dataset, min_shared, papers_datasets, max_nodes):
    """Write an interactive HTML page of the graph or of one view of it (works offline).

    Up to 600 nodes the page arranges itself; larger views are laid out beforehand with clusters
    apart. When a --focus name matches several nodes, the most linked is drawn and stderr says
    which and what else matched (--type or an id chooses another).

    \b
    Example:
      kg viz -g kg-graph.jsonl -o viz/seeds.html
      kg viz --focus "dataset:cityscapes" --hops 2 -o cityscapes.html
      kg viz --focus DAFormer --type Method -o daformer-method.html
      kg viz --dataset ImageNet -o imagenet.html
      kg viz --shared 2 -o shared.html
    """
    choice = ViewChoice(focus, hops, dataset, min_shared, papers_datasets, focus_type)
    with reading_graph(graph_path):
        path = write_page(graph_path, output, choice, max_nodes, lookup=lambda: open_engine(graph_path),
                          notify=lambda text: click.echo(printable(f"note: {text}"), err=True))
    click.echo(f"wrote {path}")


@cli.command()
@GRAPH_OPTION
@click.option("-o", "--output", required=True, help="File (or folder, for neo4j-admin) to write.")
@click.option("--format", "graph_format", type=click.Choice(EXPORT_FORMATS),
              help="Default: by the extension (.graphml, .cypher, else JSON).")
@reports_errors
def export(graph_path, output, graph_format):
    """Write the graph in another format: GraphML (Gephi, Cytoscape), node-link JSON (NetworkX, d3), CSV files for
    `neo4j-admin database import` (the fastest way to a large graph in Neo4j; the command is printed and
    kg's schema.cypher written beside the files), or a script for `cypher-shell`.

    \b
    Example:
      kg export -g kg-graph.jsonl -o kg-graph.graphml
      kg export -g kg-graph.jsonl --format node-link -o kg-graph.node-link.json
      kg export -g kg-graph.jsonl --format neo4j-admin -o neo4j-import/
      kg export -g kg-graph.jsonl -o kg-graph.cypher
    """
    with reading_graph(graph_path):
        graph = read_graph(graph_path)
    click.echo(export_graph(graph, output, graph_format))


@cli.group()
def neo4j():
    """Neo4j connection: `kg neo4j check`."""


@neo4j.command()
@neo4j_options
@reports_errors
def check(uri, user, password, database):
    """Connect to Neo4j and print the server's address, version and edition.

    \b
    Example:
      NEO4J_URI=neo4j://localhost:7687 NEO4J_PASSWORD=secret kg neo4j check
    """
    info = server_info(neo4j_settings(uri, user, password, database))
    click.echo(f"{info['address']}: {info['name']} {info['version']} {info['edition']} edition, "
               f"database {info['database']}, user {info['user']}")


@cli.command("push")
@GRAPH_OPTION
@neo4j_options
@click.option("--batch-size", default=5000, show_default=True, help="Rows per transaction.")
@click.option("--wipe", is_flag=True, help="First delete the nodes of kg's labels (and their relationships).")
@reports_errors
def push_command(graph_path, uri, user, password, database, batch_size, wipe):
    """Upsert the graph into Neo4j (constraints first, then batched MERGE); pushing again changes nothing.

    \b
    Example:
      kg push -g kg-graph.jsonl --uri neo4j://localhost:7687 --password secret
    """
    settings = neo4j_settings(uri, user, password, database)
    with reading_graph(graph_path):
        graph = read_graph(graph_path)
    total = graph.number_of_nodes() + graph.number_of_edges()
    info = server_info(settings)
    click.echo(f"pushing {total} rows to {info['name']} {info['version']} at {settings.uri}", err=True)
    with click.progressbar(length=total, label="pushing", file=sys.stderr, show_pos=True) as bar:
        summary = push(graph, settings, batch_size, wipe, progress=bar.update)
    click.echo(f"pushed {summary.rows} rows to {settings.uri} in {summary.seconds:.1f} s "
               f"({summary.rows / max(summary.seconds, 1e-9):,.0f} rows/s): {summary.nodes_created} nodes and "
               f"{summary.relationships_created} relationships created, {summary.properties_set} properties set")


@cli.command("pull")
@click.option("-o", "--output", default="kg-graph.jsonl", show_default=True, help="Graph file to write.")
@click.option("--cypher", "query", help="Keep only the nodes, relationships and paths this query returns.")
@PARAM_OPTION
@neo4j_options
@reports_errors
def pull_command(output, query, params, uri, user, password, database):
    """Read the Neo4j graph (or the subgraph a query returns) into a graph file for kg viz, kg ask, ….

    \b
    Example:
      kg pull -o from-neo4j.jsonl
      kg pull -o imagenet.jsonl --cypher "MATCH p = (:Dataset {name: 'ImageNet'})<--(:Paper) RETURN p"
    """
    values = {name: literal(value) for name, value in parse_assignments(params).items()}
    graph, left_out = pull(neo4j_settings(uri, user, password, database), query, values)
    if left_out:
        click.echo(f"warning: {left_out} nodes or relationships outside kg's schema were left out", err=True)
    write_graph(graph, output)
    click.echo(f"wrote {output}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} relationships")
