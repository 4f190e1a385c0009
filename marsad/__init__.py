"""Marsad: Arabic-first news-to-event coding for the Sahel and beyond."""

__version__ = "0.1.0"
