"""Where file contents live: one interface, a local directory or an S3-compatible bucket.

Blobs are named by their SHA-256 (hex), so the same content is kept once; `put` of a
digest that is there already writes nothing. Callers (`app.files.service`) take a lock on
the digest around `put` and `delete`, so an upload and a deletion of the same content
never cross.
"""

import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from app.core.config import Settings

CHUNK = 256 * 1024
_DIGEST = re.compile(r"[0-9a-f]{64}")


def check_digest(digest: str) -> str:
    if not _DIGEST.fullmatch(digest):
        raise ValueError(f"not a SHA-256 hex digest: {digest!r}")
    return digest


class BlobStore(Protocol):
    def put(self, digest: str, source: BinaryIO) -> None:
        """Keep `source`'s bytes (read from its start) under `digest`, unless already kept."""

    def exists(self, digest: str) -> bool: ...

    def read(self, digest: str) -> Iterator[bytes]:
        """The bytes in chunks; `FileNotFoundError` if there is no such blob."""

    def delete(self, digest: str) -> None:
        """Forget the blob (nothing happens if there is none)."""

    def digests(self) -> Iterator[str]:
        """Every digest kept (for garbage collection)."""


class LocalBlobStore:
    """Files under `root/ab/cd/abcd…` (atomic writes: a temporary file, then a rename)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, digest: str) -> Path:
        check_digest(digest)
        return self.root / digest[:2] / digest[2:4] / digest

    def put(self, digest: str, source: BinaryIO) -> None:
        target = self._path(digest)
        if target.exists():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        source.seek(0)
        hasher = hashlib.sha256()
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as temporary:
            try:
                while chunk := source.read(CHUNK):
                    hasher.update(chunk)
                    temporary.write(chunk)
                temporary.flush()
                os.fsync(temporary.fileno())
                if hasher.hexdigest() != digest:
                    raise ValueError("the content does not match its digest")
            except BaseException:
                os.unlink(temporary.name)
                raise
        os.replace(temporary.name, target)

    def exists(self, digest: str) -> bool:
        return self._path(digest).is_file()

    def read(self, digest: str) -> Iterator[bytes]:
        with self._path(digest).open("rb") as handle:
            while chunk := handle.read(CHUNK):
                yield chunk

    def delete(self, digest: str) -> None:
        self._path(digest).unlink(missing_ok=True)

    def digests(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for path in self.root.glob("??/??/*"):
            if _DIGEST.fullmatch(path.name) and path.is_file():
                yield path.name


class S3BlobStore:
    """Objects `prefix + digest` in a bucket of any S3-compatible service (boto3 client)."""

    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix

    def _key(self, digest: str) -> str:
        return self.prefix + check_digest(digest)

    def put(self, digest: str, source: BinaryIO) -> None:
        if self.exists(digest):
            return
        source.seek(0)
        self.client.upload_fileobj(
            source,
            self.bucket,
            self._key(digest),
            ExtraArgs={"ChecksumAlgorithm": "SHA256", "ContentType": "application/octet-stream"},
        )

    def exists(self, digest: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(digest))
        except self.client.exceptions.ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                return False
            raise
        return True

    def read(self, digest: str) -> Iterator[bytes]:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._key(digest))
        except self.client.exceptions.NoSuchKey:
            raise FileNotFoundError(digest) from None
        body = answer["Body"]
        try:
            yield from body.iter_chunks(CHUNK)
        finally:
            body.close()

    def delete(self, digest: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(digest))

    def digests(self) -> Iterator[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix
        )
        for page in pages:
            for item in page.get("Contents", ()):
                name = str(item["Key"])[len(self.prefix) :]
                if _DIGEST.fullmatch(name):
                    yield name


def blob_store_from_settings(settings: Settings) -> BlobStore:
    """The S3 store when `TROUPE_S3_BUCKET` is set, else the directory `TROUPE_FILES_DIR`."""
    if not settings.s3_bucket:
        return LocalBlobStore(Path(settings.files_dir))
    try:
        import boto3  # optional: `pip install troupe[s3]`
    except ImportError as missing:
        raise RuntimeError("TROUPE_S3_BUCKET needs boto3: pip install 'troupe[s3]'") from missing
    client = boto3.client(
        "s3", endpoint_url=settings.s3_endpoint_url, region_name=settings.s3_region
    )
    return S3BlobStore(client, settings.s3_bucket, settings.s3_prefix)
