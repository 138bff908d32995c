"""Reading a text file for a loader: UTF-8, with the lines that are not reported, not fatal."""
from __future__ import annotations

from pathlib import Path

from kg.errors import LoadError


def read_lines(path: str | Path) -> tuple[list[str], set[int]]:
    """The file's lines (without line ends) and the 1-based numbers of lines that are not UTF-8.

    A line that is not UTF-8 is kept with U+FFFD in place of its bad bytes, so the loader
    can skip the record it belongs to and name the line. A missing file raises LoadError.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as err:
        raise LoadError(f"{path}: no such file; check the path") from err
    except IsADirectoryError as err:
        raise LoadError(f"{path}: is a directory; give the files in it (e.g. {path}/*.txt)") from err
    except OSError as err:
        raise LoadError(f"{path}: cannot be read ({err.strerror})") from err
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return [line.rstrip("\r") for line in data.decode("utf-8").split("\n")], set()
    except UnicodeDecodeError:
        pass
    lines, bad = [], set()
    for number, raw in enumerate(data.split(b"\n"), 1):
        raw = raw.rstrip(b"\r")
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(raw.decode("utf-8", errors="replace"))
            bad.add(number)
    return lines, bad


NOT_UTF8 = "not UTF-8 text; record skipped (convert the file to UTF-8, e.g. with iconv)"
