"""Errors of the local store."""


class StoreError(Exception):
    """The database cannot be used (for example, it was written by a newer inbox-tui)."""


class SearchQueryError(ValueError):
    """A search query the agent typed cannot be understood; the message says why, in plain words."""
