"""The `troupe` command: serve, migrate, create an admin, seed a demo, print the spec."""

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import migrations
from app.core.config import get_settings
from app.core.db import create_db_engine, create_session_factory
from app.core.errors import DomainError

app = typer.Typer(help="Troupe: division of labour for creator communities.", no_args_is_help=True)
db_app = typer.Typer(help="Database migrations (Alembic).", no_args_is_help=True)
app.add_typer(db_app, name="db")
translations_app = typer.Typer(help="Translation catalogs (Babel).", no_args_is_help=True)
app.add_typer(translations_app, name="translations")
files_app = typer.Typer(help="The file store (TROUPE_FILES_DIR or S3).", no_args_is_help=True)
app.add_typer(files_app, name="files")
metrics_app = typer.Typer(help="Metrics: the dashboards' daily rollups.", no_args_is_help=True)
app.add_typer(metrics_app, name="metrics")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, help="Worker processes (more than 1 needs PostgreSQL).")
    ] = 1,
    migrate: Annotated[bool, typer.Option(help="Upgrade the database first if needed.")] = True,
    web_only: Annotated[
        bool, typer.Option(help="Serve only the web pages, using the API at TROUPE_API_URL.")
    ] = False,
    run_jobs: Annotated[
        bool | None,
        typer.Option(help="Run background jobs in the server (default: TROUPE_RUN_JOBS, on)."),
    ] = None,
) -> None:
    """Migrate the database if needed and serve the API and the web pages."""
    from app.core.serving import (
        multiprocess_metrics,
        run_server,
        server_config,
        workers_refusal,
    )

    settings = get_settings()
    refusal = None if web_only else workers_refusal(settings.database_url, workers)
    if refusal:
        typer.echo(refusal, err=True)
        raise typer.Exit(2)
    if migrate and not web_only:
        _upgrade_if_needed()
    if run_jobs is not None:  # read by each worker process's settings
        os.environ["TROUPE_RUN_JOBS"] = "true" if run_jobs else "false"
        get_settings.cache_clear()
    with multiprocess_metrics(workers > 1 and settings.metrics_served):
        run_server(
            server_config(
                "app.web.app:create_web_app" if web_only else "app.main:create_app",
                host=host,
                port=port,
                workers=workers,
                log_level=settings.log_level,
                graceful_seconds=settings.graceful_shutdown_seconds,
            )
        )


@app.command()
def worker(
    poll_seconds: Annotated[
        float | None, typer.Option(min=0.05, help="Idle poll interval (TROUPE_JOBS_POLL_SECONDS).")
    ] = None,
) -> None:
    """Run background jobs until stopped (SIGTERM or Ctrl-C stops between jobs).

    Run any number of them next to `troupe serve --no-run-jobs` processes on PostgreSQL:
    each job runs once. On SQLite, one process should run them (the server does).
    """
    import signal
    import threading

    from app.core.clock import SYSTEM_CLOCK
    from app.core.logs import configure_logging
    from app.jobs.loop import run_forever
    from app.jobs.wake import WAKE

    settings = get_settings()
    configure_logging(settings.log_level)
    _upgrade_if_needed()
    engine = create_db_engine(settings.database_url)
    stop = threading.Event()

    def _stop(_signum: int, _frame: object) -> None:
        stop.set()
        WAKE.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        run_forever(
            create_session_factory(engine),
            clock=SYSTEM_CLOCK,
            stop=stop,
            poll_seconds=poll_seconds or settings.jobs_poll_seconds,
        )
    finally:
        engine.dispose()


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument()] = "head") -> None:
    """Upgrade the database to REVISION (default: the newest)."""
    migrations.upgrade(get_settings().database_url, revision)


@db_app.command("downgrade")
def db_downgrade(revision: Annotated[str, typer.Argument(help="e.g. base, or -1")]) -> None:
    """Downgrade the database to REVISION."""
    migrations.downgrade(get_settings().database_url, revision)


