"""The printable certificate: a PDF through `reporting.pdf`, carrying the verification address as text
and as a QR code (segno), so a reader of the paper copy can check it."""

import segno
from django.template.loader import render_to_string

from academy.reporting.pdf import html_to_pdf

from .documents import verification_url
from .models import Credential
from .selectors import verification_of


def qr_data_uri(url: str) -> str:
    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=2))


def certificate_html(*, credential: Credential) -> str:
    url = verification_url(credential.pk)
    return render_to_string(
        "credentials/certificate.html",
        {
            "credential": credential,
            "verification": verification_of(credential),
            "url": url,
            "qr": qr_data_uri(url),
        },
    )


def certificate_pdf(*, credential: Credential) -> bytes:
    return html_to_pdf(certificate_html(credential=credential))
