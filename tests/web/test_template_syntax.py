"""No page shows template syntax: a `{# … #}` comment split over lines, or a tag or variable that did not
parse, is printed to the reader (and read aloud by screen readers) instead of being rendered."""

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

from academy.offers.models import Booking
from tests.browser.evaluation_world import build_evaluation_world
from tests.factories import attendance, booking

SRC = Path(__file__).resolve().parents[2] / "src" / "academy"
TEMPLATE_SYNTAX = re.compile(r"\{#|\{%|\{\{")
# Downloads, and links that act rather than show (logging out is a form, but be safe).
SKIP = re.compile(
    r"(\.pdf|\.ics|\.csv|\.xlsx|\.json)$|[?&](format|download|export)=|^/(admin|api|oidc|static|media)/"
)
PAGES_PER_ROLE = 120


def templates() -> Iterator[Path]:
    yield from sorted(SRC.glob("*/templates/**/*.html"))


@pytest.mark.parametrize("path", list(templates()), ids=lambda p: str(p.relative_to(SRC)))
def test_no_comment_is_split_over_lines(path: Path) -> None:
    """Django's `{# #}` comment is one line only; a multi-line one must be {% comment %}."""
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        opened = line.rfind("{#")
        assert opened == -1 or "#}" in line[opened:], (
            f"{path.relative_to(SRC)}:{number} opens a {{# comment that does not close on the same line, "
            "so it is printed on the page; use {% comment %}"
        )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def crawl(client: Client, start: list[str]) -> dict[str, str]:
    """Every page reachable by following links from `start` on this site: path -> rendered HTML."""
    seen: dict[str, str] = {}
    queue = list(start)
    while queue and len(seen) < PAGES_PER_ROLE:
        path = queue.pop(0)
        if path in seen or SKIP.search(path):
            continue
        response = client.get(path)
        if response.status_code in (301, 302):
            seen[path] = ""
            queue.append(response["Location"])
            continue
        if "text/html" not in response.get("Content-Type", ""):
            seen[path] = ""
            continue
        html = response.content.decode()
        seen[path] = html
        links = _Links()
        links.feed(html)
        for href in links.hrefs:
            target = urlsplit(urljoin(path, href))
            if target.scheme in ("", "http") and target.netloc in ("", "testserver"):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return seen


def shown_syntax(pages: dict[str, str]) -> list[str]:
    found = []
    for path, html in pages.items():
        for match in TEMPLATE_SYNTAX.finditer(html):
            found.append(f"{path}: …{html[max(0, match.start() - 60) : match.end() + 60]!r}…")
            break
    return found


@pytest.mark.django_db
def test_no_page_any_role_can_reach_shows_template_syntax() -> None:
    evaluation = build_evaluation_world()
    world = evaluation.world
    attendance(world.sessions[0], booking(world.cohort, world.participant))
    booking(
        world.cohort, world.second_participant, status=Booking.Status.AWAITING_SPONSOR, sponsor=world.sponsor
    )
    people = {
        "visitor": None,
        "participant": world.participant.user,
        "sponsor": world.sponsor.user,
        "programme manager": world.programme_manager,
        "facilitator": world.facilitator,
        "ICS OD lead": evaluation.ics_lead,
        "administrator": world.administrator,
    }
    # Forms shown with their errors, as well as empty.
    with_errors = ["/offers/?date_from=not-a-date&q=" + "x" * 101]
    problems = []
    reached = 0
    for role, user in people.items():
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        pages = crawl(client, ["/", "/login/", *with_errors])
        reached += len(pages)
        problems += [f"{role} {line}" for line in shown_syntax(pages)]
        failed_login = Client().post("/login/", {"username": "", "password": ""})
        problems += [
            f"login with errors {line}" for line in shown_syntax({"/login/": failed_login.content.decode()})
        ]
    assert reached > 40
    assert not problems, "Template syntax printed on pages:\n" + "\n".join(problems)
