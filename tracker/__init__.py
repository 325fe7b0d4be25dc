"""CCM needs tracker: Article 7 reports, obligations, assistance needs, statistics and exports."""

__version__ = "0.1.0"
