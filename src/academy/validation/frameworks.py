"""Competency frameworks in and out as JSON and CSV.

JSON: {"slug", "version", "name", "description", "domains": [{"code", "name", "elements": [{"code",
"name", "description", "practitioner", "leader"}]}]}.
CSV: one row per element with the columns in `CSV_COLUMNS`; the framework's slug, version, name and
description repeat on every row (they must agree). See docs/validation.md.

Parsing is all-or-nothing: `parse_json` and `parse_csv` return a `FrameworkSpec` or raise
`FrameworkError` listing every bad row, never the first one only.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

CSV_COLUMNS = [
    "framework_slug",
    "framework_version",
    "framework_name",
    "framework_description",
    "domain_code",
    "domain_name",
    "element_code",
    "element_name",
    "element_description",
    "practitioner_descriptor",
    "leader_descriptor",
]
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,119}$")


class FrameworkError(ValueError):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class ElementSpec:
    code: str
    name: str
    description: str = ""
    practitioner: str = ""
    leader: str = ""


@dataclass
class DomainSpec:
    code: str
    name: str
    elements: list[ElementSpec] = field(default_factory=list)


@dataclass
class FrameworkSpec:
    slug: str
    version: str
    name: str
    description: str = ""
    domains: list[DomainSpec] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "version": self.version,
            "name": self.name,
            "description": self.description,
            "domains": [
                {
                    "code": d.code,
                    "name": d.name,
                    "elements": [
                        {
                            "code": e.code,
                            "name": e.name,
                            "description": e.description,
                            "practitioner": e.practitioner,
                            "leader": e.leader,
                        }
                        for e in d.elements
                    ],
                }
                for d in self.domains
            ],
        }

    def as_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for d in self.domains:
            for e in d.elements:
                row = [self.slug, self.version, self.name, self.description, d.code, d.name]
                row += [e.code, e.name, e.description, e.practitioner, e.leader]
                writer.writerow([_safe(cell) for cell in row])
        return out.getvalue()


def _safe(cell: str) -> str:
    """Against formula injection in spreadsheets."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@") else cell


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _check(spec: FrameworkSpec, errors: list[str]) -> None:
    if not SLUG.match(spec.slug):
        errors.append("Framework: the slug must be lower-case letters, digits and hyphens.")
    if not spec.version:
        errors.append("Framework: enter a version.")
    if not spec.name:
        errors.append("Framework: enter a name.")
    if not spec.domains:
        errors.append("Framework: it has no domains.")
    if not any(d.elements for d in spec.domains):
        errors.append("Framework: it has no elements.")


def parse_json(text: str | bytes) -> FrameworkSpec:
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise FrameworkError([f"The file is not valid JSON ({error})."]) from error
    if not isinstance(data, dict):
        raise FrameworkError(["The file must hold one framework (a JSON object)."])
    errors: list[str] = []
    spec = FrameworkSpec(
        slug=_text(data.get("slug")),
        version=_text(data.get("version")),
        name=_text(data.get("name")),
        description=_text(data.get("description")),
    )
    domains = data.get("domains")
    if not isinstance(domains, list):
        domains = []
    domain_codes: set[str] = set()
    for d_index, d in enumerate(domains, start=1):
        if not isinstance(d, dict):
            errors.append(f"Domain {d_index}: must be an object.")
            continue
        domain = DomainSpec(code=_text(d.get("code")), name=_text(d.get("name")))
        where = f"Domain {d_index}"
        if not CODE.match(domain.code):
            errors.append(f"{where}: the code must be 1 to 20 letters, digits, dots or hyphens.")
        elif domain.code in domain_codes:
            errors.append(f"{where}: the code {domain.code} is used twice.")
        domain_codes.add(domain.code)
        if not domain.name:
            errors.append(f"{where}: enter a name.")
        element_codes: set[str] = set()
        raw = d.get("elements")
        elements: list[Any] = raw if isinstance(raw, list) else []
        for e_index, e in enumerate(elements, start=1):
            where_e = f"Domain {d_index}, element {e_index}"
            if not isinstance(e, dict):
                errors.append(f"{where_e}: must be an object.")
                continue
            element = ElementSpec(
                code=_text(e.get("code")),
                name=_text(e.get("name")),
                description=_text(e.get("description")),
                practitioner=_text(e.get("practitioner")),
                leader=_text(e.get("leader")),
            )
            _check_element(element, element_codes, where_e, errors)
            domain.elements.append(element)
        spec.domains.append(domain)
    _check(spec, errors)
    if errors:
        raise FrameworkError(errors)
    return spec


def _check_element(element: ElementSpec, seen: set[str], where: str, errors: list[str]) -> None:
    if not CODE.match(element.code):
        errors.append(f"{where}: the element code must be 1 to 20 letters, digits, dots or hyphens.")
    elif element.code in seen:
        errors.append(f"{where}: the element code {element.code} is used twice.")
    seen.add(element.code)
    if not element.name:
        errors.append(f"{where}: enter the element's name.")
    if not element.practitioner or not element.leader:
        errors.append(f"{where}: give both level descriptors (practitioner and leader).")


def parse_csv(text: str | bytes) -> FrameworkSpec:
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise FrameworkError(["The file must be UTF-8 text."]) from error
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise FrameworkError([f"The file has no column {c}." for c in missing])
    errors: list[str] = []
    spec: FrameworkSpec | None = None
    domains: dict[str, DomainSpec] = {}
    element_codes: dict[str, set[str]] = {}
    for number, row in enumerate(reader, start=2):
        where = f"Row {number}"
        cells = {k: _text(v).lstrip("'") if k else "" for k, v in row.items() if k}
        head = (
            cells["framework_slug"],
            cells["framework_version"],
            cells["framework_name"],
            cells["framework_description"],
        )
        if spec is None:
            spec = FrameworkSpec(slug=head[0], version=head[1], name=head[2], description=head[3])
        elif head != (spec.slug, spec.version, spec.name, spec.description):
            errors.append(f"{where}: the framework columns differ from row 2's.")
        code = cells["domain_code"]
        if not CODE.match(code):
            errors.append(f"{where}: the domain code must be 1 to 20 letters, digits, dots or hyphens.")
            continue
        domain = domains.get(code)
        if domain is None:
            if not cells["domain_name"]:
                errors.append(f"{where}: enter the domain's name.")
            domain = domains[code] = DomainSpec(code=code, name=cells["domain_name"])
            element_codes[code] = set()
        elif cells["domain_name"] and cells["domain_name"] != domain.name:
            errors.append(f"{where}: domain {code} has a different name from its first row.")
        element = ElementSpec(
            code=cells["element_code"],
            name=cells["element_name"],
            description=cells["element_description"],
            practitioner=cells["practitioner_descriptor"],
            leader=cells["leader_descriptor"],
        )
        _check_element(element, element_codes[code], where, errors)
        domain.elements.append(element)
    if spec is None:
        raise FrameworkError(["The file has no rows."])
    spec.domains = list(domains.values())
    _check(spec, errors)
    if errors:
        raise FrameworkError(errors)
    return spec
