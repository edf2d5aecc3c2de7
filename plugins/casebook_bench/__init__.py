"""Benchmarks: a seeded synthetic corpus and the measurements ``make bench`` reports."""
