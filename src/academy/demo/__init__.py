"""Demo and benchmark data: the East of England demo region and the national benchmark set.

A plain package (not a Django app); the `demo` management command in academy.core drives it.
"""
