"""The booking flow with the keyboard alone: Tab to move, Enter to follow or press, Space to tick."""

import re

import pytest
from playwright.sync_api import Page

from academy.offers.models import Booking
from tests.browser.conftest import PASSWORD, Journey
from tests.browser.world import build_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]

FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const label = e.labels && e.labels.length ? e.labels[0].innerText : '';
  const style = getComputedStyle(e);
  return {
    tag: e.tagName.toLowerCase(), type: e.getAttribute('type') || '',
    name: (e.getAttribute('aria-label') || e.innerText || e.value || label || '').trim(), label: label.trim(),
    visible: e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().height > 0,
    indicator: style.boxShadow !== 'none' || (style.outlineStyle !== 'none' && style.outlineColor !== 'rgba(0, 0, 0, 0)'
               && style.outlineWidth !== '0px') || style.backgroundColor === 'rgb(255, 235, 59)',
  };
}"""


def tab_to(page: Page, pattern: str, *, limit: int = 80) -> dict:
    """Press Tab until the focused element's name or label matches; it must show where focus is."""
    regex = re.compile(pattern, re.I)
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        seen.append(focused["name"][:40])
        if regex.search(focused["name"]) or regex.search(focused["label"]):
            assert focused["visible"], f"focused element {focused['name']!r} is not visible"
            assert focused["indicator"], f"no visible focus indicator on {focused['name']!r}"
            return focused
    raise AssertionError(f"Tab never reached {pattern!r} on {page.url}; focus went through: {seen}")


def press_to_navigate(page: Page, key: str = "Enter") -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def test_booking_flow_with_keyboard_only(journey: Journey) -> None:
    world = build_world()
    page = journey.page
    journey.goto("/")
    tab_to(page, "^log in$")
    press_to_navigate(page)
    journey.check()
    tab_to(page, "email|username")
    page.keyboard.type(world.participant.email)
    tab_to(page, "^password")
    page.keyboard.type(PASSWORD)
    tab_to(page, "^log in$")
    press_to_navigate(page)
    page.wait_for_load_state("load")
    assert "/login/" not in journey.path

    tab_to(page, "find development")
    press_to_navigate(page)
    journey.check()
    assert journey.path.startswith("/offers/")
    tab_to(page, re.escape(world.offer.title))
    press_to_navigate(page)
    journey.check()
    assert journey.path == f"/offers/{world.offer.slug}/"
    focused = tab_to(page, "^book")
    press_to_navigate(page, "Enter" if focused["tag"] == "a" else "Space")
    journey.check()
    assert journey.path == f"/offers/{world.offer.slug}/cohorts/{world.cohort.pk}/book/"
    for _ in range(10):  # tick any confirmation boxes the form asks for, with Space
        focused = tab_to(page, "confirm|book|agree|understand")
        if focused["type"] == "checkbox":
            page.keyboard.press("Space")
            continue
        break
    press_to_navigate(page)
    journey.check()
    journey.expect_text(re.compile("place confirmed|booked|booking confirmed", re.I))
    assert (
        Booking.objects.get(person=world.participant, cohort=world.cohort).status == Booking.Status.CONFIRMED
    )
