FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TROUPE_DATABASE_URL=sqlite:////data/troupe.db \
    TROUPE_FILES_DIR=/data/files

RUN useradd --create-home --uid 10001 troupe && mkdir /data && chown troupe:troupe /data
WORKDIR /srv/troupe

COPY pyproject.toml constraints.txt README.md alembic.ini ./
COPY app ./app
COPY migrations ./migrations
COPY templates ./templates
RUN pip install -c constraints.txt -e . && troupe translations compile

USER troupe
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["troupe", "serve", "--host", "0.0.0.0", "--port", "8000"]
