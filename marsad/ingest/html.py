"""HTML page → Document, with trafilatura doing the boilerplate removal."""

from __future__ import annotations

import trafilatura

from marsad.records import Document

MAX_HTML_CHARS = 5_000_000


def html_to_document(html: str, doc_id: str, origin: str, url: str | None = None) -> Document | None:
    """Main article text and metadata of a news page; None when there is no article."""
    html = html[:MAX_HTML_CHARS]
    try:
        extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                                include_comments=False, include_tables=False)
    except (ValueError, RecursionError, TypeError, AttributeError):
        return None
    if not extracted:
        return None
    data = extracted if isinstance(extracted, dict) else extracted.as_dict()
    text = (data.get("text") or "").strip()
    if not text:
        return None
    date = data.get("date")
    return Document(
        id=doc_id,
        text=text,
        url=url or data.get("url"),
        outlet=data.get("sitename") or data.get("hostname"),
        published=str(date)[:10] if date else None,
        title=data.get("title"),
        origin=origin,
    )
