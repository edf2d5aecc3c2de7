"""make bench: Casebook against stock Pelican + Pagefind on synthetic corpora (not installed)."""
