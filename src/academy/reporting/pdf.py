"""Printing HTML to PDF, for every report, certificate and register."""

from __future__ import annotations


def html_to_pdf(html: str) -> bytes:
    """A tagged (PDF/UA-1) PDF. No clock is read, so the same HTML gives the same bytes."""
    from weasyprint import HTML  # imported when first needed: it parses its stylesheets on import

    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")  # type: ignore[no-any-return,unused-ignore]
