"""TypeScript consumers: types generated from the live spec with openapi-typescript
(`--default-non-nullable=false`) and a small openapi-fetch consumer
(clients/typescript/src/consumer.ts) type-checked under `tsc --strict`.

The npm packages are pinned exactly (clients/typescript/package.json + package-lock.json);
`npm ci` installs them when they are missing (a fresh clone). Skipped, saying why, where
node or npm is not installed.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.servers import ROOT

PACKAGE = ROOT / "clients" / "typescript"
BIN = PACKAGE / "node_modules" / ".bin"
GENERATE = ["--default-non-nullable=false", "--output"]


@pytest.fixture(scope="module")
def npm_packages() -> Path:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node and npm are not installed: the TypeScript consumer is not checked")
    if not (BIN / "tsc").exists() or not (BIN / "openapi-typescript").exists():
        installed = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=PACKAGE,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert installed.returncode == 0, installed.stderr
    return BIN


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=600, check=False
    )


def test_types_from_the_live_spec_type_check_a_consumer_under_strict(
    npm_packages: Path, client: TestClient, tmp_path: Path
) -> None:
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(client.get("/openapi.json").json()))
    project = tmp_path / "consumer"
    (project / "src").mkdir(parents=True)
    shutil.copy(PACKAGE / "tsconfig.json", project)
    shutil.copy(PACKAGE / "src" / "consumer.ts", project / "src")
    (project / "node_modules").symlink_to(PACKAGE / "node_modules")
    types = project / "src" / "troupe.d.ts"

    generated = run(
        [str(npm_packages / "openapi-typescript"), str(spec), *GENERATE, str(types)],
        project,
    )
    checked = run([str(npm_packages / "tsc"), "-p", "tsconfig.json", "--listFiles"], project)

    assert generated.returncode == 0, generated.stderr
    assert checked.returncode == 0, checked.stdout + checked.stderr
    listed = checked.stdout.splitlines()
    assert str(project / "src" / "consumer.ts") in listed
    assert str(types) in listed
    assert json.loads((project / "tsconfig.json").read_text())["compilerOptions"]["strict"]
    campaign_create = re.search(r"CampaignCreate: \{(.*?)\n        \};", types.read_text(), re.S)
    campaign_read = re.search(r"CampaignRead: \{(.*?)\n        \};", types.read_text(), re.S)
    assert campaign_create
    assert campaign_read
    # A request field with a server default stays optional; the reply lists it as required.
    assert re.search(r"^\s+status\?: ", campaign_create[1], re.M)
    assert re.search(r"^\s+status: ", campaign_read[1], re.M)
