"""Archives delivery photos older than the retention window to Glacier."""
import datetime
import logging
import os

import boto3

log = logging.getLogger(__name__)

RETENTION_DAYS = int(os.environ.get("RETENTION_DAYS", "30"))
BUCKET = os.environ.get("PHOTO_BUCKET", "kestrel-delivery-photos")


def archive_old_photos(now: datetime.datetime | None = None) -> int:
    now = now or datetime.datetime.now(datetime.timezone.utc)
    s3 = boto3.client("s3")  # credentials from the pod's workload identity
    cutoff = now - datetime.timedelta(days=RETENTION_DAYS)
    moved = 0
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix="photos/"):
        for obj in page.get("Contents", []):
            if obj["LastModified"] < cutoff:
                s3.copy_object(
                    Bucket=BUCKET,
                    Key=obj["Key"],
                    CopySource={"Bucket": BUCKET, "Key": obj["Key"]},
                    StorageClass="GLACIER",
                )
                moved += 1
    log.info("archived %d photos", moved)
    return moved


if __name__ == "__main__":
    archive_old_photos()
