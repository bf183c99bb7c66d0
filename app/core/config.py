"""Settings from `TROUPE_*` environment variables and an optional `.env` file."""

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TROUPE_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default="sqlite:///./troupe.db",
        description="SQLAlchemy URL; `postgresql+psycopg://…` for PostgreSQL.",
    )
    secret_key: str = Field(
        default="change-me-in-production",
        description="Signs browser sessions and CSRF tokens.",
    )
    access_token_ttl_minutes: int = Field(
        default=60 * 24 * 7, description="Lifetime of tokens from POST /auth/token."
    )
    invite_ttl_hours: int = Field(default=72, description="Lifetime of an invite token.")
    public_url: str = Field(
        default="http://127.0.0.1:8000",
        description="Base URL used to build invite links.",
    )
    api_url: str | None = Field(
        default=None,
        description="Where the web front end finds the API; empty: in the same process.",
    )
    log_level: str = Field(default="info")
    sql_echo: bool = Field(default=False)


@lru_cache
def get_settings() -> Settings:
    return Settings()
