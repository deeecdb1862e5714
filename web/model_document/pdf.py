"""HTML to PDF with WeasyPrint (pure Python over Pango; no browser, no network).

The document's styles are inlined and its diagram is inline SVG, so nothing needs fetching:
the fetcher allows data: addresses only, never the network or the file system.
"""


def to_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML document (title and language from its head)."""
    from weasyprint import HTML  # imported on use: it loads Pango
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=("data",), timeout=1)
    return HTML(string=html, url_fetcher=fetcher, base_url=None).write_pdf()
