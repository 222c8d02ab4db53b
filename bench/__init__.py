"""Benchmarks of pulumi-voxbind against the API floor and a no-op dynamic provider (issue 6).

`python bench/run.py --bindings N --latency-ms L` runs one configuration; `bench/plot.py`
draws docs/benchmarks.png from the JSON lines it prints. Not part of the test suite.
"""
