"""`list_files()` results: lazy, following `nextCursor` page by page.

0.0.8 returned a list; the sync pager still answers `len()`, indexing and `bool()` (by fetching
the remaining pages), so code written against the list keeps working.
"""

from __future__ import annotations

from typing import AsyncIterator, Awaitable, Callable, Iterator, List, Optional, Set, Tuple, overload

from .errors import DilnakaAPIError
from .types import UploadedFile

Page = Tuple[List[UploadedFile], Optional[str]]


class FilePager:
    """Iterate with `for file in client.list_files()`; pages are fetched as you go."""

    def __init__(self, fetch_page: Callable[[Optional[str]], Page]) -> None:
        self._fetch_page = fetch_page
        self._items: List[UploadedFile] = []
        self._cursor: Optional[str] = None
        self._seen: Set[str] = set()
        self._done = False

    def _fetch_next(self) -> None:
        files, cursor = self._fetch_page(self._cursor)
        self._items.extend(files)  # the page is good; only where it points next may be wrong
        self._cursor, self._done = cursor, cursor is None

    def __iter__(self) -> Iterator[UploadedFile]:
        index = 0
        while True:
            while index < len(self._items):
                yield self._items[index]
                index += 1
            if self._done:
                return
            _check_progress(self._seen, self._cursor)
            self._fetch_next()

    def to_list(self) -> List[UploadedFile]:
        while not self._done:
            _check_progress(self._seen, self._cursor)
            self._fetch_next()
        return list(self._items)

    def __len__(self) -> int:
        return len(self.to_list())

    @overload
    def __getitem__(self, index: int) -> UploadedFile: ...
    @overload
    def __getitem__(self, index: slice) -> List[UploadedFile]: ...
    def __getitem__(self, index: int | slice) -> UploadedFile | List[UploadedFile]:
        return self.to_list()[index]

    def __bool__(self) -> bool:
        while not self._items and not self._done:
            _check_progress(self._seen, self._cursor)
            self._fetch_next()
        return bool(self._items)

    def __repr__(self) -> str:
        state = "complete" if self._done else "more pages to fetch"
        return f"<FilePager {len(self._items)} files fetched, {state}>"


class AsyncFilePager:
    """Iterate with `async for file in client.list_files()`."""

    def __init__(self, fetch_page: Callable[[Optional[str]], Awaitable[Page]]) -> None:
        self._fetch_page = fetch_page

    async def __aiter__(self) -> AsyncIterator[UploadedFile]:
        cursor: Optional[str] = None
        seen: Set[str] = set()
        while True:
            _check_progress(seen, cursor)
            files, cursor = await self._fetch_page(cursor)
            for file in files:
                yield file
            if cursor is None:
                return

    async def to_list(self) -> List[UploadedFile]:
        return [file async for file in self]


def _check_progress(seen: Set[str], cursor: Optional[str]) -> None:
    """Called before requesting `cursor`: a cursor handed out before would loop forever.

    Checked after the previous page's files were yielded, as the TypeScript and PHP clients do."""
    if cursor is None:
        return
    if cursor in seen:
        raise DilnakaAPIError(f"The Dilnaka API returned the same nextCursor twice ({cursor!r}).")
    seen.add(cursor)
