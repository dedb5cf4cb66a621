"""Uploads in three steps, one file each: `presign`, `put`, `complete`; `flow` runs them."""
