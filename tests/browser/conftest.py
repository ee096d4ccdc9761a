"""Browser journeys in headless Debian Chromium, driven by Playwright, against pytest-django's live server.

Every page a journey visits goes through `Journey.check()`: axe-core (WCAG 2.2 A/AA) inside the page, no
template syntax printed on it, no sideways scrolling on a 375 px phone, no table wider than its container at
1280 px, and no Content-Security-Policy violations or JavaScript errors in the console. Each journey ends with
a screenshot in test-artifacts/screenshots/.
"""

import datetime as dt
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

REPO = Path(__file__).resolve().parents[2]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PASSWORD = "correct-horse-battery"  # the factories' password
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
TEMPLATE_SYNTAX = re.compile(r"\{#|\{%|\{\{")

# What sticks out past the right edge of the window (to name it when a page scrolls sideways).
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const element of document.body.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0) {
      const parentWide = element.parentElement && element.parentElement.getBoundingClientRect().right > width + 1;
      if (!parentWide) {
        wide.push(`${element.tagName.toLowerCase()}${element.id ? '#' + element.id : ''}.${[...element.classList].join('.')} (${Math.round(box.right)} px)`);
      }
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 8)};
}"""

# Tables wider than the box they sit in (the NHS.UK table container then shows a scroll shadow).
WIDE_TABLES = """() => [...document.querySelectorAll('main table')]
  .filter(table => table.getBoundingClientRect().width > table.parentElement.clientWidth + 1)
  .map(table => `${table.querySelector('caption') ? table.querySelector('caption').innerText : 'a table'}: `
    + `${Math.round(table.getBoundingClientRect().width)} px in ${table.parentElement.clientWidth} px`)"""


# One Chromium per test process, however many modules use the `browser` fixture (other apps import it
# into their own test modules, which makes pytest hold one fixture instance per module).
_CHROMIUM: dict[str, Any] = {"users": 0}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make system-deps` (apt-get install chromium)")
    if _CHROMIUM["users"] == 0:
        # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls while one
        # runs unless told that the loop is not really serving coroutines here. Only while it is up.
        _CHROMIUM["previous"] = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        _CHROMIUM["playwright"] = sync_playwright().start()
        _CHROMIUM["browser"] = _CHROMIUM["playwright"].chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
    _CHROMIUM["users"] += 1
    try:
        yield _CHROMIUM["browser"]
    finally:
        _CHROMIUM["users"] -= 1
        if _CHROMIUM["users"] == 0:
            _CHROMIUM.pop("browser").close()
            _CHROMIUM.pop("playwright").stop()
            previous = _CHROMIUM.pop("previous")
            if previous is None:
                os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            else:
                os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} missing: run `npm ci`")
    return AXE_JS.read_text()


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"axe-core found {len(violations)} WCAG 2.2 A/AA violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"  [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"      at {target}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"         {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"      ... and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


@dataclass
class Journey:
    """A person's walk through the site: every page they reach is checked before they act on it."""

    page: Page
    base_url: str
    axe_source: str
    name: str
    checked: list[str] = field(default_factory=list)
    console_errors: list[tuple[str, str]] = field(default_factory=list)
    last_status: int = 0

    def url(self, path: str) -> str:
        return self.base_url + path

    @property
    def path(self) -> str:
        return re.sub(r"^https?://[^/]+", "", self.page.url)

    def check(self) -> None:
        """axe-core with the WCAG 2.2 A/AA rules. Console errors are gathered and reported at the end."""
        self.page.wait_for_load_state("load")
        assert self.last_status < 400, f"{self.path} answered {self.last_status}"
        # Evaluated through the DevTools protocol, so the page's own CSP does not block it.
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            self.page.evaluate(self.axe_source)
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            WCAG_TAGS,
        )
        violations = result["violations"]
        if violations:
            self.screenshot(suffix="axe-failure")
            pytest.fail(format_violations(self.path, violations), pytrace=False)
        self.check_no_template_syntax()
        self.check_layout()
        self.checked.append(self.path)

    def check_no_template_syntax(self) -> None:
        """A Django comment split over lines, or a tag that did not parse, is printed to the reader."""
        html = self.page.evaluate("() => document.body.innerHTML")
        match = TEMPLATE_SYNTAX.search(html)
        if match:
            self.screenshot(suffix="template-syntax")
            shown = html[max(0, match.start() - 80) : match.end() + 80]
            pytest.fail(f"template syntax printed on {self.path}: …{shown}…", pytrace=False)

    def check_layout(self) -> None:
        """No sideways scrolling on a 375 px phone; at 1280 px no table wider than its container."""
        viewport = self.page.viewport_size or DESKTOP
        try:
            self.page.set_viewport_size(PHONE)
            self.settle()
            phone = self.page.evaluate(OVERFLOWING)
            if phone["scrollWidth"] > phone["width"]:
                self.screenshot(suffix="375px-overflow")
                pytest.fail(
                    f"{self.path} scrolls sideways at 375 px: {phone['scrollWidth']} px wide; "
                    f"sticking out: {', '.join(phone['wide'])}",
                    pytrace=False,
                )
            self.page.set_viewport_size(DESKTOP)
            self.settle()
            wide = self.page.evaluate(WIDE_TABLES)
            if wide:
                self.screenshot(suffix="wide-table")
                pytest.fail(
                    f"tables wider than their container at 1280 px on {self.path}: {wide}", pytrace=False
                )
        finally:
            self.page.set_viewport_size(viewport)

    def settle(self) -> None:
        """Let the page's scripts answer a resize (the NHS.UK header folds its menu into "More")."""
        self.page.evaluate(
            "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
        )

    def goto(self, path: str) -> None:
        response = self.page.goto(self.url(path))
        assert response is not None, f"no response for {path}"
        assert response.status < 400, f"GET {path} answered {response.status}"
        self.check()

    def click(self, role: str, name: str | re.Pattern[str], *, check: bool = True) -> None:
        """Follow a link or press a button by its accessible name, then check the page reached."""
        self.page.get_by_role(role, name=name).first.click()  # type: ignore[arg-type]
        self.page.wait_for_load_state("load")
        if check:
            self.check()

    def fill(self, label: str | re.Pattern[str], value: str) -> None:
        self.page.get_by_label(label).first.fill(value)

    def login(self, username: str, password: str = PASSWORD) -> None:
        self.goto("/login/")
        self.fill(re.compile("email|username", re.I), username)
        self.fill(re.compile("^password", re.I), password)
        self.click("button", "Log in")
        assert "/login/" not in self.path, f"login as {username} failed: still on {self.path}"

    def logout(self) -> None:
        self.click("button", "Log out")

    def expect_text(self, pattern: str | re.Pattern[str]) -> None:
        text = self.page.locator("main").inner_text()
        regex = pattern if isinstance(pattern, re.Pattern) else re.compile(re.escape(pattern), re.I)
        assert regex.search(text), f"{regex.pattern!r} not on {self.path}:\n{text[:1500]}"

    def screenshot(self, suffix: str = "") -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"{self.name}{'-' + suffix if suffix else ''}.png"
        self.page.screenshot(path=str(target), full_page=True)
        return target


