"""giamsat: monitoring the implementation of Resolution 57-NQ/TW and the plans that cascade from it."""

__version__ = "0.1.0"
