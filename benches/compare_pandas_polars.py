#!/usr/bin/env python3
"""Reads the generated 1M-row observations.csv with pandas and polars, for
comparison with the Rust ingest bench (see BENCHMARKS.md). Not part of the
crate and not run by CI.

    python3 -m venv /tmp/bench-venv && /tmp/bench-venv/bin/pip install pandas polars
    cargo bench --bench ingest            # writes the file under target/tmp/bench-data/
    /tmp/bench-venv/bin/python benches/compare_pandas_polars.py [--baseline-ms MS]

Each reader runs once to warm up, then `--runs` times (default 5); the
median wall-clock and process CPU time are printed.

With --parquet (needs `cargo bench --bench parquet --features parquet`
first, which writes observations.parquet next to the CSV file), it times
instead polars' `read_parquet` alone and `read_parquet` plus the growth and
share expression equivalent to `Dataset::bulk` (reported year points, one
value per metric, entity and year with disagreeing sources nulled, change
from the previous year only when that year is the one before, share of the
metric's yearly total), with polars on all cores, to set against the Rust
"parquet load + bulk" figure the bench prints. With --baseline-ms (the
bytes-pass median printed by the ingest bench), ratios are printed too.
The file is read from memory (bytes already loaded), as the Rust bench does.
"""

import argparse
import glob
import io
import os
import statistics
import sys
import time


def find_file():
    root = os.path.join(os.path.dirname(__file__), "..", "target", "tmp", "bench-data")
    hits = sorted(glob.glob(os.path.join(root, "m200-e143-y35-*", "observations.csv")))
    if not hits:
        sys.exit("no generated file: run `cargo bench --bench ingest` first")
    return hits[-1]


def find_parquet():
    root = os.path.join(os.path.dirname(__file__), "..", "target", "tmp", "bench-data")
    hits = sorted(glob.glob(os.path.join(root, "m200-e143-y35-*", "parquet", "observations.parquet")))
    if not hits:
        sys.exit("no Parquet file: run `cargo bench --bench parquet --features parquet` first")
    return hits[-1]


def growth_and_share(pl, df):
    """Dataset::bulk's change and share, as a polars expression."""
    years = (
        df.lazy()
        .filter((pl.col("status") == "reported") & (pl.col("start_year") == pl.col("end_year")))
        .group_by("metric", "entity", "end_year")
        .agg(
            pl.col("value").first().alias("value"),
            (pl.col("value").n_unique() > 1).alias("conflict"),
        )
        .with_columns(pl.when(pl.col("conflict")).then(None).otherwise(pl.col("value")).alias("value"))
        .sort("metric", "entity", "end_year")
    )
    prev_v = pl.col("value").shift(1).over("metric", "entity")
    prev_y = pl.col("end_year").shift(1).over("metric", "entity")
    return years.with_columns(
        pl.when((pl.col("end_year") - prev_y == 1) & (prev_v > 0))
        .then(pl.col("value") / prev_v - 1)
        .otherwise(None)
        .alias("change"),
        (pl.col("value") / pl.col("value").sum().over("metric", "end_year")).alias("share"),
    ).collect()


def parquet_main(args):
    import polars as pl

    path = args.file or find_parquet()
    print(f"file: {path} ({os.path.getsize(path) / 1e6:.1f} MB), polars {pl.__version__}, "
          f"{pl.thread_pool_size()} threads")
    df = pl.read_parquet(path)
    out = growth_and_share(pl, df)
    print(f"{df.height} rows in, {out.height} year points out")
    for name, f in {
        "polars read_parquet": lambda: pl.read_parquet(path),
        "polars read_parquet + growth and share": lambda: growth_and_share(pl, pl.read_parquet(path)),
    }.items():
        wall, cpu = timed(f, args.runs)
        print(f"{name}: median wall {wall * 1e3:.0f} ms, CPU {cpu * 1e3:.0f} ms")


def timed(f, runs):
    f()
    wall, cpu = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        f()
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return statistics.median(wall), statistics.median(cpu)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--file")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--baseline-ms", type=float)
    ap.add_argument("--parquet", action="store_true")
    args = ap.parse_args()
    if args.parquet:
        return parquet_main(args)
    path = args.file or find_file()
    data = open(path, "rb").read()
    print(f"file: {path} ({len(data) / 1e6:.1f} MB)")
    import pandas as pd
    import polars as pl

    # Every column as the loader types it: ids as strings, value as float.
    pd_dtypes = {"metric": "str", "entity": "str", "period": "str", "value": "float64", "qualifier": "str",
                 "unit": "str", "status": "str", "source": "str", "quote": "str", "note": "str"}
    pl_schema = {"metric": pl.Utf8, "entity": pl.Utf8, "period": pl.Utf8, "value": pl.Float64,
                 "qualifier": pl.Utf8, "unit": pl.Utf8, "status": pl.Utf8, "source": pl.Utf8,
                 "quote": pl.Utf8, "note": pl.Utf8}
    readers = {
        f"pandas {pd.__version__} read_csv (C engine)":
            lambda: pd.read_csv(io.BytesIO(data), dtype=pd_dtypes, keep_default_na=False),
        f"polars {pl.__version__} read_csv ({pl.thread_pool_size()} threads)":
            lambda: pl.read_csv(data, schema=pl_schema),
        f"polars {pl.__version__} read_csv + sort by metric, entity, status, period, source":
            lambda: pl.read_csv(data, schema=pl_schema).sort(["metric", "entity", "status", "period", "source"]),
    }
    for name, f in readers.items():
        try:
            wall, cpu = timed(f, args.runs)
        except Exception as e:
            print(f"{name}: skipped ({type(e).__name__}: {e})")
            continue
        line = f"{name}: median wall {wall * 1e3:.0f} ms, CPU {cpu * 1e3:.0f} ms"
        if args.baseline_ms:
            line += f", wall / bytes-pass = {wall * 1e3 / args.baseline_ms:.2f}"
        print(line)


if __name__ == "__main__":
    main()
