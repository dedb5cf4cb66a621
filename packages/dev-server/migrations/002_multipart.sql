-- Pending uploads expire: single PUT after its URL lifetime plus a grace, multipart after
-- multipartTtl. NULL once uploaded. Rows pending before this migration get the old 300 s URL + 60 s.
ALTER TABLE files ADD COLUMN expires_at timestamptz;
UPDATE files SET expires_at = created_at + interval '360 seconds' WHERE status = 'pending';
CREATE INDEX files_pending_expiry ON files (expires_at) WHERE status = 'pending';
CREATE INDEX files_app_status_seq ON files (app_id, status, seq DESC);

-- One row per multipart upload the API created. Kept after completion or abort (state), so the
-- store front can answer NoSuchUpload to a late part PUT instead of letting s3rver recreate it;
-- uploads it does not know (a raw S3 client such as lib-storage) pass through untouched.
CREATE TABLE multipart_uploads (
  upload_id     text PRIMARY KEY,
  file_id       text NOT NULL UNIQUE,
  app_id        text NOT NULL REFERENCES apps (id),
  key           text NOT NULL,
  part_size     bigint NOT NULL CHECK (part_size > 0),
  -- NULL: a stream of unknown length; the size is the sum of the parts at complete.
  declared_size bigint CHECK (declared_size > 0),
  state         text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'completed', 'aborted')),
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- The parts ledger of the embedded store: s3rver 4.0.4 has no ListParts, so the store front
-- records each part's ETag and stored size when s3rver accepts its PUT. (An external S3 is asked
-- with ListParts instead and leaves this table empty.)
CREATE TABLE upload_parts (
  upload_id   text NOT NULL REFERENCES multipart_uploads (upload_id) ON DELETE CASCADE,
  part_number integer NOT NULL CHECK (part_number BETWEEN 1 AND 10000),
  etag        text NOT NULL,
  size        bigint NOT NULL CHECK (size >= 0),
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (upload_id, part_number)
);
