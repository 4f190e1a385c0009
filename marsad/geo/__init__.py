"""Offline multilingual gazetteer and geoparser (ar, fr, en) with ACLED precision codes.

    gazetteer = Gazetteer.open()            # builds ~/.cache/marsad/gazetteer-N.sqlite on first use
    resolver = GeoResolver(gazetteer)
    places = resolver.resolve_document(text, "ar")
    place = resolver.place_for_span(places, start, end)
"""

from marsad.geo.gazetteer import Entry, Gazetteer, default_path
from marsad.geo.resolver import DocumentPlaces, GeoResolver

__all__ = ["DocumentPlaces", "Entry", "Gazetteer", "GeoResolver", "default_path"]
