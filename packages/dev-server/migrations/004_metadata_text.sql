-- File.metadata is kept as the JSON text the API returns, not jsonb: jsonb refuses the escape
-- \u0000 (PostgreSQL text holds no NUL), so a presign whose metadata had a NUL in a key or value
-- answered 500. The server never queries inside metadata; JSON.stringify escapes NUL and lone
-- surrogates into plain ASCII, which text stores as it is.
ALTER TABLE files ALTER COLUMN metadata TYPE text USING metadata::text;
