"""What every app prints with: number rules (arithmetic), SVG charts, CSV/Excel tables, periods and PDF.

It imports no domain app: evaluation, offers and the apps to come print through it, not through each other.
"""
