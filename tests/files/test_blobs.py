"""Both blob stores keep content by digest, once, and refuse what does not match."""

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from app.core.config import Settings
from app.files.blobs import BlobStore, LocalBlobStore, S3BlobStore, blob_store_from_settings


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@pytest.fixture
def s3_store() -> Iterator[S3BlobStore]:
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket="troupe-test")
        yield S3BlobStore(client, "troupe-test", "files/")


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> BlobStore:
    if request.param == "local":
        return LocalBlobStore(tmp_path / "files")
    s3: BlobStore = request.getfixturevalue("s3_store")
    return s3


def test_content_is_kept_by_digest_and_read_back(store: BlobStore) -> None:
    content = b"contract text " * 50_000  # several chunks
    key = digest(content)

    store.put(key, io.BytesIO(content))

    assert store.exists(key)
    assert b"".join(store.read(key)) == content
    assert list(store.digests()) == [key]


def test_putting_the_same_content_twice_keeps_one_copy(store: BlobStore) -> None:
    content = b"same bytes"

    store.put(digest(content), io.BytesIO(content))
    store.put(digest(content), io.BytesIO(content))

    assert list(store.digests()) == [digest(content)]


def test_deleting_forgets_the_content_and_tolerates_absence(store: BlobStore) -> None:
    content = b"to be deleted"
    store.put(digest(content), io.BytesIO(content))

    store.delete(digest(content))
    store.delete(digest(content))

    assert not store.exists(digest(content))
    assert list(store.digests()) == []
    with pytest.raises(FileNotFoundError):
        b"".join(store.read(digest(content)))


@pytest.mark.parametrize("bad", ["../../etc/passwd", "A" * 64, "abc", digest(b"x") + "/.."])
def test_only_sha256_digests_name_blobs(store: BlobStore, bad: str) -> None:
    with pytest.raises(ValueError, match="digest"):
        store.exists(bad)


def test_the_local_store_refuses_content_that_does_not_match_its_digest(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path)

    with pytest.raises(ValueError, match="does not match"):
        store.put(digest(b"expected"), io.BytesIO(b"something else"))

    assert list(store.digests()) == []
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []


def test_the_local_store_shards_by_digest(tmp_path: Path) -> None:
    key = digest(b"sharded")

    LocalBlobStore(tmp_path).put(key, io.BytesIO(b"sharded"))

    assert (tmp_path / key[:2] / key[2:4] / key).read_bytes() == b"sharded"


def test_settings_choose_the_store(tmp_path: Path) -> None:
    local = blob_store_from_settings(Settings(files_dir=str(tmp_path)))
    with mock_aws():
        bucket = blob_store_from_settings(
            Settings(s3_bucket="b", s3_prefix="p/", s3_region="us-east-1")
        )

    assert isinstance(local, LocalBlobStore)
    assert local.root == tmp_path
    assert isinstance(bucket, S3BlobStore)
    assert (bucket.bucket, bucket.prefix) == ("b", "p/")