@app.command()
def backup(
    path: Annotated[Path, typer.Argument(help="File to write (replaced if it exists).")],
) -> None:
    """Back up the database while Troupe keeps serving (SQLite: a copy; PostgreSQL: pg_dump)."""
    from app.core.backup import BackupError
    from app.core.backup import backup as write_backup

    try:
        write_backup(get_settings().database_url, path)
    except BackupError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Backed up to {path}")


@app.command()
def restore(
    path: Annotated[Path, typer.Argument(help="A file written by `troupe backup`.")],
    replace: Annotated[
        bool, typer.Option("--replace", help="Overwrite a database that has data.")
    ] = False,
) -> None:
    """Restore a backup into the database (stop the servers first)."""
    from app.core.backup import BackupError
    from app.core.backup import restore as read_backup

    try:
        restored = read_backup(get_settings().database_url, path, replace=replace)
    except BackupError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Restored {path} (schema revision {restored.revision}).")
    if not restored.up_to_date:
        typer.echo("The schema is older than this Troupe: `troupe db upgrade` brings it up.")


@app.command("create-admin")
def create_admin(
    email: Annotated[str, typer.Option(help="The admin's email (their login).")],
    password: Annotated[str, typer.Option(help="At least 8 characters.")],
    workspace: Annotated[str, typer.Option(help="Slug of the workspace to own.")],
    workspace_name: Annotated[str | None, typer.Option(help="Name, if it is created.")] = None,
    locale: Annotated[str, typer.Option(help="en or zh-CN, if it is created.")] = "en",
) -> None:
    """Create a user and a workspace they own. Running it again changes nothing."""
    from app.seed.admin import ensure_admin

    _upgrade_if_needed()
    with _session() as session:
        try:
            outcome = ensure_admin(
                session,
                email=email,
                password=password,
                slug=workspace,
                workspace_name=workspace_name or workspace,
                locale=locale,
            )
        except DomainError as error:
            typer.echo(str(error), err=True)
            raise typer.Exit(1) from None
        session.commit()
    typer.echo(outcome)


@app.command("seed-demo")
def seed_demo(
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Only when the database has no workspace.")
    ] = False,
) -> None:
    """Create the bilingual demo team (workspaces `demo` and `demo-zh`)."""
    from app.models import Workspace
    from app.seed.demo import DEMO_EMAIL, DEMO_PASSWORD, seed_demo_workspaces

    _upgrade_if_needed()
    with _session() as session:
        if if_empty and session.scalar(select(Workspace.id).limit(1)) is not None:
            typer.echo("The database already has workspaces; no demo added.")
            return
        seed_demo_workspaces(session)
        session.commit()
    typer.echo(f"Demo ready. Sign in as {DEMO_EMAIL} / {DEMO_PASSWORD}")


@translations_app.command("compile")
def translations_compile() -> None:
    """Merge the `.po` files of each language and write `messages.mo`."""
    from app.core.catalogs import compile_catalogs

    for path in compile_catalogs():
        typer.echo(f"wrote {path}")


@translations_app.command("check")
def translations_check() -> None:
    """List marked messages that have no Chinese translation (exit 1 if any)."""
    from app.core.catalogs import CATALOG_LANGUAGES, untranslated

    missing = {locale: untranslated(locale) for locale in CATALOG_LANGUAGES}
    for locale, messages in missing.items():
        for msgid, where in messages.items():
            typer.echo(f"{locale}: {where}: {msgid!r}")
    if any(missing.values()):
        raise typer.Exit(1)


@files_app.command("gc")
def files_gc() -> None:
    """Delete stored files nothing refers to, and blobs without a stored file."""
    from app.files.blobs import blob_store_from_settings
    from app.files.service import collect_garbage

    settings = get_settings()
    engine = create_db_engine(settings.database_url)
    try:
        garbage = collect_garbage(engine, blob_store_from_settings(settings))
    finally:
        engine.dispose()
    typer.echo(f"Removed {garbage.rows} unreferenced files and {garbage.blobs} blobs.")


