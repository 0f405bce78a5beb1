"""A local S3 (moto's server on a free loopback port) with fake credentials and one bucket, so
the real aioboto3 adapter runs over HTTP."""

from __future__ import annotations

import json
from typing import Any

import boto3

from tests.fakes.moto import MotoServer


class FakeS3(MotoServer):
    def __init__(self, bucket: str = "streamz-media", region: str = "us-east-1") -> None:
        super().__init__(region)
        self.bucket = bucket

    def start(self) -> FakeS3:
        self.serve()
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

    def client(self) -> Any:
        """A plain boto3 client, to look at the bucket from outside the adapter."""
        return boto3.client("s3", endpoint_url=self.url, region_name=self.region)

    def stored_keys(self) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=self.bucket)
        return [item["Key"] for item in listing.get("Contents", [])]
