"""Loslaten: an open, self-hostable home for the practice of letting go."""

__version__ = "0.1.0"