@metrics_app.command("rebuild-rollups")
def metrics_rebuild_rollups(
    workspace: Annotated[
        str | None, typer.Option(help="Only the workspace with this slug (default: all).")
    ] = None,
) -> None:
    """Recompute the daily rollups from the datapoints (in each workspace's time zone)."""
    from app.metrics.rollups import rebuild_all

    engine = create_db_engine(get_settings().database_url)
    try:
        with engine.begin() as connection:
            rows = rebuild_all(connection, slug=workspace)
    finally:
        engine.dispose()
    for slug, count in rows.items():
        typer.echo(f"{slug}: {count} rollup rows")
    if workspace is not None and not rows:
        typer.echo(f"No workspace {workspace}.", err=True)
        raise typer.Exit(1)


@app.command("export")
def export_workspace(
    workspace: Annotated[str, typer.Option(help="Slug of the workspace to export.")],
    output: Annotated[
        Path | None,
        typer.Option(help="File to write (.jsonl, or .zip to deflate); default: stdout."),
    ] = None,
) -> None:
    """Write a whole workspace as one JSON Lines document (or a zip of it)."""
    from app.core.clock import SYSTEM_CLOCK
    from app.files.blobs import blob_store_from_settings
    from app.transfer import document

    with _session() as session:
        workspace_id = document.workspace_id_of(session, workspace)
        if workspace_id is None:
            typer.echo(f"No workspace {workspace}.", err=True)
            raise typer.Exit(1)
        factory = create_session_factory(create_db_engine(get_settings().database_url))
        zipped = output is not None and output.suffix == ".zip"
        chunks = document.stream(
            factory,
            workspace_id=workspace_id,
            now=SYSTEM_CLOCK.now(),
            zipped=zipped,
            blobs=blob_store_from_settings(get_settings()),
        )
        if output is None:
            for chunk in chunks:
                sys.stdout.buffer.write(chunk)
            sys.stdout.flush()
            return
        with output.open("wb") as file:
            for chunk in chunks:
                file.write(chunk)
    typer.echo(f"Exported {workspace} to {output}.", err=True)


@app.command("import")
def import_workspace(
    path: Annotated[Path, typer.Argument(help="A `troupe export` document (.jsonl or .zip).")],
    slug: Annotated[str, typer.Option(help="Slug of the NEW workspace.")],
    name: Annotated[str | None, typer.Option(help="Its name; default: the exported one.")] = None,
    owner: Annotated[
        str | None, typer.Option(help="Email of a user who becomes its owner.")
    ] = None,
) -> None:
    """Restore an export as a new workspace: new ids, every reference kept. Members are
    linked again to the users of this Troupe with the same email."""
    from app.files.blobs import blob_store_from_settings
    from app.models import User
    from app.transfer import restore, service

    _upgrade_if_needed()
    with _session() as session, path.open("rb") as file:
        try:
            service.ensure_slug_free(session, slug)
            owner_user = None
            if owner is not None:
                owner_user = session.scalars(select(User).where(User.email == owner)).first()
                if owner_user is None:
                    typer.echo(f"No user {owner}.", err=True)
                    raise typer.Exit(1)
            restored = restore.restore(
                session,
                open_document=service.opener(file),
                slug=slug,
                name=name,
                owner=owner_user,
                link_all_users=True,
            )
            settings = get_settings()
            service.restore_files(
                file, blob_store_from_settings(settings), max_bytes=settings.max_file_bytes
            )
        except DomainError as error:
            typer.echo(str(error), err=True)
            for detail in error.errors or []:
                typer.echo(_filled(detail), err=True)
            raise typer.Exit(1) from None
        session.commit()
    typer.echo(f"Imported {sum(restored.rows.values())} rows as workspace {slug}.")


def _filled(error: dict[str, object]) -> str:
    message = str(error["msg"])
    params = error.get("params")
    return message.format(**params) if isinstance(params, dict) else message


@app.command()
def openapi() -> None:
    """Print the OpenAPI document (JSON)."""
    from app.main import create_app

    json.dump(create_app().openapi(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _session() -> Session:
    return create_session_factory(create_db_engine(get_settings().database_url))()


def _upgrade_if_needed() -> None:
    settings = get_settings()
    engine = create_db_engine(settings.database_url)
    try:
        if not migrations.is_up_to_date(engine, settings.database_url):
            migrations.upgrade(settings.database_url)
    finally:
        engine.dispose()
