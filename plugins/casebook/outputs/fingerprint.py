"""Fingerprinted theme files and cache headers for a CDN (publish builds).

With ``CASEBOOK_FINGERPRINT`` on, templates link ``theme/css/site.<hash>.css``
instead of ``theme/css/site.css``: the name changes whenever the bytes do, so
these files (and ``media/``, already named by content hash) can be cached for
a year, while HTML stays short-lived. ``_headers`` (Netlify and Cloudflare
Pages format) says so; docs/deploy.md has the same rules for other hosts.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

FINGERPRINTED = (".css", ".js", ".svg")
HEADERS = """\
# Cache rules for Netlify and Cloudflare Pages (see docs/deploy.md for other hosts).
/*
  Cache-Control: public, max-age=300, must-revalidate
  X-Content-Type-Options: nosniff
  Referrer-Policy: strict-origin-when-cross-origin
  Content-Security-Policy: {csp}

/theme/*
  ! Cache-Control
  Cache-Control: public, max-age=31536000, immutable

/media/*
  ! Cache-Control
  Cache-Control: public, max-age=31536000, immutable

/pagefind/*
  ! Cache-Control
  Cache-Control: public, max-age=3600
"""
CSP = ("default-src 'self'; img-src 'self'; style-src 'self'; "
       "script-src 'self' 'wasm-unsafe-eval'; "
       "frame-src https://www.youtube-nocookie.com https://player.vimeo.com; "
       "object-src 'none'; base-uri 'self'; form-action 'self'")


def fingerprinted_name(relative: str, data: bytes) -> str:
    stem, dot, ext = relative.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{ext}" if dot else relative


class StaticUrl:
    """Template helper: ``static_url('css/site.css')`` -> the URL path to link."""

    def __init__(self, on: bool, theme: Path, static_dir: str,
                 generated: dict[str, bytes] | None = None) -> None:
        self.on = on
        self.prefix = static_dir
        self.source = theme / "static"
        self.generated = generated or {}  # files the build writes beside the theme's
        self.urls: dict[str, str] = {}  # a theme file is read and hashed once a build

    def __call__(self, relative: str) -> str:
        if relative not in self.urls:
            name = relative
            if self.on and relative.endswith(FINGERPRINTED):
                data = self.generated.get(relative) or (self.source / relative).read_bytes()
                name = fingerprinted_name(relative, data)
            self.urls[relative] = f"{self.prefix}/{name}"
        return self.urls[relative]


ADMIN_HEADERS = """
/admin/*
  ! Content-Security-Policy
  Content-Security-Policy: {csp}
  Cache-Control: no-cache
  X-Robots-Tag: noindex
"""


def fingerprint_output(output: Path, static_dir: str, admin_policy: str | None = None) -> None:
    """Copy each theme file to its fingerprinted name; write _headers (with the browser
    editor's own policy for /admin/, when it is published)."""
    theme = output / static_dir
    for path in sorted(theme.rglob("*")):
        if path.is_file() and path.suffix in FINGERPRINTED:
            relative = path.relative_to(theme).as_posix()
            target = theme / fingerprinted_name(relative, path.read_bytes())
            if target != path and not target.exists():
                shutil.copyfile(path, target)
    headers = HEADERS.format(csp=CSP)
    if admin_policy:
        headers += ADMIN_HEADERS.format(csp=admin_policy)
    (output / "_headers").write_text(headers, encoding="utf-8")
