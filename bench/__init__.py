"""Benchmark tooling, not part of the product: synthetic scale data (`generate_scale_data`), the
page and PDF benchmarks (`bench_pages`, `bench_pdf`, `bench_consolidated_pdf`) and the minimal
view they are compared with (`bench.urls`).

Installed only when asked (`BENCH_TOOLS=1`: `make bench`, the tests), so a production site has
none of these commands.
"""
