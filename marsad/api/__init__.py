"""REST API and web page: `create_app(store_url, token=...)`, served by `marsad serve`."""

from marsad.api.app import create_app

__all__ = ["create_app"]
