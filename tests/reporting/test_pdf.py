"""One way to print HTML to PDF, shared by reports, certificates and registers."""

from academy.reporting.pdf import html_to_pdf


def test_the_same_html_prints_the_same_tagged_pdf():
    html = '<html lang="en-GB"><head><title>Register</title></head><body><h1>Register</h1></body></html>'
    first = html_to_pdf(html)
    assert first.startswith(b"%PDF-")
    assert html_to_pdf(html) == first
