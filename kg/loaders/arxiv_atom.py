"""arXiv API responses (Atom XML): each `<entry>` a paper, read as the file streams in.

Ids of both styles (`2101.00001v2`, `hep-th/9901001v1`) become version-less `arxiv:` ids; authors,
categories, the DOI, the links and the published date are kept.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

from kg.loaders.records import paper_from_record
from kg.loaders.report import LoadReport
from kg.loaders.text import CutShort, open_binary, read_chunks
from kg.model import Paper

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"


def entry_record(entry: ElementTree.Element) -> dict:
    """The fields of one Atom entry as a record for `paper_from_record`."""
    def text(tag: str) -> str:
        return (entry.findtext(tag) or "").strip()

    return {"arxiv_id": text(f"{ATOM}id"), "title": text(f"{ATOM}title"), "abstract": text(f"{ATOM}summary"),
            "published": text(f"{ATOM}published"), "doi": text(f"{ARXIV}doi"),
            "authors": [a.findtext(f"{ATOM}name") or "" for a in entry.findall(f"{ATOM}author")],
            "categories": [c.get("term", "") for c in entry.findall(f"{ATOM}category")],
            "links": [{"href": link.get("href", "")} for link in entry.findall(f"{ATOM}link")]}


def read_arxiv_atom(path: str | Path, report: LoadReport) -> Iterator[Paper]:
    """Papers of an arXiv API Atom file (plain or .gz); an entry that is not a paper is reported and skipped,
    and a file cut short or not valid XML past some point keeps the entries before.

    Entry numbers stand in for line numbers (`FILE:3` is the third entry).
    """
    source = str(path)
    number = 0
    parser = ElementTree.XMLPullParser(events=("end",))

    def entries() -> Iterator[Paper]:
        nonlocal number
        for _, element in parser.read_events():
            if element.tag != f"{ATOM}entry":
                continue
            number += 1
            paper, reason = paper_from_record(entry_record(element), source, number)
            if paper is None:
                report.skip(source, number, f"entry {number}: {reason}; skipped",
                            ElementTree.tostring(element, encoding="unicode"))
            else:
                yield paper
            element.clear()

    try:
        for chunk in read_chunks(open_binary(path)):
            parser.feed(chunk)
            yield from entries()
        parser.close()
        yield from entries()
    except ElementTree.ParseError as err:
        yield from entries()
        report.skip(source, err.position[0], f"not valid XML ({err}); the rest of the file skipped")
    except CutShort as cut:  # a truncated .gz
        yield from entries()
        report.skip(source, cut.number, f"{cut} ({number} entries)")
    if number == 0:
        report.skip(source, 0, "no Atom <entry> in the file")
