"""`streamzctl` stays light: what a call imports, and the lazy root's table against the modules.

Each check runs a fresh interpreter (this process has the whole stack imported already) and
reads ``sys.modules`` after the call. No timing here: bench/cli_startup.py measures speed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from streamz.entrypoints.cli.main import COMMANDS

# what the server stack imports; none of it for help, completion or parsing
SERVER_LIBRARIES = (
    "litestar",
    "sqlalchemy",
    "advanced_alchemy",
    "alembic",
    "asyncpg",
    "saq",
    "redis",
    "typesense",
    "dishka",
    "aioboto3",
    "botocore",
    "firebase_admin",
    "PIL",
    "jinja2",
    "uvicorn",
    "granian",
    "httpx",
    "structlog",
    "opentelemetry",
    "prometheus_client",
    "streamz.container",
    "streamz.entrypoints.http.app",
)
# and the root's --help needs nothing beyond Typer: no command module, no Rich, no pydantic
COMMAND_MODULES = ("msgspec", "streamz.core", "streamz.entrypoints.cli.identity")
ROOT_EXTRAS = ("rich", "pydantic", *COMMAND_MODULES)

RUN = textwrap.dedent(
    """
    import json, sys
    from streamz.entrypoints.cli.main import app
    try:
        app(sys.argv[1:], prog_name="streamzctl")
    except SystemExit:
        pass
    print("\\n" + json.dumps(sorted(sys.modules)))
    """
)


def run(*args: str, env: dict[str, str] | None = None) -> tuple[str, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", RUN, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, **(env or {})},
    )
    output, _, modules = done.stdout.rpartition("\n[")
    assert modules, done.stderr
    return output, set(json.loads("[" + modules))


def loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names if any(m == n or m.startswith(n + ".") for m in modules))


def test_root_help_imports_typer_only() -> None:
    output, modules = run("--help")
    assert "accounts" in output
    assert "Channels: panels and links" in output  # help lines come from the table
    assert loaded(modules, SERVER_LIBRARIES + ROOT_EXTRAS) == []


def test_completion_lists_commands_without_loading_them() -> None:
    complete = {"_STREAMZCTL_COMPLETE": "complete_bash", "COMP_WORDS": "streamzctl ch"}
    output, modules = run(env={**complete, "COMP_CWORD": "1"})
    assert output.split() == ["channels", "chat"]
    assert loaded(modules, (*SERVER_LIBRARIES, *COMMAND_MODULES)) == []

    subcommands = {"_STREAMZCTL_COMPLETE": "complete_bash", "COMP_WORDS": "streamzctl accounts "}
    output, modules = run(env={**subcommands, "COMP_CWORD": "2"})
    assert output.split() == ["show", "create", "set-role"]
    assert loaded(modules, SERVER_LIBRARIES) == []


@pytest.mark.parametrize(
    "args",
    [
        ("channels", "--help"),
        ("chat", "--help"),
        ("accounts", "show", "--help"),
        ("search", "reindex", "--help"),
        ("categories", "import", "--help"),
        ("livestreams", "list", "--sort", "nope"),  # a usage error: parsed, never run
    ],
)
def test_group_help_and_usage_errors_import_no_server_library(args: tuple[str, ...]) -> None:
    _, modules = run(*args)
    assert loaded(modules, SERVER_LIBRARIES) == []


def test_a_command_imports_only_its_own_module() -> None:
    _, modules = run("accounts", "show", "--help")
    cli = {m.rpartition(".")[2] for m in modules if m.startswith("streamz.entrypoints.cli.")}
    assert cli == {"main", "runtime", "identity"}


# the table against the modules ---------------------------------------------------------------

CONTRIBUTIONS = textwrap.dedent(
    """
    import json, typer
    from streamz.contexts import modules
    from streamz.entrypoints.cli.chat_group import chat

    root, channels = typer.Typer(), typer.Typer(help="channels")
    root.add_typer(channels, name="channels")
    root.add_typer(chat, name="chat")

    def paths(command, prefix=()):
        subcommands = getattr(command, "commands", None)
        if subcommands is None:
            return {prefix}
        found = {prefix}
        for name, sub in subcommands.items():
            found |= paths(sub, (*prefix, name))
        return found

    seen, added = paths(typer.main.get_group(root)), {}
    for module in modules("streamz.entrypoints.cli"):
        module.register(root, channels)
        now = paths(typer.main.get_group(root))
        for path in now - seen:
            if path:
                added.setdefault(path[0], set()).add(module.__name__.rpartition(".")[2])
        seen = now
    group = typer.main.get_group(root)
    print(json.dumps({
        "contexts": {name: sorted(found) for name, found in added.items()},
        "help": {name: command.help for name, command in group.commands.items()},
    }))
    """
)


def _first_paragraph(text: str | None) -> str:
    return " ".join((text or "").split("\n\n")[0].split())


def test_the_table_lists_every_group_the_contexts_register_with_its_help() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CONTRIBUTIONS],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    registered = json.loads(done.stdout)
    listed = {name: sorted(e.contexts) for name, e in COMMANDS.items() if e.contexts}
    assert listed == registered["contexts"], (
        "main.COMMANDS must list each top-level group a context's register() adds, with the"
        " contexts that add to it"
    )
    for name, help_text in registered["help"].items():
        if name != "channels":  # its help is the table's own
            assert COMMANDS[name].help == _first_paragraph(help_text), name


@pytest.mark.parametrize("name", [n for n, e in COMMANDS.items() if e.target])
def test_each_module_entry_loads_with_the_help_the_table_shows(name: str) -> None:
    from streamz.entrypoints.cli.main import load

    command = load(name)
    assert command.name == name
    assert COMMANDS[name].help == _first_paragraph(command.help)
