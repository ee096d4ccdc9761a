"""Template filters for NHS.UK style dates and times."""

from django import template

from academy.core.dates import long_date, short_time

register = template.Library()
register.filter("long_date", long_date)
register.filter("short_time", short_time)
