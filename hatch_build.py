"""Hatch build hook: compile the translation catalogs into the wheel.

`messages.mo` is built, not committed (app/core/catalogs.py merges the `.po` files of each
area); without this hook a wheel would serve English only.
"""

import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogsHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "compile-catalogs"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        sys.path.insert(0, str(root))
        try:
            from app.core.catalogs import compile_catalogs
        finally:
            sys.path.remove(str(root))
        for compiled in compile_catalogs():
            build_data["force_include"][str(compiled)] = str(compiled.relative_to(root))
