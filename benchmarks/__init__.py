"""newsdesk benchmarks: a seeded synthetic news archive and the figures measured on it.

``python -m benchmarks --articles 10000`` generates the archive (once per size and seed),
indexes it through the real ingest path and prints every figure beside a baseline
measured in the same run. See ``docs/performance.md`` for the latest figures.
"""
