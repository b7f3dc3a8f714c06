#!/usr/bin/env python3
"""Markdown tables of bench_training's JSON: per case, each system's median time and the
ratios the training issues target: on one thread, ctgrad / hand-written Eigen and LibTorch /
ctgrad, and ctgrad's GFLOP/s against the core's fp32 (fp64) FMA peak, taken as two 256-bit FMA
pipes at the clock Google Benchmark read; on every core, LibTorch (all cores) / ctgrad (all
cores) and ctgrad's own scaling."""
import json
import re
import sys


def step_flops(case):
    """Floating-point operations of the step's products ("64x784-128-10/..."): the two forward
    GEMMs, both weight gradients and the hidden layer's adjoint (the input's is not needed)."""
    b, i, h, o = map(int, re.match(r"(\d+)x(\d+)-(\d+)-(\d+)", case).groups())
    return 2 * b * h * (2 * i + 3 * o)


def main(path, out):
    runs = json.load(open(path))
    times = {}
    for b in runs["benchmarks"]:
        if b.get("aggregate_name", "median") != "median":
            continue
        name = b.get("run_name", b["name"]).replace("_median", "")
        case, system = name.rsplit("/", 1)
        times.setdefault(case, {})[system] = b["real_time"]  # microseconds, wall clock
    # one order whatever order the benchmarks ran in: float before double, mse before cross-entropy, small first
    def order(case):
        size, loss, kind = case.split("/")
        return (kind != "float", loss != "mse", [int(n) for n in re.findall(r"\d+", size)])
    times = dict(sorted(times.items(), key=lambda item: order(item[0])))
    context = runs.get("context", {})
    cores = max([int(m.group(1)) for t in times.values() for s in t
                 if (m := re.fullmatch(r"ctgrad_(\d+)_threads", s))] or [1])
    all_cores = f"ctgrad_{cores}_threads" if cores > 1 else "ctgrad"
    lines = [
        f"LibTorch's BLAS: {context.get('blas', 'not recorded')}; LibTorch's default threads: "
        f"{context.get('libtorch_default_threads', '?')}; {context.get('num_cpus', '?')} CPUs; wall-clock medians "
        f"of {runs['benchmarks'][0].get('repetitions', 1)} repetitions",
        "",
        "One thread each:",
        "",
        "| case | ctgrad | Eigen by hand | ctgrad / Eigen | LibTorch | LibTorch / ctgrad | LibTorch default threads "
        "| ctgrad GFLOP/s (of peak) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    mhz = float(context.get("mhz_per_cpu", 0))
    for case, t in times.items():
        c, e, l1, ld = (t.get(k) for k in ("ctgrad", "eigen_by_hand", "libtorch_1_thread", "libtorch_default_threads"))
        gflops = step_flops(case) / (c * 1e3)
        peak = mhz * 1e-3 * (32 if case.endswith("float") else 16)  # two 256-bit FMA pipes: 16 or 8 multiply-adds
        of_peak = f" ({100 * gflops / peak:.0f} %)" if peak > 0 else ""
        lines.append(f"| {case} | {c:.1f} us | {e:.1f} us | {c / e:.2f}x | {l1:.1f} us | {l1 / c:.2f}x | {ld:.1f} us "
                     f"| {gflops:.1f}{of_peak} |")
    lines += [
        "",
        f"Every core ({cores} threads each; ctgrad's scaling is its one-thread time over its {cores}-thread time):",
        "",
        f"| case | ctgrad {cores} threads | ctgrad scaling | LibTorch {cores} threads | LibTorch / ctgrad |",
        "|---|---|---|---|---|",
    ]
    for case, t in times.items():
        c1, cn, la = (t.get(k) for k in ("ctgrad", all_cores, "libtorch_all_cores"))
        lines.append(f"| {case} | {cn:.1f} us | {c1 / cn:.2f}x | {la:.1f} us | {la / cn:.2f}x |")
    open(out, "w").write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
