"""A wheel built from a clone carries what a non-editable install needs to serve Chinese:
the compiled catalogs (hatch_build.py), the templates and the migrations."""

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.servers import ROOT

WHEEL_PARTS = (
    "app/locales/zh_Hans_CN/LC_MESSAGES/messages.mo",
    "app/templates/base.html",
    "app/migrations/env.py",
    "app/alembic.ini",
    "app/main.py",
)

PIP_WHEEL = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
SERVE_FROM_THE_WHEEL = """
import json, sys
import app
from fastapi.testclient import TestClient
from app.core.config import Settings
from app.core.migrations import upgrade
from app.main import create_app

url = "sqlite:///" + sys.argv[1]
upgrade(url)
chinese = {"Accept-Language": "zh-CN"}
with TestClient(create_app(Settings(database_url=url, request_log=False))) as client:
    problem = client.get("/api/v1/users/me", headers=chinese).json()
    page = client.get("/signin", headers=chinese).text
print(json.dumps({"app": app.__file__, "title": problem["title"], "page": page}))
"""


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's tracked files only, as a fresh clone has them (no compiled .mo)."""
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout of Troupe to know which files a clone has")
    tracked = subprocess.run(
        [git, "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    target = tmp_path_factory.mktemp("clone")
    for name in filter(None, tracked.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    assert not list(target.glob("app/locales/*/LC_MESSAGES/*.mo"))
    return target


@pytest.fixture(scope="module")
def wheel(clone: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pip wheel .` in the clone (hatchling from the dev dependencies: no download)."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [*PIP_WHEEL, "-w", str(out), str(clone)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("troupe-*.whl")
    return built


def test_the_wheel_has_the_compiled_catalogs_templates_and_migrations(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        catalog = archive.read("app/locales/zh_Hans_CN/LC_MESSAGES/messages.mo")

    assert [part for part in WHEEL_PARTS if part not in names] == []
    assert any(n.startswith("app/migrations/versions/") for n in names)
    assert not [n for n in names if "__pycache__" in n or n.endswith((".db", ".pyc"))]
    assert "未登录".encode() in catalog


def test_an_installed_wheel_serves_chinese(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}

    done = subprocess.run(
        [sys.executable, "-c", SERVE_FROM_THE_WHEEL, str(tmp_path / "wheel.db")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    served = json.loads(done.stdout.splitlines()[-1])
    assert served["app"].startswith(str(site))
    assert served["title"] == "未登录"
    assert "登录" in served["page"]
    assert 'lang="zh-CN"' in served["page"] or "lang=zh-CN" in served["page"]
