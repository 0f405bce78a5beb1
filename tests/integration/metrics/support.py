"""Reading a Prometheus text exposition in the metrics tests."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families


def value(text: str, name: str, **labels: str) -> float:
    """The sum of the samples named ``name`` whose labels include ``labels`` (0 if none)."""
    total = 0.0
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                total += sample.value
    return total


def families(text: str) -> set[str]:
    """Every metric family named in ``text`` (``# HELP`` lines), counters without ``_total``,
    and every sample name."""
    names: set[str] = set()
    for family in text_string_to_metric_families(text):
        names.add(family.name)
        names.update(sample.name for sample in family.samples)
    for line in text.splitlines():
        if line.startswith("# HELP "):
            names.add(line.split()[2])
    return names
