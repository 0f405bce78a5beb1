"""S3 objects: public, immutable (content-addressed keys), cached for a year.

Credentials come from the standard AWS chain (environment, shared config, instance role).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import quote

import aioboto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from streamz.core.errors import Unavailable
from streamz.core.media.entities import StoredObject

CACHE_CONTROL = "public, max-age=31536000, immutable"
_MISSING = {"NoSuchKey", "404", "NotFound"}


def default_base_url(bucket: str, region: str, endpoint_url: str | None) -> str:
    """Path-style under a custom endpoint, else the bucket's virtual-hosted AWS URL."""
    if endpoint_url:
        return f"{endpoint_url.rstrip('/')}/{bucket}"
    return f"https://{bucket}.s3.{region}.amazonaws.com"


class S3Store:
    def __init__(self, client: Any, bucket: str, base_url: str) -> None:
        self._client = client
        self._bucket = bucket
        self._base_url = base_url.rstrip("/")

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        try:
            await self._client.put_object(
                Bucket=self._bucket,
                Key=key,
                Body=data,
                ContentType=content_type,
                CacheControl=CACHE_CONTROL,
            )
        except (BotoCoreError, ClientError) as error:
            raise Unavailable("the media store refused the upload") from error

    async def delete(self, key: str) -> None:
        try:
            await self._client.delete_object(Bucket=self._bucket, Key=key)
        except (BotoCoreError, ClientError) as error:
            raise Unavailable("the media store refused the deletion") from error

    def url(self, key: str) -> str:
        return f"{self._base_url}/{quote(key)}"

    async def get(self, key: str) -> StoredObject | None:
        try:
            response = await self._client.get_object(Bucket=self._bucket, Key=key)
            async with response["Body"] as body:
                data = await body.read()
        except ClientError as error:
            if str(error.response.get("Error", {}).get("Code")) in _MISSING:
                return None
            raise Unavailable("the media store cannot read") from error
        except BotoCoreError as error:
            raise Unavailable("the media store cannot read") from error
        return StoredObject(data, str(response.get("ContentType") or "application/octet-stream"))


@asynccontextmanager
async def open_s3_store(
    bucket: str, region: str, endpoint_url: str | None, base_url: str
) -> AsyncIterator[S3Store]:
    """An ``S3Store`` on a client that is closed on exit (APP scope in the container)."""
    config = Config(
        s3={"addressing_style": "path" if endpoint_url else "auto"},
        retries={"max_attempts": 3, "mode": "standard"},
        connect_timeout=5,
        read_timeout=10,
    )
    session = aioboto3.Session()
    async with session.client(
        "s3", region_name=region, endpoint_url=endpoint_url, config=config
    ) as client:
        yield S3Store(client, bucket, base_url)
