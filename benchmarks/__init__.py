"""Benchmarks of claims: ``python -m benchmarks`` (see ``benchmarks/README.md``).

Speed is reported as ratios measured in one run on a seeded synthetic news corpus, never
as timed tests.
"""
