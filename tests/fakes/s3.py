"""A local S3 (moto's server on a free loopback port) with fake credentials and one bucket, so
the real aioboto3 adapter runs over HTTP."""

from __future__ import annotations

import json
import os
import socket
from typing import Any

import boto3
from moto.server import ThreadedMotoServer

CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class FakeS3:
    def __init__(self, bucket: str = "streamz-media", region: str = "us-east-1") -> None:
        self.bucket = bucket
        self.region = region
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self._saved: dict[str, str | None] = {}

    def start(self) -> FakeS3:
        self._saved = {name: os.environ.get(name) for name in CREDENTIALS}
        os.environ.update(CREDENTIALS)
        self._server.start()
        client = self.client()
        client.create_bucket(Bucket=self.bucket)
        # public reads, as a deployment configures its media bucket (or a CDN in front)
        client.put_bucket_policy(Bucket=self.bucket, Policy=json.dumps(self._public_read()))
        return self

    def _public_read(self) -> dict[str, Any]:
        return {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{self.bucket}/*",
                }
            ],
        }

    def stop(self) -> None:
        self._server.stop()
        for name, value in self._saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

    def client(self) -> Any:
        """A plain boto3 client, to look at the bucket from outside the adapter."""
        return boto3.client("s3", endpoint_url=self.url, region_name=self.region)

    def stored_keys(self) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=self.bucket)
        return [item["Key"] for item in listing.get("Contents", [])]
