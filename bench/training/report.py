#!/usr/bin/env python3
"""Markdown table of bench_training's JSON: per case, each system's median time and the
ratios the training issue targets (ctgrad / hand-written Eigen, LibTorch / ctgrad)."""
import json
import sys


def main(path, out):
    runs = json.load(open(path))
    times = {}
    for b in runs["benchmarks"]:
        if b.get("aggregate_name", "median") != "median":
            continue
        name = b.get("run_name", b["name"]).replace("_median", "")
        case, system = name.rsplit("/", 1)
        times.setdefault(case, {})[system] = b["real_time"]  # microseconds
    lines = [
        "| case | ctgrad | Eigen by hand | ctgrad / Eigen | LibTorch 1 thread | LibTorch / ctgrad | LibTorch default threads |",
        "|---|---|---|---|---|---|---|",
    ]
    for case, t in times.items():
        c, e, l1, ld = (t.get(k) for k in ("ctgrad", "eigen_by_hand", "libtorch_1_thread", "libtorch_default_threads"))
        lines.append(f"| {case} | {c:.1f} us | {e:.1f} us | {c / e:.2f}x | {l1:.1f} us | {l1 / c:.1f}x | {ld:.1f} us |")
    open(out, "w").write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