def fill_date(walk: Journey, label: str, value: dt.date) -> None:
    """A date as the page asks for it: an NHS.UK date input (day, month, year) or a single field."""
    page = walk.page
    legend = page.locator(":scope > legend", has_text=re.compile(label, re.I))
    group = page.locator("fieldset").filter(has=legend)
    if group.count() and group.first.get_by_label(re.compile("^day", re.I)).count():
        group.first.get_by_label(re.compile("^day", re.I)).fill(str(value.day))
        group.first.get_by_label(re.compile("^month", re.I)).fill(str(value.month))
        group.first.get_by_label(re.compile("^year", re.I)).fill(str(value.year))
        return
    field = page.get_by_label(re.compile(label, re.I)).first
    if field.get_attribute("type") == "date":
        field.fill(value.isoformat())
    else:
        field.fill(value.strftime("%d/%m/%Y"))


@pytest.fixture
def journey(
    browser: Browser, live_server: Any, axe_source: str, request: pytest.FixtureRequest
) -> Iterator[Journey]:
    """A fresh browser context (no cookies) per test; a screenshot of the last page when it ends."""
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London", viewport=DESKTOP)
    context.set_default_timeout(10_000)
    page = context.new_page()
    name = request.node.name.removeprefix("test_")
    walk = Journey(page=page, base_url=live_server.url, axe_source=axe_source, name=name)
    watch_console(walk)
    try:
        yield walk
    finally:
        try:
            walk.screenshot()
        finally:
            (SCREENSHOTS / f"{name}.pages.json").write_text(json.dumps(walk.checked, indent=1))
            context.close()
    fail_on_console_errors(walk)


def watch_console(walk: Journey) -> None:
    """Gather console errors (CSP violations and script errors appear there) with the page they came from."""

    def on_console(message: Any) -> None:
        if message.type == "error":
            walk.console_errors.append((walk.path, message.text))

    def on_response(response: Any) -> None:
        if response.request.is_navigation_request() and response.frame == walk.page.main_frame:
            walk.last_status = response.status

    walk.page.on("console", on_console)
    walk.page.on("response", on_response)
    walk.page.on("pageerror", lambda error: walk.console_errors.append((walk.path, f"uncaught {error}")))


def fail_on_console_errors(*walks: Journey) -> None:
    pages_by_error: dict[str, list[str]] = {}
    for walk in walks:
        for path, error in walk.console_errors:
            pages = pages_by_error.setdefault(error, [])
            if path not in pages:
                pages.append(path)
    if pages_by_error:
        lines = [f"{error}\n      on {', '.join(pages)}" for error, pages in sorted(pages_by_error.items())]
        pytest.fail(
            "Console errors (CSP violations or script errors) during the journey:\n  " + "\n  ".join(lines)
        )


@pytest.fixture
def new_journey(browser: Browser, live_server: Any, axe_source: str) -> Iterator[Any]:
    """A second (third...) person in their own browser context, for journeys with several people."""
    contexts = []

    def make(name: str) -> Journey:
        context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        walk = Journey(page=page, base_url=live_server.url, axe_source=axe_source, name=name)
        watch_console(walk)
        walks.append(walk)
        return walk

    walks: list[Journey] = []
    yield make
    for context in contexts:
        context.close()
    fail_on_console_errors(*walks)
