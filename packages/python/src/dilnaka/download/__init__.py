"""Downloads: the access URL's body streamed to a path, to bytes or to an iterator, resumed with
`Range` after a reset, and verified (size, SHA-256) before anything is handed over."""
