"""bench/all.py's table logic: ratios against targets, PASS/FAIL/ERROR, the Markdown table.
No benchmark runs here."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest


def _load() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "bench" / "all.py"
    spec = importlib.util.spec_from_file_location("bench_all", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_all"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


ba = _load()


def test_a_ratio_at_least_its_target_passes_and_below_fails() -> None:
    target = ba.Target("full ÷ bare", "full.rps", ">=", 0.8, "base.rps")
    ok = ba.evaluate("http_read", target, {"full.rps": 800.0, "base.rps": 1000.0})
    low = ba.evaluate("http_read", target, {"full.rps": 799.0, "base.rps": 1000.0})
    assert (ok.status, ok.ratio, ok.target) == ("PASS", 0.8, ">= 0.8x")
    assert low.status == "FAIL"
    assert (low.value, low.baseline) == (799.0, 1000.0)


def test_an_upper_bound_on_a_ratio() -> None:
    target = ba.Target("p99 ÷ p50", "p99", "<=", 3, "p50")
    assert ba.evaluate("x", target, {"p99": 30.0, "p50": 10.0}).status == "PASS"
    assert ba.evaluate("x", target, {"p99": 31.0, "p50": 10.0}).status == "FAIL"


def test_inverse_compares_time_per_item_from_two_rates() -> None:
    # 1,000 terms at 100 checks/s vs 10 terms at 104: time per check 1.04x the baseline's
    target = ba.Target("time/check", "many", "<=", 1.05, "few", inverse=True)
    row = ba.evaluate("blocked_terms", target, {"many": 100.0, "few": 104.0})
    assert row.ratio == pytest.approx(1.04)
    assert row.status == "PASS"
    assert ba.evaluate("b", target, {"many": 100.0, "few": 106.0}).status == "FAIL"


def test_an_absolute_limit_has_no_ratio() -> None:
    target = ba.Target("p99", "p99_ms", "<=", 200, unit="ms")
    row = ba.evaluate("realtime_fanout", target, {"p99_ms": 150.0})
    assert (row.status, row.ratio, row.baseline, row.target) == ("PASS", None, None, "<= 200 ms")


@pytest.mark.parametrize(
    "figures",
    [{}, {"full.rps": 5.0}, {"full.rps": None, "base.rps": 1.0}, {"full.rps": 5.0, "base.rps": 0}],
)
def test_a_missing_null_or_zero_figure_is_an_error_not_a_pass(figures: dict[str, object]) -> None:
    target = ba.Target("full ÷ bare", "full.rps", ">=", 0.5, "base.rps")
    assert ba.evaluate("x", target, figures).status == "ERROR"


def test_rows_start_with_the_exit_status_and_a_timeout_is_an_error() -> None:
    bench = ba.Benchmark("f", "f.py", (), (), 10, (ba.Target("r", "a", ">=", 1, "b"),))
    good = ba.rows_for(bench, ba.Outcome(0, {"a": 2.0, "b": 1.0}))
    assert [(r.figure, r.status) for r in good] == [("exit status", "PASS"), ("r", "PASS")]
    assert not ba.failed(good)
    checks_failed = ba.rows_for(bench, ba.Outcome(1, {"a": 2.0, "b": 1.0}))
    assert [r.status for r in checks_failed] == ["FAIL", "PASS"]
    timed_out = ba.rows_for(bench, ba.Outcome(None))
    assert [r.status for r in timed_out] == ["ERROR", "ERROR"]
    assert ba.failed(timed_out)


def test_markdown_has_the_context_line_a_row_per_figure_and_bold_failures() -> None:
    rows = [
        ba.Row("follows", "full ÷ raw", 600.0, 1000.0, 0.6, ">= 0.6x", "PASS"),
        ba.Row("a|b", "p99", 1.5, None, None, "<= 1 s", "FAIL", "see its log"),
    ]
    text = ba.markdown(rows, {"date": "2026-12-08", "machine": "x86_64, 2 cores"})
    lines = text.splitlines()
    assert lines[0] == "date: 2026-12-08, machine: x86_64, 2 cores"
    assert lines[2].startswith("| benchmark | figure | value | baseline | ratio | target |")
    assert lines[4] == "| follows | full ÷ raw | 600 | 1,000 | 0.60x | >= 0.6x | PASS |"
    assert lines[5] == "| a\\|b | p99 | 1.50 | - | - | <= 1 s | **FAIL (see its log)** |"
    assert ba.text_table(rows).splitlines()[0].split() == ba.HEADER


def test_select_keeps_the_table_order_and_rejects_unknown_names() -> None:
    names = [b.name for b in ba.select("follows,chat_send.py", ba.BENCHMARKS)]
    assert names == [b.name for b in ba.BENCHMARKS if b.name in {"follows", "chat_send"}]
    assert len(ba.select("", ba.BENCHMARKS)) == len(ba.BENCHMARKS)
    with pytest.raises(ValueError, match="nope"):
        ba.select("follows,nope", ba.BENCHMARKS)


def test_every_benchmark_script_exists_and_targets_compare_known_ways() -> None:
    bench_dir = Path(str(ba.__file__)).parent
    for bench in ba.BENCHMARKS:
        assert (bench_dir / bench.script).is_file()
        for target in bench.targets:
            assert target.op in (">=", "<=")
