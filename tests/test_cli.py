import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from claims.cli import cli
from claims.store import Store

README = Path(__file__).resolve().parent.parent / "README.md"


def _commands(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        full = f"{prefix}{name}"
        yield full, command
        if isinstance(command, click.Group):
            yield from _commands(command, f"{full} ")


COMMANDS = list(_commands(cli))


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_has_help_and_is_documented(name, command):
    assert command.help and command.help.strip()
    result = CliRunner().invoke(cli, [*name.split(), "--help"])
    assert result.exit_code == 0, result.output
    assert f"claims {name}" in README.read_text(), f"`claims {name}` is not in the README"


def test_sql_is_read_only(db_path):
    Store.open(db_path).close()
    runner = CliRunner()
    ok = runner.invoke(
        cli, ["--db", str(db_path), "sql", "select party, count(*) from claims group by 1"]
    )
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(cli, ["--db", str(db_path), "sql", "drop table claims"])
    assert bad.exit_code == 1
    lines = [line for line in bad.output.splitlines() if line.strip()]
    assert lines == ["Error: claims sql is read-only: the statement would change the database"]
    still = runner.invoke(
        cli, ["--db", str(db_path), "sql", "select count(*) from claims", "--format", "csv"]
    )
    assert still.exit_code == 0 and still.output.splitlines()[1] == "0"


def test_sql_formats(db_path):
    Store.open(db_path).close()
    runner = CliRunner()
    out = runner.invoke(
        cli, ["--db", str(db_path), "sql", "select 1 as a, 'x' as b", "--format", "json"]
    )
    assert out.exit_code == 0 and '"a": 1' in out.output and '"b": "x"' in out.output


def test_db_from_environment(db_path):
    Store.open(db_path).close()
    out = CliRunner().invoke(
        cli, ["sql", "select 42 as n", "--format", "csv"], env={"CLAIMS_DB": str(db_path)}
    )
    assert out.exit_code == 0 and out.output.splitlines() == ["n", "42"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ingest", "does-not-exist.txt"], "no such file or folder"),
        (["report"], "no claims database"),
        (["topics"], "no claims database"),
    ],
)
def test_one_line_errors(tmp_path, args, message):
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "x.duckdb"), *args])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0]
    assert not (tmp_path / "x.duckdb").exists()


def test_unknown_topic(db_path):
    Store.open(db_path).close()
    result = CliRunner().invoke(cli, ["--db", str(db_path), "report", "99"])
    assert result.exit_code == 1 and "no topic 99" in result.output


def test_claim_show(db_path):
    import json

    from tests.test_report import _one_call

    with Store.open(db_path) as store:
        a, b = _one_call(store)
    runner = CliRunner()
    text = runner.invoke(cli, ["--db", str(db_path), "--no-color", "claim", "show", str(a)])
    assert text.exit_code == 0, text.output
    assert "Warsaw said the call had been requested by Minsk." in text.output
    data = json.loads(
        runner.invoke(
            cli, ["--db", str(db_path), "claim", "show", str(b), "--format", "json"]
        ).output
    )
    assert data["party"] == "Belarus" and data["pairs"][0]["claim_id"] == a
    missing = runner.invoke(cli, ["--db", str(db_path), "claim", "show", "99"])
    lines = [line for line in missing.output.splitlines() if line.strip()]
    assert missing.exit_code == 1 and len(lines) == 1 and "no claim 99" in lines[0]


def test_claim_delete(db_path):
    from tests.test_report import _one_call

    with Store.open(db_path) as store:
        rated, other = _one_call(store)  # `rated` has a verdict
    runner = CliRunner()
    kept = runner.invoke(cli, ["--db", str(db_path), "claim", "delete", str(other), str(rated)])
    assert kept.exit_code == 1 and f"claim {rated} has a verdict" in kept.output
    with Store.open(db_path, read_only=True) as store:
        assert store.claim(other) is not None  # the failed command changed nothing
    gone = runner.invoke(cli, ["--db", str(db_path), "claim", "delete", str(other)])
    assert gone.exit_code == 0 and "Deleted 1 claim(s)" in gone.output
    with Store.open(db_path, read_only=True) as store:
        assert store.claim(other) is None and store.pairs_of_claim(rated) == []
        assert store.appearances([other]) == {}
    missing = runner.invoke(cli, ["--db", str(db_path), "claim", "delete", str(other)])
    assert missing.exit_code == 1 and f"no claim {other}" in missing.output


def test_speakers(db_path):
    from tests.test_report import _one_call

    with Store.open(db_path) as store:
        _one_call(store)
    runner = CliRunner()
    out = runner.invoke(cli, ["--db", str(db_path), "speakers", "--party", "poland"])
    assert out.exit_code == 0, out.output
    assert "Poland" in out.output and "Belarus" not in out.output
    assert "Northern Ledger" in out.output and "2025-03-12" in out.output
    one = runner.invoke(cli, ["--db", str(db_path), "speakers", "-n", "1"])
    assert "1 more speaker(s)" in one.output


def test_name_set_and_list(db_path):
    runner = CliRunner()
    done = runner.invoke(cli, ["--db", str(db_path), "name", "set", "the envoy", "Ilze Ozola"])
    assert done.exit_code == 0 and "0 stored claims renamed" in done.output
    out = runner.invoke(cli, ["--db", str(db_path), "name", "list"])
    assert "the envoy" in out.output and "Ilze Ozola" in out.output
    same = runner.invoke(cli, ["--db", str(db_path), "name", "set", "A", "A"])
    assert same.exit_code == 1 and "the two names are the same" in same.output


def test_party_set_and_list(db_path):
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["--db", str(db_path), "party", "set", "Anna Berg", "Sweden"]).exit_code
        == 0
    )
    out = runner.invoke(cli, ["--db", str(db_path), "party", "list"])
    assert "Anna Berg" in out.output and "Sweden" in out.output


@pytest.mark.parametrize("command", ["report", "sql", "topics", "speakers"])
def test_commands_that_do_not_embed_do_not_import_torch(db_path, command):
    Store.open(db_path).close()
    args = {
        "report": ["report"],
        "sql": ["sql", "select 1"],
        "topics": ["topics"],
        "speakers": ["speakers"],
    }[command]
    probe = (
        "import sys; from claims.cli import cli\n"
        f"cli(['--db', {str(db_path)!r}, *{args!r}], standalone_mode=False)\n"
        "heavy = [m for m in ('torch', 'spacy', 'sentence_transformers', 'transformers', "
        "'trafilatura') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"HEAVY \[\]", out), out


def test_readme_quick_start_is_what_ci_runs():
    readme = README.read_text()
    quick = readme.split("## Quick start", 1)[1].split("## Commands", 1)[0]
    commands = re.findall(r"```bash\n(.+?)\n```", quick)
    assert len(commands) == 2
    ci = (README.parent / ".ci" / "run").read_text()
    for command in commands:
        assert command in ci
