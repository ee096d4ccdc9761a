"""Demo and benchmark data: the East of England demo region and the national benchmark set.

An app without models, installed so that its `demo` management command (`manage.py demo`) is found.
"""
