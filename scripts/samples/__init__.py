"""Helpers of ``scripts/make_samples.py``: the intended model, the vocabulary, the writers."""
