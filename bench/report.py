#!/usr/bin/env python3
"""Writes bench/results/<date>.md from one run of bench_gradients (Google Benchmark JSON,
median of the repetitions) and the CSV of scripts/compile-curve.sh, and puts the same
tables into README.md between the bench markers.

usage: report.py <benchmark.json> <compile.csv> <date> <results-dir> <README.md>
"""
import csv
import json
import math
import re
import sys
from collections import defaultdict

SYSTEMS = ["hand_written", "ctgrad", "libtorch_scalar", "libtorch_vector", "adolc", "function", "ctgrad_eval"]


def load_times(path):
    """case -> system -> median nanoseconds."""
    with open(path) as f:
        data = json.load(f)
    scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
    times = defaultdict(dict)
    runs = defaultdict(list)
    for b in data["benchmarks"]:
        name = b.get("run_name", b["name"])
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") != "median":
                continue
        elif "repetitions" in b and b.get("repetitions", 1) > 1:
            runs[name].append(b["real_time"] * scale[b["time_unit"]])
            continue
        case, system = name.split("/", 1)
        times[case][system] = b["real_time"] * scale[b["time_unit"]]
    for name, values in runs.items():  # no aggregates reported: take the median ourselves
        case, system = name.split("/", 1)
        if system not in times[case]:
            values.sort()
            times[case][system] = values[len(values) // 2]
    return sorted(times, key=case_order), times, data.get("context", {})


SUITE = ["sum", "product", "log_sum_exp", "normal_log_density", "linear_regression"]


def case_order(case):
    """Seeds, then MLPs by size, then the AD suite by N and function."""
    if case.startswith("seed_"):
        return (0, 0, case)
    if case.startswith("mlp_"):
        sizes = [int(v) for v in case.split("_")[1:]]
        return (1, sizes[0] * sizes[1] + sizes[1] * sizes[2], case)
    name, n = case.rsplit("_", 1)
    return (2, int(n), str(SUITE.index(name)) if name in SUITE else name)


def ns(v):
    if v is None:
        return "-"
    if v >= 1e6:
        return f"{v / 1e6:.2f} ms"
    if v >= 1e3:
        return f"{v / 1e3:.2f} µs"
    return f"{v:.1f} ns"


def ratio(a, b, digits=2):
    if a is None or b is None or b == 0:
        return "-"
    r = a / b
    return f"{r:,.0f}x" if r >= 100 else f"{r:.{digits}f}x"


def runtime_table(cases, times):
    head = ("| case | hand-written | ctgrad | ctgrad / hand | LibTorch scalar | LibTorch / ctgrad "
            "| LibTorch vector | LibTorch vector / ctgrad | ADOL-C | ADOL-C / ctgrad | function | gradient / function |")
    rows = [head, "|" + "---|" * 12]
    for case in cases:
        t = times[case]
        g = t.get("ctgrad")
        rows.append("| " + " | ".join([
            case, ns(t.get("hand_written")), ns(g), ratio(g, t.get("hand_written")),
            ns(t.get("libtorch_scalar")), ratio(t.get("libtorch_scalar"), g),
            ns(t.get("libtorch_vector")), ratio(t.get("libtorch_vector"), g),
            ns(t.get("adolc")), ratio(t.get("adolc"), g),
            ns(t.get("function")), ratio(g, t.get("function")),
        ]) + " |")
    return "\n".join(rows)


def targets(cases, times):
    """The targets of issue 5, each with its worst case."""
    seeds = [c for c in cases if c.startswith("seed_")]
    suite = [c for c in cases if re.match(r"(sum|product|log_sum_exp|normal_log_density|linear_regression)_\d+$", c)]
    lines = []

    def worst(cs, key):
        vals = [(key(times[c]), c) for c in cs if key(times[c]) is not None]
        return min(vals) if vals else (None, None)

    def get(t, a, b):
        return t[a] / t[b] if a in t and b in t else None

    lo, c = worst(seeds, lambda t: get(t, "libtorch_scalar", "ctgrad"))
    lines.append(f"- seed networks, LibTorch autograd / ctgrad >= 1000x: smallest {lo:,.0f}x ({c})" if lo else "")
    lo, c = worst(seeds, lambda t: get(t, "adolc", "ctgrad"))
    lines.append(f"- seed networks, ADOL-C / ctgrad >= 100x: smallest {lo:,.0f}x ({c})" if lo else "")
    hi = max(((get(times[c], "ctgrad", "hand_written"), c) for c in seeds), default=(None, None))
    lines.append(f"- seed networks, ctgrad / hand-written <= 1.10x: largest {hi[0]:.2f}x ({hi[1]})" if hi[0] else "")
    hi = max(((get(times[c], "ctgrad", "function"), c) for c in suite), default=(None, None))
    lines.append(f"- AD suite, gradient / function <= 3: largest {hi[0]:.2f} ({hi[1]})" if hi[0] else "")
    return "\n".join(l for l in lines if l)


def load_compile(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def slope(points):
    """Least-squares exponent k in y ~ n^k over the sizes >= 32."""
    pts = [(math.log(n), math.log(y)) for n, y in points if n >= 32 and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    sxx = sum((p[0] - mx) ** 2 for p in pts)
    return sum((p[0] - mx) * (p[1] - my) for p in pts) / sxx if sxx else None


def compile_table(rows):
    out = ["| compiler | benchmark | size | n | seconds | peak MiB |", "|---|---|---|---|---|---|"]
    for r in rows:
        out.append(f"| {r['compiler']} | {r['benchmark']} | {r['size']} | {r['n']} | {r['seconds']} | {r['peak_mib']} |")
    series = defaultdict(list)
    for r in rows:
        if r["seconds"] != "failed":  # (a failed compile is in the table with its first error)
            series[(r["compiler"], r["benchmark"])].append((int(r["n"]), float(r["seconds"]), float(r["peak_mib"])))
    out += ["", "Growth exponent k (time or memory ~ n^k; 1 is linear): least squares over n >= 32, and between",
            "the two largest sizes (where the fixed cost of including the headers matters least):", "",
            "| compiler | benchmark | seconds k | seconds k, largest step | peak memory k | peak memory k, largest step |",
            "|---|---|---|---|---|---|"]

    def last_step(pts):
        (n1, y1), (n2, y2) = sorted(pts)[-2:]
        return math.log(y2 / y1) / math.log(n2 / n1)

    def fmt(v):
        return "-" if v is None else f"{v:.2f}"

    for (cxx, bench), pts in series.items():
        ts = [(n, s) for n, s, _ in pts]
        ms = [(n, m) for n, _, m in pts]
        out.append(f"| {cxx} | {bench} | {fmt(slope(ts))} | {fmt(last_step(ts))} | {fmt(slope(ms))} | {fmt(last_step(ms))} |")
    return "\n".join(out)


def main():
    bench_json, compile_csv, date, results, readme = sys.argv[1:6]
    cases, times, context = load_times(bench_json)
    rows = load_compile(compile_csv)
    machine = f"{context.get('num_cpus', '?')} CPUs at {context.get('mhz_per_cpu', '?')} MHz"
    runtime = runtime_table(cases, times)
    summary = targets(cases, times)
    compiled = compile_table(rows)
    doc = f"""# ctgrad benchmark results, {date}

Produced by `bash scripts/run-bench.sh` ({machine}; g++ -O2; Google Benchmark, median of
the repetitions, random interleaving; LibTorch and ADOL-C from Debian, one thread; the BLAS
loaded: {context.get('blas', 'not recorded')}). Times
are per gradient; every ratio compares two systems of the same run. Before timing, every
system's value and gradient were checked against ctgrad's (`bench_gradients --smoke`).

## Targets

{summary}

## Time per gradient

Columns: each system's time per value-and-gradient; ratios above 1 mean ctgrad is faster,
except ctgrad / hand (the overhead over hand-written backprop) and gradient / function
(ctgrad's gradient against the plain double function, FastAD's measure of AD overhead).

{runtime}

## Compile time

![compile time and memory](compile-{date}.png)

{compiled}
"""
    with open(f"{results}/{date}.md", "w") as f:
        f.write(doc)
    with open(readme) as f:
        text = f.read()
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    section = f"""{begin}
Latest run ({date}, [full report](bench/results/{date}.md)):

{summary}

{runtime}

![compile time and memory](bench/results/compile-{date}.png)
{end}"""
    if begin in text and end in text:
        text = text[: text.index(begin)] + section + text[text.index(end) + len(end):]
        with open(readme, "w") as f:
            f.write(text)
    print(f"wrote {results}/{date}.md")


if __name__ == "__main__":
    main()
