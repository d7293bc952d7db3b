"""A document's text in, its articles and facts out; knows nothing of the store, tracking or the dashboard.

Stages in flow order: read (bytes → text) → normalise (paragraphs + line map) → documents (articles,
date) → numbers (with units) → scope (which numbers are facts) → context (for each kept number: indicator,
region, period, kind, resolved from its clause, its sentence, then its paragraph and article) → assemble
(the document → article → paragraph loop that builds the facts).
"""
from .assemble import Article, DocumentInfo, Extraction, extract_text

__all__ = ["Article", "DocumentInfo", "Extraction", "extract_text"]
