"""Where the files that live beside the code are: in a clone, or in an installed wheel.

In the repository `templates/`, `migrations/` and `alembic.ini` sit at the top level, next
to `app/`; a wheel (`pip install .`, `python -m build`) carries them inside the package,
as `app/templates/` and so on (see `[tool.hatch.build.targets.wheel.force-include]`).
"""

from pathlib import Path

APP_DIR = Path(__file__).resolve().parents[1]


def bundled(name: str) -> Path:
    """The top-level `name` of the repository, or its copy inside the installed package."""
    inside = APP_DIR / name
    return inside if inside.exists() else APP_DIR.parent / name
