"""Handing the rendered pages to Pagefind, in memory, and writing its bundle."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from casebook.aliases import aliases_for
from casebook_site.writer import INDEXED_MARK, RenderedPage

from .service import PromptPagefindService

MAIN_END = re.compile(r"</main>", re.IGNORECASE)
TAGS = re.compile(r"<[^>]+>")


def with_aliases(page_html: str, groups: list[list[str]]) -> str:
    """The page as Pagefind should see it: alias words added, for the index only."""
    if not groups:
        return page_html
    body = page_html.split(INDEXED_MARK, 1)[-1].split("</main>", 1)[0]
    extra = aliases_for(html.unescape(TAGS.sub(" ", body)), groups)
    if not extra:
        return page_html
    words = html.escape(" ".join(extra))
    return MAIN_END.sub(f'<p data-pagefind-weight="0.5">{words}</p></main>', page_html, count=1)


async def _build(pages: Iterable[RenderedPage], output: Path, groups: list[list[str]]) -> int:
    service = await PromptPagefindService().launch()
    try:
        index = await service.create_index({})
        # One at a time, in URL order: the binary numbers pages as they arrive, so a
        # fixed order is what makes two builds of one commit byte-identical.
        added = 0
        for page in sorted(pages, key=lambda p: p.url):
            await index.add_html_file(content=with_aliases(page.html, groups), url=page.url,
                                      source_path=page.save_as)
            added += 1
        await index.write_files(output_path=str(output))
    finally:
        await service.close()
    return added


def build_index(pages: list[RenderedPage], output: Path, groups: list[list[str]]) -> int:
    """Index the pages into ``output`` (a fresh folder); returns how many were indexed.

    Runs in a thread of its own, so it works even when the caller already has an
    event loop running (a test driving a browser, an editor's tool).
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _build(pages, output, groups)).result()
