"""compose.yaml: Troupe (this Dockerfile) + PostgreSQL 16, Redis as a profile.

`docker compose config` validates the file against the Compose specification; it needs
the Compose plugin of the docker client, not a running engine. Where the plugin is
missing the test says so and skips; the checks of the wiring below always run.
"""

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.core.config import Settings
from tests.servers import ROOT

COMPOSE = ROOT / "compose.yaml"
ENV = {"TROUPE_SECRET_KEY": "compose-test-secret", "POSTGRES_PASSWORD": "compose-test"}


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return loaded


def docker_compose(*args: str) -> subprocess.CompletedProcess[str]:
    docker = shutil.which("docker")
    if docker is None:
        pytest.skip("docker is not installed: `docker compose config` not checked")
    plugin = subprocess.run(
        [docker, "compose", "version"], capture_output=True, text=True, check=False
    )
    if plugin.returncode != 0:
        pytest.skip(
            "the docker client has no Compose plugin (`docker compose config` needs the "
            "plugin, not an engine): compose.yaml not validated against the spec"
        )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TROUPE_")}
    return subprocess.run(
        [docker, "compose", "--file", str(COMPOSE), *args],
        capture_output=True,
        text=True,
        env={**environment, **ENV},
        cwd=ROOT,
        check=False,
    )


@pytest.mark.parametrize("profile", [[], ["--profile", "redis"]], ids=["default", "redis"])
def test_docker_compose_config_accepts_the_file(profile: list[str]) -> None:
    result = docker_compose(*profile, "config", "--format", "json")

    assert result.returncode == 0, result.stderr
    assert ("redis" in result.stdout) == bool(profile)


def test_the_app_waits_for_a_healthy_postgresql_16_and_for_the_migrations() -> None:
    services = compose()["services"]

    assert services["db"]["image"].startswith("postgres:16")
    assert services["troupe"]["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"},
    }
    assert services["migrate"]["command"] == ["troupe", "db", "upgrade"]
    assert "--no-migrate" in services["troupe"]["command"]
    for name in ("db", "troupe", "redis"):
        assert services[name]["healthcheck"]["test"], f"{name} has no healthcheck"


def test_postgresql_keeps_its_data_in_a_named_volume() -> None:
    document = compose()

    assert "pgdata" in document["volumes"]
    assert "pgdata:/var/lib/postgresql/data" in document["services"]["db"]["volumes"]


def test_redis_is_optional_behind_a_profile() -> None:
    services = compose()["services"]

    assert services["redis"]["profiles"] == ["redis"]
    assert "redis" not in services["troupe"].get("depends_on", {})


def test_every_troupe_variable_is_a_setting_and_the_database_is_the_db_service() -> None:
    services = compose()["services"]
    settings = {f"TROUPE_{name.upper()}" for name in Settings.model_fields}

    for name in ("troupe", "migrate"):
        environment = services[name]["environment"]
        assert set(environment) <= settings, set(environment) - settings
        assert "@db:5432/troupe" in environment["TROUPE_DATABASE_URL"]
        assert environment["TROUPE_DATABASE_URL"].startswith("postgresql+psycopg://")
        assert ":?" in environment["TROUPE_SECRET_KEY"], "the secret key must be required"


def test_the_image_is_built_from_this_dockerfile_as_a_wheel() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()

    assert compose()["services"]["troupe"]["build"] == "."
    assert "pip wheel" in dockerfile
    assert "postgresql-client" in dockerfile
    assert Path(ROOT / ".dockerignore").read_text().splitlines()[:2] == [".git", ".venv"]
