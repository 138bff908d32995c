"""Code links in text: GitHub, GitLab, Gitee, Bitbucket and Hugging Face pages, normalised.

`parse_repo_url` turns one link into a RepoLink (host/owner/name plus the path it pointed
into); `find_repo_links` finds them in an abstract with their offsets. Hosts and their rules
are data in kg/data/code_hosts.json.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from kg.data import read_text
from kg.extract.tokens import find_all

# a link: with a scheme or "www.", or a bare domain of these endings followed by "/"
SCHEME_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
BARE_URL = re.compile(r"\b(?:[\w-]+\.)+(?:com|org|io|co|net|ai)/[^\s<>\"]*", re.IGNORECASE)
BARE_MARKERS = (".com/", ".org/", ".io/", ".co/", ".net/", ".ai/")
HOST_AND_REST = re.compile(r"(?:https?://)?(?:www\.)?([^/\s]+)/?(.*)", re.IGNORECASE)  # a link's host and path
PATH_SEPARATOR = re.compile(r"[/?#]")
GIT_SUFFIX = re.compile(r"\.git$")


@dataclass(frozen=True)
class RepoLink:
    """A normalised code link; `key` (host/owner/name, lower case) identifies the repository."""

    kind: str
    host: str
    owner: str
    name: str
    path: str
    url: str

    @property
    def key(self) -> str:
        return f"{self.host}/{self.full_name}".lower()

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}" if self.name else self.owner


@lru_cache(maxsize=1)
def code_hosts() -> dict:
    """The host rules of kg/data/code_hosts.json."""
    return json.loads(read_text("code_hosts.json"))


def strip_link(url: str) -> str:
    """The link without the sentence punctuation that followed it (and unbalanced brackets)."""
    tail = code_hosts()["strip_tail"]
    while url and url[-1] in tail:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def parse_repo_url(url: str) -> RepoLink | None:
    """The repository a link points to, or None when it is not a code link."""
    rules = code_hosts()
    match = HOST_AND_REST.match(strip_link(url.strip()))
    if not match:
        return None
    host, rest = match.group(1).lower(), match.group(2)
    rule = rules["hosts"].get(host)
    if rule is None:
        return None
    if "alias_of" in rule:
        host, rule = rule["alias_of"], rules["hosts"][rule["alias_of"]]
    segments = [s for s in PATH_SEPARATOR.split(rest) if s]
    kind = rule["kind"]
    if segments and segments[0] in rule.get("prefixes", {}):
        kind = rule["prefixes"][segments[0]]
        segments = segments[1:]
        if len(segments) < 2:
            return None
    elif not segments or segments[0].lower() in rule["reserved"]:
        return None
    if len(segments) < rule["min_segments"]:
        return None
    owner = segments[0]
    name = segments[1] if len(segments) > 1 and segments[1] not in rules["path_markers"] else ""
    if not name and "one_segment_kind" not in rule:
        return None
    if not name:
        kind = rule["one_segment_kind"]
    name = GIT_SUFFIX.sub("", name)
    path = "/".join(segments[2 if name else 1:])
    canonical = f"https://{host}/" + ("" if kind in ("hf_model", "hf_user") else f"{segments_prefix(kind)}")
    canonical += f"{owner}/{name}" if name else owner
    return RepoLink(kind, host, owner, name, path, canonical)


def segments_prefix(kind: str) -> str:
    """The URL path prefix of a Hugging Face page kind ("spaces/", "datasets/") or ""."""
    return {"hf_space": "spaces/", "hf_dataset": "datasets/"}.get(kind, "")


def find_urls(text: str, lower: str | None = None) -> list[tuple[int, int]]:
    """Spans of every link-like string in `text` (for matching, so names inside links are skipped);
    `lower`: the text in lower case, if the caller has it.

    Quick tests keep this cheap: links with a scheme are looked for only where "://" or "www." occurs,
    bare domains only where a domain ending occurs outside those links (most abstracts have neither)."""
    lower = text.lower() if lower is None else lower
    spans = scheme_links(text, lower) if "://" in text or "www." in lower else []
    outside = without_spans(lower, spans)
    if "/" in outside and any(marker in outside for marker in BARE_MARKERS):
        spans = sorted(spans + [m.span() for m in BARE_URL.finditer(text)
                                if not any(s <= m.start() < e for s, e in spans)])
    return [(start, start + len(strip_link(text[start:end]))) for start, end in spans]


def without_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the (ordered, disjoint) spans left out, a space where each was."""
    if not spans:
        return text
    starts, ends = [start for start, _ in spans] + [len(text)], [0] + [end for _, end in spans]
    return " ".join(text[end:start] for end, start in zip(ends, starts))


def scheme_links(text: str, lower: str) -> list[tuple[int, int]]:
    """Spans of the links starting with "http" or "www." (tried only where those letters are)."""
    starts = sorted({i for marker in ("http", "www.") for i in find_all(lower, marker)})
    spans: list[tuple[int, int]] = []
    for start in starts:
        if spans and start < spans[-1][1]:
            continue
        match = SCHEME_URL.match(text, start)
        if match:
            spans.append(match.span())
    return spans


def find_repo_links(text: str, urls: list[tuple[int, int]] | None = None,
                    lower: str | None = None) -> list[tuple[int, int, RepoLink]]:
    """(start, end, link) for each code link in `text` (`urls`: its link spans, `lower`: the text in lower
    case, if the caller has them); `end` excludes trailing punctuation."""
    lower = text.lower() if lower is None else lower
    if not any(host in lower for host in code_hosts()["hosts"]):  # most texts and links name no code host
        return []
    found = []
    for start, end in find_urls(text, lower) if urls is None else urls:
        raw = text[start:end]
        # a link glued to a word ("at~https://...") starts at its scheme
        scheme = raw.lower().find("http")
        if scheme > 0:
            raw, start = raw[scheme:], start + scheme
        link = parse_repo_url(raw)
        if link is not None:
            found.append((start, start + len(raw), link))
    return found
