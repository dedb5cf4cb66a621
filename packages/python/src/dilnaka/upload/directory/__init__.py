"""`upload_directory()`: walk a tree (no symlink escapes), filter it, upload its files with
bounded concurrency, and report every file's result: one failure never stops the others."""
