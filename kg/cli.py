"""The `kg` command: each subcommand parses options, calls one library function, prints the result."""
from __future__ import annotations

import functools
import json
import sys
from dataclasses import asdict

import click

from kg.engine import QueryResult, open_engine
from kg.errors import KGError
from kg.library import ask as run_question
from kg.library import get_question, literal, load_questions, parse_assignments
from kg.loaders import LOADERS, LoadReport
from kg.output import CELL_WIDTH, csv_text, format_table, json_lines
from kg.pipeline import build as build_graph_file
from kg.pipeline import extract_to_jsonl
from kg.questions import graph_stats
from kg.questions import shared_benchmarks as find_shared_benchmarks
from kg.store.file import FORMATS, read_graph, write_graph
from kg.viz import render

GRAPH_OPTION = click.option("-g", "--graph", "graph_path", default="kg-graph.json", show_default=True,
                            help="Graph file written by `kg build`.")
PARAM_OPTION = click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
                            help="A query parameter ($NAME); repeat for more.")


def result_options(command):
    """--json and --csv for commands that print query rows."""
    command = click.option("--csv", "as_csv", is_flag=True, help="Print CSV with a header.")(command)
    return click.option("--json", "as_json", is_flag=True, help="Print JSON lines, one row a line.")(command)


FORMAT_OPTION = click.option("--format", "source_format", type=click.Choice(sorted(LOADERS)),
                             help="Read every SOURCE in this format (default: by extension and content).")


def reports_errors(command):
    """Turn kg's own errors into `Error: ...` and exit code 1."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except KGError as err:
            raise click.ClickException(str(err)) from err
    return wrapper


def warning_printer(quiet: bool):
    """A LoadReport callback printing each skipped record to stderr."""
    return None if quiet else (lambda problem: click.echo(f"warning: {problem}", err=True))


def progress_bar(label: str):
    """A progress bar on stderr, hidden when stderr is not a terminal."""
    def wrap(papers):
        with click.progressbar(papers, label=label, file=sys.stderr, show_pos=True) as bar:
            yield from bar
    return wrap


def print_result(result: QueryResult, as_json: bool, as_csv: bool, width: int = CELL_WIDTH) -> None:
    """Rows to stdout (table, JSON lines or CSV); the engine's warnings and "no rows" to stderr."""
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if as_json or as_csv:
        text = json_lines(result) if as_json else csv_text(result)
        if text:
            click.echo(text)
    elif result.rows:
        click.echo(format_table(result, width))
    if not result.rows:
        click.echo("no rows", err=True)


