"""Casebook's shared content model: schema, parsing, validation and rendering.

Every other Casebook plugin, the command-line tool, the templates and the
tests use these objects instead of reading front matter themselves.
"""

from .model import (
    Approval,
    Asset,
    Faq,
    Interview,
    Item,
    Metric,
    Page,
    Person,
    Quote,
    Story,
    Term,
    Vocabularies,
)
from .problems import ContentError, Problem, Report
from .site import ContentSettings, Site, load_site

__all__ = [
    "Approval", "Asset", "ContentError", "ContentSettings", "Faq", "Interview", "Item",
    "Metric", "Page", "Person", "Problem", "Quote", "Report", "Site", "Story", "Term",
    "Vocabularies", "load_site",
]
