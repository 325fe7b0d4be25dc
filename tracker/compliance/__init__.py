"""Reporting compliance and deadlines (``spec/compliance.md``): pure rules, sentences, output.

Nothing here touches the database; :mod:`tracker.services.store` reads the store into the plain
rows (:mod:`tracker.readmodel`) these modules take.
"""
