"""Settings from `TROUPE_*` environment variables and an optional `.env` file."""

from functools import lru_cache
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


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

    # Abuse and bad input (app/core/ratelimit.py, app/core/middleware/)
    redis_url: str | None = Field(
        default=None,
        description="Redis for rate-limit counters (`redis://127.0.0.1:6379/0`); "
        "empty: they live in the database.",
    )
    signin_attempts_per_account: int = Field(
        default=10,
        ge=0,
        description="Failed credential checks allowed per account (email) per window; 0: off.",
    )
    signin_attempts_per_address: int = Field(
        default=50,
        ge=0,
        description="Failed credential checks allowed per client address per window; 0: off.",
    )
    signin_window_seconds: int = Field(
        default=15 * 60, ge=1, description="The rate-limit window, from the first failure."
    )
    max_body_bytes: int = Field(
        default=1024 * 1024, ge=1, description="Largest request body accepted (bytes)."
    )
    max_bulk_body_bytes: int = Field(
        default=16 * 1024 * 1024,
        ge=1,
        description="Largest request body of bulk endpoints (`POST …/datapoints`).",
    )
    max_json_depth: int = Field(
        default=32, ge=1, description="Deepest nesting of arrays and objects accepted."
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Origins allowed to call the API from a browser (comma-separated); "
        "empty: CORS is off.",
    )
    request_log: bool = Field(
        default=True, description="One JSON line per request on the `troupe.access` logger."
    )

    # Files (app/files/): one content-addressed store
    files_dir: str = Field(
        default="./files",
        description="Directory of the local file store (content-addressed by SHA-256).",
    )
    max_file_bytes: int = Field(
        default=25 * 1024 * 1024, ge=1, description="Largest file accepted in one upload."
    )
    s3_bucket: str | None = Field(
        default=None,
        description="Keep files in this S3-compatible bucket instead of `files_dir` "
        "(needs `pip install troupe[s3]`; credentials from the usual AWS_* variables).",
    )
    s3_prefix: str = Field(default="files/", description="Key prefix of files in the bucket.")
    s3_endpoint_url: str | None = Field(
        default=None, description="Endpoint of an S3-compatible service (MinIO, R2, OSS…)."
    )
    s3_region: str | None = Field(default=None, description="Region of the bucket.")

    # Background jobs (app/jobs/)
    run_jobs: bool = Field(
        default=True,
        description="Run the background job loop inside `troupe serve`; turn it off when "
        "`troupe worker` processes run the jobs.",
    )
    jobs_poll_seconds: float = Field(
        default=2.0, gt=0, le=300, description="How often an idle job loop looks for due jobs."
    )

    # Webhooks (app/webhooks/)
    webhook_allow_private: bool = Field(
        default=False,
        description="Let webhooks go to private, loopback and link-local addresses (and "
        "plain http://): for a LAN deployment and for tests; never on a shared server.",
    )

    # Live events (app/live/)
    live_heartbeat_seconds: float = Field(
        default=15.0, gt=0, le=300, description="A comment on idle event streams this often."
    )

    # Operations (app/core/metrics.py, app/monitoring.py, app/cli.py)
    metrics_enabled: bool = Field(
        default=False, description="Serve Prometheus metrics at /metrics (no token needed)."
    )
    metrics_token: str | None = Field(
        default=None,
        description="Serve /metrics only to `Authorization: Bearer <this token>`; "
        "setting it turns the metrics on.",
    )
    graceful_shutdown_seconds: int = Field(
        default=30,
        ge=1,
        description="On SIGTERM, how long requests in flight may take to finish.",
    )

    # Notifications by email (app/notifications/email.py); without it the inbox is the channel
    smtp_url: str | None = Field(
        default=None,
        description="`smtp://user:password@host:port` (or `smtps://`, or `smtp+starttls://`) "
        "to send notifications by email.",
    )
    smtp_from: str = Field(
        default="Troupe <troupe@localhost>", description="The From address of notifications."
    )

    @property
    def metrics_served(self) -> bool:
        return self.metrics_enabled or bool(self.metrics_token)

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value


@lru_cache
def get_settings() -> Settings:
    return Settings()
