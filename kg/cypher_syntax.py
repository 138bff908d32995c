"""Clearer messages for the embedded engine's Cypher syntax errors.

The engine reports any keyword it meets where it expected something else as "a reserved keyword;
backtick it", which misleads when the keyword is where it belongs and the query lacks a closing
bracket before it (`MATCH (p:Paper RETURN p`). This module reads the query's brackets, strings and
comments to tell the two apart: the hint stays when the keyword stands where a name goes (`(return:Paper)`,
`n.match`), and otherwise the message names the bracket left open, or just the unexpected keyword.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

RESERVED_HINT = re.compile(r"(?P<head>Cypher syntax error at line (?P<line>\d+), col (?P<col>\d+): )"
                           r"Unexpected token in (?P<context>[^:\n]+): (?P<word>\w+) — a reserved keyword; "
                           r"backtick it \(`[^`]*`\) to use it as a name")
CLOSERS = {"(": ")", "[": "]", "{": "}"}
NAME_BEFORE = "(:[.,{|$"  # after one of these a word is a name: a variable, label, key or parameter
SNIPPET_INDENT = "   "


@dataclass(frozen=True)
class Scan:
    """What a query's text is, character by character: code (not inside a string, a backticked name
    or a comment), and the brackets still open before each code character."""

    code: list[bool]
    open_brackets: list[tuple[tuple[str, int], ...]]


def scan(query: str) -> Scan:
    """Mark the query's code characters and the brackets open before each of them."""
    code = [False] * len(query)
    open_at: list[tuple[tuple[str, int], ...]] = [()] * len(query)
    stack: list[tuple[str, int]] = []
    i = 0
    while i < len(query):
        ch = query[i]
        if ch in "'\"`":
            end = i + 1
            while end < len(query) and query[end] != ch:
                end += 2 if query[end] == "\\" and ch != "`" else 1
            i = end + 1
            continue
        if query.startswith("//", i):
            newline = query.find("\n", i)
            i = len(query) if newline < 0 else newline
            continue
        if query.startswith("/*", i):
            close = query.find("*/", i + 2)
            i = len(query) if close < 0 else close + 2
            continue
        code[i] = True
        open_at[i] = tuple(stack)
        if ch in CLOSERS:
            stack.append((ch, i))
        elif ch in CLOSERS.values() and stack and CLOSERS[stack[-1][0]] == ch:
            stack.pop()
        i += 1
    return Scan(code, open_at)


def offset_of(query: str, line: int, col: int) -> int:
    """The offset in `query` of a 1-based line and column."""
    lines = query.split("\n")
    return sum(len(text) + 1 for text in lines[: line - 1]) + col - 1


def position(query: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of an offset in `query`."""
    before = query[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def snippet(query: str, offset: int) -> str:
    """The query's line holding `offset`, with a caret under it."""
    line, col = position(query, offset)
    return f"{SNIPPET_INDENT}{query.split(chr(10))[line - 1]}\n{SNIPPET_INDENT}{' ' * (col - 1)}^"


def explain_syntax_error(query: str, message: str) -> str:
    """The engine's syntax error message, with its "reserved keyword; backtick it" hint replaced where
    the keyword is not used as a name: by the bracket left open before it, when one is."""
    found = RESERVED_HINT.search(message)
    if not found:
        return message
    marks = scan(query)
    limit = min(offset_of(query, int(found["line"]), int(found["col"])), len(query))
    word = re.compile(rf"\b{re.escape(found['word'])}\b", re.IGNORECASE)
    starts = [m.start() for m in word.finditer(query, 0, max(limit, 0)) if marks.code[m.start()]]
    if not starts:
        return message
    start = starts[-1]
    before = query[:start].rstrip()
    if not before or before[-1] in NAME_BEFORE or re.search(r"\bAS$", before, re.IGNORECASE):
        return message
    keyword = found["word"].upper()
    if marks.open_brackets[start]:
        opener, opened = marks.open_brackets[start][-1]
        line, col = position(query, opened)
        text = (f"{keyword} inside a {found['context']}: the `{opener}` opened at line {line}, col {col} is not "
                f"closed; a `{CLOSERS[opener]}` is missing before {keyword}")
        where = len(before)
    else:
        text = f"unexpected {keyword} in a {found['context']}"
        where = start
    line, col = position(query, where)
    return f"Cypher syntax error at line {line}, col {col}: {text}\n{snippet(query, where)}"
