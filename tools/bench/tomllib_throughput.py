#!/usr/bin/env python3
"""Throughput of Python's tomllib over the valid files of toml-test's TOML 1.0.0 list.

The counterpart of tests/Benchmarks/Toml/TomlParserBenchmarks.cs: the same files, read into memory first, parsed
from bytes (UTF-8 decoding included, as the C# parser validates UTF-8 itself). Prints MB/s (10^6 bytes per second)
for the best and the median of several timed rounds.

Usage: python3 tools/bench/tomllib_throughput.py [--shared DIR] [--rounds N] [--seconds S]
"""
import argparse
import os
import statistics
import sys
import time
import tomllib
from pathlib import Path

LIST_FILE = Path("toml-test/tests/files-toml-1.0.0")


def find_shared(explicit):
    candidates = []
    if explicit:
        candidates.append(Path(explicit))
    if os.environ.get("REDOX_SHARED"):
        candidates.append(Path(os.environ["REDOX_SHARED"]))
    for start in (Path(__file__).resolve().parent, Path.cwd()):
        candidates.extend(parent / "shared" for parent in [start, *start.parents])
    for candidate in candidates:
        if (candidate / LIST_FILE).is_file():
            return candidate
    sys.exit(f"{LIST_FILE} not found: pass --shared DIR or set REDOX_SHARED to the folder holding toml-test/")


def load_corpus(shared):
    suite = shared / LIST_FILE.parent
    names = [line.strip() for line in (shared / LIST_FILE).read_text().splitlines()]
    return [(suite / name).read_bytes() for name in names if name.startswith("valid/") and name.endswith(".toml")]


def parse_all(corpus):
    keys = 0
    for data in corpus:
        # tomllib does not skip a byte-order mark itself (two suite files start with one); utf-8-sig does.
        keys += len(tomllib.loads(data.decode("utf-8-sig")))
    return keys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", help="folder holding toml-test/ (default: REDOX_SHARED or a 'shared' folder above)")
    parser.add_argument("--rounds", type=int, default=7, help="timed rounds (default 7)")
    parser.add_argument("--seconds", type=float, default=1.0, help="minimum length of one round (default 1 s)")
    args = parser.parse_args()

    corpus = load_corpus(find_shared(args.shared))
    total = sum(len(data) for data in corpus)

    # Warm up and size a round so each lasts at least --seconds.
    passes = 1
    while True:
        start = time.perf_counter()
        for _ in range(passes):
            parse_all(corpus)
        if time.perf_counter() - start >= args.seconds:
            break
        passes *= 2

    rates = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        for _ in range(passes):
            parse_all(corpus)
        elapsed = time.perf_counter() - start
        rates.append(total * passes / elapsed / 1e6)

    print(f"tomllib (Python {sys.version.split()[0]}): {len(corpus)} files, {total:,} bytes per pass, "
          f"{passes} passes per round, {args.rounds} rounds")
    print(f"best   {max(rates):8.2f} MB/s  ({total / (max(rates) * 1e6) * 1e6:,.0f} us per pass)")
    print(f"median {statistics.median(rates):8.2f} MB/s")


if __name__ == "__main__":
    main()
