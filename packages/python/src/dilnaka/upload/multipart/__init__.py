"""Multipart uploads: one file per concern (plan, URLs, parts, progress, state, resume, stream),
run by `run_sync` (threads) and `run_async` (asyncio tasks)."""
