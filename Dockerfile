# Troupe as a wheel (compiled catalogs, templates and migrations inside), non-root, /data.
# Build: docker build -t troupe .   With PostgreSQL: docker compose up (compose.yaml).
FROM python:3.11-slim-trixie AS wheel
WORKDIR /src
COPY pyproject.toml README.md hatch_build.py alembic.ini ./
COPY app ./app
COPY migrations ./migrations
COPY templates ./templates
RUN pip wheel --no-cache-dir --no-deps -w /wheels .

FROM python:3.11-slim-trixie

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TROUPE_DATABASE_URL=sqlite:////data/troupe.db \
    TROUPE_FILES_DIR=/data/files

# pg_dump / pg_restore / psql for `troupe backup` and `troupe restore` on PostgreSQL
# (Debian trixie's client is newer than the PostgreSQL 16 server of compose.yaml, as
# pg_dump requires).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 troupe && mkdir /data && chown troupe:troupe /data
WORKDIR /home/troupe

COPY constraints.txt /tmp/constraints.txt
COPY --from=wheel /wheels /tmp/wheels
RUN pip install -c /tmp/constraints.txt /tmp/wheels/troupe-*.whl && rm -rf /tmp/wheels

USER troupe
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
# SIGTERM: requests in flight finish (TROUPE_GRACEFUL_SHUTDOWN_SECONDS), then it exits.
STOPSIGNAL SIGTERM
CMD ["troupe", "serve", "--host", "0.0.0.0", "--port", "8000"]
