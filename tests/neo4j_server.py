"""The Neo4j server the tests start from the project's own files (tests/neo4j-server/, README command 2).

`build()` compiles the Maven project once (Maven Central serves Neo4j; ~/.m2 keeps it) and records the
hash of its pom and source beside the output, so a later session reuses it until either changes.
`TestServer` starts the class it builds: an embedded Neo4j with a Bolt connector on 127.0.0.1, user
neo4j with PASSWORD, its data in a folder of the test session; it stops when its standard input closes.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent / "neo4j-server"
TARGET = PROJECT / "target"
CLASSPATH_FILE = TARGET / "classpath.txt"
STAMP = TARGET / "kg-build.sha256"
MAIN_CLASS = "kg.testserver.TestNeo4j"
PASSWORD = "kg-test-password"
START_TIMEOUT = 180  # seconds for the JVM to start the database (about 10 s on the CI machine)
HEAP = "-Xmx2g"


class ServerUnavailable(Exception):
    """The test Neo4j could not be built or started; the message is the exact error."""


def source_digest() -> str:
    """The hash of what the build reads: the pom and the Java source."""
    digest = hashlib.sha256()
    for path in [PROJECT / "pom.xml", *sorted((PROJECT / "src").rglob("*.java"))]:
        digest.update(path.relative_to(PROJECT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def build() -> str:
    """The classpath of the built server (class folder and Neo4j's jars), building it when its source changed."""
    digest = source_digest()
    if not (STAMP.is_file() and STAMP.read_text() == digest and CLASSPATH_FILE.is_file()):
        maven = shutil.which("mvn")
        if maven is None:
            raise ServerUnavailable("Maven (mvn) is not installed: `apt-get install maven` (.ci/run does)")
        done = subprocess.run([maven, "-B", "-q", "-f", str(PROJECT / "pom.xml"), "compile"],
                              capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False)
        if done.returncode:
            errors = [line for line in (done.stdout + done.stderr).splitlines() if "ERROR" in line]
            raise ServerUnavailable("`mvn compile` of tests/neo4j-server failed:\n" + "\n".join(errors[:15]))
        STAMP.write_text(digest)
    return f"{TARGET / 'classes'}{os.pathsep}{CLASSPATH_FILE.read_text().strip()}"


class TestServer:
    """One Neo4j process on a data folder: start, stop (or kill), start again at the same address."""

    __test__ = False  # not a test class for pytest

    def __init__(self, home: Path, classpath: str, page_cache: str = "512m",
                 import_arguments: list[str] | None = None):
        self.home = home
        self.classpath = classpath
        self.page_cache = page_cache
        self.import_arguments = list(import_arguments or [])
        self.port = 0
        self.process: subprocess.Popen | None = None

    @property
    def uri(self) -> str:
        return f"neo4j://127.0.0.1:{self.port}"

    def start(self) -> str:
        """Start the server (importing first, the first time, when given import arguments); its address."""
        java = shutil.which("java")
        if java is None:
            raise ServerUnavailable("Java is not installed: `apt-get install openjdk-17-jre-headless`")
        self.home.mkdir(parents=True, exist_ok=True)
        out, err = self.home / "stdout.log", self.home / "stderr.log"
        arguments = [java, HEAP, "-cp", self.classpath, MAIN_CLASS, str(self.home), PASSWORD, self.page_cache,
                     str(self.port), *self.import_arguments]
        self.import_arguments = []  # a restart serves the database already imported
        with out.open("w") as stdout, err.open("w") as stderr:
            self.process = subprocess.Popen(arguments, stdin=subprocess.PIPE, stdout=stdout, stderr=stderr)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            line = next((x for x in out.read_text().splitlines() if x.startswith("bolt://")), None)
            if line:
                self.port = int(line.rsplit(":", 1)[1])
                return self.uri
            if self.process.poll() is not None:
                raise ServerUnavailable(f"the test Neo4j exited with {self.process.returncode}:\n"
                                        + "\n".join(err.read_text().splitlines()[-15:]))
            time.sleep(0.2)
        self.kill()
        raise ServerUnavailable(f"the test Neo4j did not start in {START_TIMEOUT} s; see {err}")

    def stop(self) -> None:
        """Stop the server cleanly: close its standard input and wait."""
        if self.process and self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.kill()
        self.process = None

    def kill(self) -> None:
        """Stop the server at once, as a crash would (the next start recovers the database)."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(60)
        self.process = None


if __name__ == "__main__":  # README command 2 and .ci/run: build it before the tests (a failure only warns)
    try:
        print(f"test Neo4j built: {build().split(os.pathsep, 1)[0]}")
    except ServerUnavailable as err:
        print(f"warning: {err}\nthe tests marked neo4j will skip", file=sys.stderr)
