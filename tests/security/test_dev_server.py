"""`make run` serves the debug pages, so it must listen on the loopback address only."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_make_run_binds_the_development_server_to_127_0_0_1_only() -> None:
    makefile = (ROOT / "Makefile").read_text()
    servers = [line for line in makefile.splitlines() if "runserver" in line]
    assert servers, "make run should start Django's development server"
    for line in servers:
        assert re.search(r"runserver\s+127\.0\.0\.1:\d+", line), line
    assert "127.0.0.1" in (ROOT / "README.md").read_text().split("## Configuration")[0]
