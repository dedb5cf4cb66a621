-- Accounts ("apps"): the plan and the stored bytes they are billed for.
CREATE TABLE apps (
  id            text PRIMARY KEY,
  plan          text NOT NULL CHECK (plan IN ('free', 'pro', 'usage')),
  storage_bytes bigint NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- API keys are stored as SHA-256 hashes; `hint` is the `dlk_dev_…abcd` form safe to show.
CREATE TABLE api_keys (
  key_hash   text PRIMARY KEY,
  app_id     text NOT NULL REFERENCES apps (id),
  hint       text NOT NULL,
  can_write  boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per presigned upload; `seq` orders listings (newest first) and backs the cursor.
CREATE TABLE files (
  seq           bigserial UNIQUE,
  id            text PRIMARY KEY,
  app_id        text NOT NULL REFERENCES apps (id),
  status        text NOT NULL CHECK (status IN ('pending', 'uploaded')),
  key           text NOT NULL UNIQUE,
  original_name text NOT NULL,
  content_type  text NOT NULL,
  size          bigint NOT NULL CHECK (size >= 0),
  metadata      jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  uploaded_at   timestamptz
);
CREATE INDEX files_app_seq ON files (app_id, seq DESC);

-- Bandwidth served per app and billing month ('YYYY-MM', UTC).
CREATE TABLE bandwidth_usage (
  app_id text NOT NULL REFERENCES apps (id),
  month  text NOT NULL,
  bytes  bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (app_id, month)
);

-- Settings of this dev instance, e.g. the dev API key it prints at start-up.
CREATE TABLE dev_settings (
  name  text PRIMARY KEY,
  value text NOT NULL
);