def print_report(report: LoadReport) -> None:
    """The loading summary on stderr."""
    click.echo(f"read {report.papers} papers ({report.merged} duplicates merged, {report.skipped} records skipped)",
               err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def cli():
    """Turn research-paper listings into a knowledge graph of papers, datasets, tasks, methods and code.

    \b
    Example:
      kg build seeds/*.txt -o kg-graph.json
      kg shared-benchmarks -g kg-graph.json
      kg viz -g kg-graph.json -o viz/seeds.html
    """


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("-o", "--output", default="kg-graph.json", show_default=True,
              help="Graph file to write (.json node-link; .graphml for Gephi/Cytoscape).")
@FORMAT_OPTION
@click.option("-q", "--quiet", is_flag=True, help="Do not print warnings about skipped records.")
@reports_errors
def build(sources, output, source_format, quiet):
    """Load SOURCES, extract entities, build the graph and save it.

    \b
    Example:
      kg build seeds/*.txt -o kg-graph.json
    """
    report = LoadReport(warn=warning_printer(quiet))
    result = build_graph_file(sources, output, source_format, report, progress_bar("extracting"))
    print_report(report)
    counts = ", ".join(f"{n} {label}" for label, n in sorted(result.counts.items()))
    click.echo(f"wrote {result.path}: {result.graph.number_of_nodes()} nodes ({counts}), "
               f"{result.graph.number_of_edges()} relationships")


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("-o", "--output", default="-", show_default=True, help="JSON-lines file to write (- for stdout).")
@FORMAT_OPTION
@click.option("-q", "--quiet", is_flag=True, help="Do not print warnings about skipped records.")
@reports_errors
def extract(sources, output, source_format, quiet):
    """Extract entities only: one JSON line per paper, {"id", "title", "entities": [...]}.

    Each entity has type, name (canonical), mention (as written), start/end offsets into the
    abstract (or the title, where field is "title"), role, confidence, extractor and sentence.

    \b
    Example:
      kg extract ../shared/gold/scirex_abstracts.jsonl -o pred.jsonl
    """
    report = LoadReport(warn=warning_printer(quiet))
    with click.open_file(output, "w", encoding="utf-8") as stream:
        lines = extract_to_jsonl(sources, stream, source_format, report, progress_bar("extracting"))
    print_report(report)
    click.echo(f"wrote {lines} lines to {output}", err=True)


@cli.command()
@GRAPH_OPTION
@click.option("--top", default=10, show_default=True, help="How many datasets, tasks and methods to list.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@reports_errors
def stats(graph_path, top, as_json):
    """Counts per label and relationship type, and the most linked datasets, tasks and methods.

    \b
    Example:
      kg stats -g kg-graph.json
    """
    result = graph_stats(open_engine(graph_path), top)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    for section in ("nodes", "relationships"):
        click.echo(f"{section}:")
        for name, count in result[section].items():
            click.echo(f"  {name:<20} {count:>7}")
    for label, rows in result["top"].items():
        click.echo(f"top {label.lower()}s (papers):")
        for name, count in rows:
            click.echo(f"  {count:>4}  {name}")


@cli.command("shared-benchmarks")
@GRAPH_OPTION
@click.option("--paper", help="Only pairs with this paper (its id, its title, or a unique part of the title).")
@click.option("--min-shared", type=int, help="Least number of shared datasets in a pair (default: 1 with --paper, "
                                           "else 2, the least for all pairs).")
@click.option("--limit", default=20, show_default=True, help="Most pairs to print (0: all).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines, one pair a line.")
@reports_errors
def shared_benchmarks(graph_path, paper, min_shared, limit, as_json):
    """Pairs of papers that use the same datasets/benchmarks, most shared first.

    \b
    Example:
      kg shared-benchmarks -g kg-graph.json --min-shared 2
      kg shared-benchmarks --paper "DAFormer"
    """
    rows = find_shared_benchmarks(open_engine(graph_path), paper, min_shared, limit or None)
    if as_json:
        for row in rows:
            click.echo(json.dumps(asdict(row), ensure_ascii=False))
        return
    if not rows:
        click.echo("no pairs of papers share a dataset" + (f" with {paper!r}" if paper else ""), err=True)
        return
    for row in rows:
        click.echo(f"{row.shared}  {row.title_a[:60]}\n   {row.title_b[:60]}\n   shared: {', '.join(row.datasets)}")


@cli.command()
@click.argument("query", required=False)
@click.option("-f", "--file", "query_file", type=click.File(encoding="utf-8"), help="Read the query from FILE.")
@PARAM_OPTION
@GRAPH_OPTION
@result_options
@reports_errors
def cypher(query, query_file, params, graph_path, as_json, as_csv):
    """Run a Cypher query on the graph. Parameter values are read as JSON when they parse (numbers,
    lists, true/false), else as text; quote a value to keep it text: -p id='"2103.14030"'.

    \b
    Example:
      kg cypher "MATCH (d:Dataset)<-[:USES_DATASET]-(p) RETURN d.name, count(p) AS papers ORDER BY papers DESC LIMIT 5"
      kg cypher 'MATCH (d:Dataset {name: $name})<--(p:Paper) RETURN p.title' -p name=COCO --json
      kg cypher -f cypher/queries/counts-per-label.cypher --csv
    """
    if (query is None) == (query_file is None):
        raise click.UsageError("give a QUERY or -f FILE (one of them)")
    text = query if query is not None else query_file.read()
    values = {name: literal(value) for name, value in parse_assignments(params).items()}
    print_result(open_engine(graph_path).run(text, values), as_json, as_csv)


@cli.command()
@click.argument("name", required=False)
@PARAM_OPTION
@GRAPH_OPTION
@click.option("--list", "list_questions", is_flag=True, help="List the questions and what they answer.")
@click.option("--show", is_flag=True, help="Print the question's Cypher instead of running it.")
@result_options
@reports_errors
def ask(name, params, graph_path, list_questions, show, as_json, as_csv):
    """Ask a ready-made question of the graph (the queries in cypher/queries/).

    \b
    Example:
      kg ask --list
      kg ask papers-on-dataset -p dataset=ImageNet
      kg ask similar-papers -p paper="Swin Transformer: Hierarchical" --json
      kg ask methods-on-dataset --show
    """
    if list_questions:
        result = QueryResult(["name", "question"], [{"name": q.name, "question": q.question}
                                                    for q in load_questions().values()])
        print_result(result, as_json, as_csv, width=120)
        return
    if not name:
        raise click.UsageError("name a question, or list them with --list")
    if show:
        click.echo(get_question(name).text.rstrip())
        return
    print_result(run_question(open_engine(graph_path), name, parse_assignments(params)), as_json, as_csv)


@cli.command()
@GRAPH_OPTION
@click.option("-o", "--output", default="kg-graph.html", show_default=True, help="HTML page to write.")
@click.option("--focus", help="Draw only the neighbourhood of this node (id, name, or paper title).")
@click.option("--hops", default=1, show_default=True, help="With --focus: how many links away to draw.")
@reports_errors
def viz(graph_path, output, focus, hops):
    """Write an interactive HTML page of the graph (works offline; open it in a browser).

    \b
    Example:
      kg viz -g kg-graph.json -o viz/seeds.html
      kg viz --focus "dataset:cityscapes" --hops 2 -o cityscapes.html
    """
    path = render(read_graph(graph_path), output, focus, hops)
    click.echo(f"wrote {path}")


@cli.command()
@GRAPH_OPTION
@click.option("-o", "--output", required=True, help="File to write.")
@click.option("--format", "graph_format", type=click.Choice(FORMATS), help="Default: by the extension.")
@reports_errors
def export(graph_path, output, graph_format):
    """Write the graph in another format (GraphML for Gephi or Cytoscape).

    \b
    Example:
      kg export -g kg-graph.json -o kg-graph.graphml
    """
    click.echo(f"wrote {write_graph(read_graph(graph_path), output, graph_format)}")
