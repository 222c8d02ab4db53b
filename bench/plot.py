"""Plot and tabulate bench/run.py results: time against N for the provider and the baseline.

    python bench/plot.py bench/results.jsonl -o docs/benchmarks.png [--markdown]

Input: the JSON lines bench/run.py prints last (one per configuration; other lines are
ignored). Output: a PNG with one panel per phase (up, destroy, no-change preview), a line per
latency for the provider, the no-op baseline, and at L > 0 the floor `baseline + API calls on
the critical path x L`; with --markdown, the results table of docs/benchmarks.md on stdout.
Needs matplotlib (`pip install -e .[bench]`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

PANELS = (("up", "pulumi up"), ("destroy", "pulumi destroy"), ("preview", "no-change preview"))


def load(path: Path) -> list[dict[str, Any]]:
    """Result objects from a file of bench/run.py output (last one wins per N and L)."""
    found: dict[tuple[int, int], dict[str, Any]] = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        data = json.loads(line)
        if "bindings" in data and "up_s" in data and "error" not in data:
            found[(data["latency_ms"], data["bindings"])] = data
    return [found[k] for k in sorted(found)]


def floor_s(r: dict[str, Any]) -> float:
    """Baseline up time plus the API calls on the critical path times the latency."""
    calls = r.get("targets", {}).get("critical_path_calls_up", 0)
    return r["baseline_up_s"] + calls * r["latency_ms"] / 1000


def plot(results: list[dict[str, Any]], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    by_latency: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in results:
        by_latency[r["latency_ms"]].append(r)
    fig, axes = plt.subplots(1, len(PANELS), figsize=(13, 4.2), sharex=True)
    colors = ["tab:blue", "tab:orange", "tab:green", "tab:purple"]
    for ax, (phase, title) in zip(axes, PANELS, strict=True):
        for color, (latency, rows) in zip(colors, sorted(by_latency.items()), strict=False):
            ns = [r["bindings"] for r in rows]
            ax.plot(ns, [r[f"{phase}_s"] for r in rows], "o-", color=color,
                    label=f"pulumi-voxbind, API latency {latency} ms")
            ax.plot(ns, [r[f"baseline_{phase}_s"] for r in rows], "s--", color=color,
                    alpha=0.6, label=f"no-op provider (run with L={latency} ms)")
            if phase == "up" and latency:
                ax.plot(ns, [floor_s(r) for r in rows], ":", color=color,
                        label=f"baseline + critical-path calls x {latency} ms")
        ax.set_title(title)
        ax.set_xlabel("bindings (N)")
        ax.set_ylabel("seconds (median)")
        ax.set_ylim(bottom=0)
        ax.grid(True, alpha=0.3)
    axes[0].legend(fontsize=7, loc="upper left")
    first = results[0]
    fig.suptitle(f"pulumi-voxbind vs a no-op dynamic provider - Pulumi {first.get('pulumi')}, "
                 f"--parallel {first.get('parallel')}, {first.get('nproc')} cores, "
                 f"median of {first.get('repeat', 1)}", fontsize=10)
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    print(f"wrote {out}", file=sys.stderr)


def markdown(results: list[dict[str, Any]]) -> str:
    """The results table: times (median seconds), ratios and API calls per configuration."""
    head = ("| N | L (ms) | up | baseline up | up / baseline | 1.5 x floor | destroy | "
            "baseline destroy | no-change preview | baseline preview | API calls up "
            "(per binding) | preview calls | destroy calls |")
    rows = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in results:
        t = r.get("targets", {})
        n = r["bindings"]
        rows.append(
            f"| {n} | {r['latency_ms']} | {r['up_s']:.2f} | {r['baseline_up_s']:.2f} | "
            f"{r['up_s'] / r['baseline_up_s']:.2f} | {t.get('up_target_s', 0):.2f} | "
            f"{r['destroy_s']:.2f} | {r['baseline_destroy_s']:.2f} | {r['preview_s']:.2f} | "
            f"{r['baseline_preview_s']:.2f} | {r['api_calls_up']} ({r['api_calls_up'] / n:.2f}) "
            f"| {r['api_calls_preview']} | {r['api_calls_destroy']} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path, help="file of bench/run.py JSON lines")
    parser.add_argument("-o", "--out", type=Path, default=Path("docs/benchmarks.png"))
    parser.add_argument("--markdown", action="store_true", help="print the results table")
    args = parser.parse_args(argv)
    results = load(args.results)
    if not results:
        parser.error(f"no results in {args.results}")
    plot(results, args.out)
    if args.markdown:
        print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
