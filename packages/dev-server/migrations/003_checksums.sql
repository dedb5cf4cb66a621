-- SHA-256 integrity (issue #16). `checksum_sha256` is File.checksumSha256, set at complete: the
-- base64 SHA-256 of a single PUT, or S3's composite `<base64>-<n>` of a multipart upload with
-- checksums; NULL when the upload gave none. `signed_checksum_sha256` is the value a single-PUT
-- presign signed into its URL (storage refuses any other body), copied to `checksum_sha256` at
-- complete. `part_size` is File.partSize (multipart only), so a download can check a composite.
ALTER TABLE files ADD COLUMN checksum_sha256 text;
ALTER TABLE files ADD COLUMN signed_checksum_sha256 text;
ALTER TABLE files ADD COLUMN part_size bigint CHECK (part_size > 0);
UPDATE files SET part_size = m.part_size FROM multipart_uploads m WHERE m.file_id = files.id;

-- `SHA256` when every part carries its checksum (createMultipartUpload's checksumAlgorithm).
ALTER TABLE multipart_uploads ADD COLUMN checksum_algorithm text CHECK (checksum_algorithm IN ('SHA256'));

-- Each part's base64 SHA-256 as storage verified it (the signed x-amz-checksum-sha256), NULL without.
ALTER TABLE upload_parts ADD COLUMN checksum_sha256 text;
