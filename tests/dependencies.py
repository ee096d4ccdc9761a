"""Which of our own packages a package's modules import, read from their source (ast), for the tests that
keep dependencies pointing one way."""

import ast
from pathlib import Path
from types import ModuleType


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def imports_reaching(package: ModuleType, forbidden: tuple[str, ...]) -> set[str]:
    """Every "module: imported name" in `package` whose import starts with one of `forbidden`."""
    root = Path(str(package.__file__)).parent
    return {
        f"{path.relative_to(root)}: {name}"
        for path in root.rglob("*.py")
        for name in _imports(path)
        if name.startswith(forbidden)
    }
