"""One name per context in every layer: each layer's per-context modules are named after a
context in ``streamz.contexts.CONTEXTS`` (and found from it), the rest is the layer's own
plumbing, listed here."""

from __future__ import annotations

from pathlib import Path

import pytest

import streamz
from streamz.contexts import CONTEXTS, modules

SRC = Path(streamz.__file__).parent

# layer (package) -> (its modules that are plumbing, not a context; is it a package per context)
LAYERS: dict[str, tuple[frozenset[str], bool]] = {
    "container": (frozenset({"infra", "memory", "postgres", "usecases", "consumers"}), False),
    "entrypoints/http": (frozenset({"webhooks"}), True),
    "entrypoints/cli": (
        frozenset({"chat_group", "db", "demo", "main", "run", "runtime", "services"}),
        False,
    ),
    "adapters/postgres/models": (frozenset(), False),
}


def _members(layer: str, packages: bool) -> set[str]:
    root = SRC / layer
    if packages:
        return {p.name for p in root.iterdir() if (p / "__init__.py").exists()}
    return {p.stem for p in root.glob("*.py") if p.stem != "__init__"}


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_every_per_context_module_is_named_after_a_context(layer: str) -> None:
    plumbing, packages = LAYERS[layer]
    strays = _members(layer, packages) - set(CONTEXTS) - plumbing
    assert not strays, f"{layer}: {sorted(strays)} name no context in streamz/contexts.py"


@pytest.mark.parametrize(
    ("package", "member"),
    [
        ("streamz.container", ""),
        ("streamz.entrypoints.http", "routes"),
        ("streamz.entrypoints.cli", ""),
        ("streamz.adapters.postgres.models", ""),
    ],
)
def test_each_layer_finds_its_context_modules_from_the_one_list(package: str, member: str) -> None:
    layer = package.removeprefix("streamz.").replace(".", "/")
    _, packages = LAYERS[layer]
    expected = {name for name in _members(layer, packages) if name in CONTEXTS}
    if member:  # only context packages that have that member (e.g. routes.py)
        expected = {n for n in expected if (SRC / layer / n / f"{member}.py").exists()}
    found = {m.__name__.removeprefix(f"{package}.").removesuffix(f".{member}") for m in
             modules(package, member)}  # fmt: skip
    assert found == expected


def test_the_core_contexts_are_named_in_the_list() -> None:
    contexts = {p.name for p in (SRC / "core").iterdir() if (p / "__init__.py").exists()}
    nested = {p.name for parent in (SRC / "core").iterdir() if parent.is_dir()
              for p in parent.iterdir() if (p / "__init__.py").exists()}  # fmt: skip
    # core's own plumbing: the shared kernel and the outbox relay
    assert contexts - {"shared", "events"} <= set(CONTEXTS) | nested
