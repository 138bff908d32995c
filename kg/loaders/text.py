"""Reading input files for the loaders: UTF-8 (bad lines reported, not fatal), gzip read transparently."""
from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from kg.errors import LoadError
from kg.loaders.report import LoadReport

NOT_UTF8 = "not UTF-8 text; record skipped (convert the file to UTF-8, e.g. with iconv)"
GZIP_MAGIC = b"\x1f\x8b"
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")  # JSON may escape half of a UTF-16 pair alone


def json_value(text: str) -> Any:
    """The JSON value of `text` (json.JSONDecodeError when it is not JSON), with a lone half of a UTF-16
    pair, which JSON escapes allow and no UTF-8 text can hold, replaced by U+FFFD. A value nested deeper than
    Python's recursion limit is a JSONDecodeError too."""
    try:
        value = json.loads(text)
        return without_lone_surrogates(value) if SURROGATE_ESCAPE.search(text) else value
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", text, 0) from None


def without_lone_surrogates(value: Any) -> Any:
    """`value` with every string's lone surrogates replaced by U+FFFD (pairs were joined by the decoder)."""
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, list):
        return [without_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {without_lone_surrogates(k): without_lone_surrogates(v) for k, v in value.items()}
    return value


def open_binary(path: str | Path) -> BinaryIO:
    """The file opened for reading bytes, decompressed when it is gzip (by its first bytes).

    A missing or unreadable file raises LoadError that says what to do.
    """
    path = Path(path)
    try:
        handle = path.open("rb")
        if handle.read(2) == GZIP_MAGIC:
            handle.close()
            return gzip.open(path, "rb")
        handle.seek(0)
        return handle
    except FileNotFoundError as err:
        raise LoadError(f"{path}: no such file; check the path") from err
    except IsADirectoryError as err:
        raise LoadError(f"{path}: is a directory; give the files in it (e.g. {path}/*.txt)") from err
    except OSError as err:
        raise LoadError(f"{path}: cannot be read ({err.strerror})") from err


class CutShort(Exception):
    """A file that ends before its end (a truncated .gz): the lines up to `number` were read."""

    def __init__(self, number: int, error: Exception):
        super().__init__(f"cannot be read past this line ({error}); the records before it were kept")
        self.number = number


READ_ERRORS = (OSError, EOFError, zlib.error)  # what reading a truncated or corrupt gzip stream raises


def iter_raw_lines(handle: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """(1-based number, bytes without the line end or a leading byte order mark) of each line of an open
    file, streamed, and the file closed at the end; CutShort when it cannot be read to its end."""
    number = 0
    with handle:
        try:
            for number, raw in enumerate(handle, 1):
                if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                yield number, raw.rstrip(b"\r\n")
        except READ_ERRORS as err:  # a truncated or corrupt gzip stream
            raise CutShort(number, err) from err


def decoded(raw: bytes) -> tuple[str, bool]:
    """A line's text and whether it is UTF-8: one that is not comes with U+FFFD in place of its bad bytes."""
    try:
        return raw.decode("utf-8"), True
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace"), False


def iter_lines(path: str | Path, report: LoadReport | None = None) -> Iterator[tuple[int, str, bool]]:
    """(1-based number, text, is UTF-8) of each line, streamed: a large file is never held whole.

    A line that is not UTF-8 comes with U+FFFD in place of its bad bytes, so the loader can skip the
    record it belongs to and name the line. A file cut short (a truncated .gz) ends the lines there:
    reported to `report` when given (the lines before are kept), else raised as LoadError.
    """
    try:
        for number, raw in iter_raw_lines(open_binary(path)):
            yield (number, *decoded(raw))
    except CutShort as cut:
        if report is None:
            raise LoadError(f"{path}:{cut.number}: {cut}") from cut
        report.skip(str(path), cut.number, str(cut))


def read_lines(path: str | Path, report: LoadReport | None = None) -> tuple[list[str], set[int]]:
    """The file's lines (without line ends) and the numbers of the lines that are not UTF-8."""
    lines, bad = [], set()
    for number, text, utf8 in iter_lines(path, report):
        lines.append(text)
        if not utf8:
            bad.add(number)
    return lines, bad


def read_chunks(handle: BinaryIO, size: int = 1 << 16) -> Iterator[bytes]:
    """The bytes of an open file, a chunk at a time as they are decompressed (so a truncated .gz gives every
    byte before its cut), and the file closed at the end; CutShort when it cannot be read to its end."""
    lines = 0
    with handle:
        try:
            while chunk := handle.read1(size):
                lines += chunk.count(b"\n")
                yield chunk
        except READ_ERRORS as err:
            raise CutShort(lines + 1, err) from err


def read_text(path: str | Path, report: LoadReport | None = None, errors: str = "replace") -> str:
    """The whole file as text (for formats parsed whole, such as JSON documents), its bad bytes decoded by
    `errors` (U+FFFD by default). A file cut short (a truncated .gz) gives the text before the cut: reported
    to `report` when given, else raised as LoadError."""
    data = bytearray()
    try:
        for chunk in read_chunks(open_binary(path)):
            data += chunk
    except CutShort as cut:
        if report is None:
            raise LoadError(f"{path}:{cut.number}: {cut}") from cut
        report.skip(str(path), cut.number, str(cut))
    return bytes(data).decode("utf-8-sig", errors=errors)
