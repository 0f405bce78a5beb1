"""Objects in an S3 bucket (or any S3-compatible store) through aioboto3."""
