import os

from click.testing import CliRunner

from kg.cli import cli
from kg.native import extraction_build, stale_compiled_modules


def test_version_says_which_build_of_extraction_runs():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert f"(extraction: {extraction_build()})" in result.output
    assert extraction_build() in ("compiled", "Python")


def test_a_source_file_changed_after_its_compiled_module_is_stale(tmp_path):
    package = tmp_path / "kg" / "extract"
    package.mkdir(parents=True)
    for name in ("fresh", "edited"):
        (package / f"{name}.py").write_text("")
        (package / f"{name}.cpython-311-x86_64-linux-gnu.so").write_bytes(b"")
    (package / "plain.py").write_text("")  # never compiled: not stale
    os.utime(package / "edited.py", (2_000_000_000, 2_000_000_000))
    assert stale_compiled_modules(tmp_path) == [package / "edited.py"]
