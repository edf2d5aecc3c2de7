"""The content model: schema, parsing, validation of every content file (no Pelican).

Every other part of Casebook, the templates and the tests use these objects
instead of reading front matter themselves.
"""

from casebook.content.model import (
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
from casebook.content.problems import Problem
from casebook.content.site import ContentSettings, Site, load_site

__all__ = [
    "Approval", "Asset", "ContentSettings", "Faq", "Interview", "Item",
    "Metric", "Page", "Person", "Problem", "Quote", "Site", "Story", "Term",
    "Vocabularies", "load_site",
]
