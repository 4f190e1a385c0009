"""REST API and web page: `create_app(store_url, token=...)`, served by `marsad serve`.

`create_app` is loaded on first use, so the command line starts without FastAPI.
"""

__all__ = ["create_app"]


def __getattr__(name: str):
    if name == "create_app":
        from marsad.api.app import create_app

        return create_app
    raise AttributeError(f"module 'marsad.api' has no attribute {name!r}")
