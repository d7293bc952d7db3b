"""Target Tracker's extraction engine and fact store.

Flow: reader (bytes → text) → normalise (paragraphs + line map) → documents (articles, date)
→ numbers/units → indicators/regions/periods/kinds/scope → facts → store → queries/export.
"""
