"""`reporting` is what every app prints with, so, like `core`, it must not reach into any of them."""

import academy.reporting
from tests.core.test_core_depends_on_no_app import DOMAIN_APPS
from tests.dependencies import imports_reaching


def test_reporting_imports_no_domain_app():
    assert imports_reaching(academy.reporting, (*DOMAIN_APPS, "academy.web", "academy.api")) == set()


def test_offers_prints_through_reporting_not_through_evaluation():
    import academy.offers

    assert imports_reaching(academy.offers, ("academy.evaluation",)) == set()
