"""Reporting compliance and deadlines (``spec/compliance.md``): pure rules, sentences, output.

Nothing here touches the database; :mod:`tracker.services.compliance` reads the store into the
plain rows these modules take.
"""
