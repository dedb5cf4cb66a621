"""SHA-256 checksums in S3's form, for uploads (sent with the presign) and downloads (verified)."""
