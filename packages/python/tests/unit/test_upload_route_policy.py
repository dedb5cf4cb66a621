"""The route's policy checks (`UploadPolicy`): which types and sizes pass, what the refusals say."""

from __future__ import annotations

from typing import Any, Optional

import pytest

from dilnaka import UploadIntent, UploadPolicy
from dilnaka.upload_route.policy import check_intent, format_size, to_policy
from dilnaka.upload_route.result import RouteRefusal


def refusal(content_type: str, size: int, policy: UploadPolicy) -> Optional[str]:
    try:
        check_intent(UploadIntent("f.bin", content_type, size, None, None), policy)
    except RouteRefusal as refused:
        return f"{refused.status} {refused.code}: {refused.message}"
    return None


@pytest.mark.parametrize(
    ("content_type", "allowed", "passes"),
    [
        ("image/png", ["image/png"], True),
        ("IMAGE/PNG; charset=binary", ["image/png"], True),
        ("image/webp", ["image/*"], True),
        ("image", ["image/*"], False),
        ("imagex/png", ["image/*"], False),
        ("video/mp4", ["image/*", "text/plain"], False),
        ("video/mp4", ["*/*"], True),
        ("video/mp4", [], False),
    ],
)
def test_allowed_content_types(content_type: str, allowed: Any, passes: bool) -> None:
    outcome = refusal(content_type, 1, UploadPolicy(allowed_content_types=allowed))
    assert (outcome is None) == passes, outcome
    if not passes:
        assert outcome is not None and outcome.startswith("415 content_type_refused: ")


def test_max_size_is_inclusive_and_the_message_names_both_sizes() -> None:
    assert refusal("a/b", 10 * 1024 * 1024, UploadPolicy(max_size=10 * 1024 * 1024)) is None
    assert refusal("a/b", 10 * 1024 * 1024 + 1, UploadPolicy(max_size=10 * 1024 * 1024)) == (
        "413 file_too_large: f.bin is 10.0 MiB; this route accepts at most 10.0 MiB."
    )
    assert [format_size(n) for n in (0, 1023, 1536, 50331648)] == ["0 bytes", "1023 bytes", "1.5 KiB", "48.0 MiB"]


def test_the_callback_may_answer_a_policy_a_dict_or_none() -> None:
    assert to_policy(None) == UploadPolicy()
    assert to_policy({"max_size": 5, "folder": "a"}) == UploadPolicy(max_size=5, folder="a")
    with pytest.raises(TypeError, match="unknown policy keys \\['maxSize'\\]"):
        to_policy({"maxSize": 5})
    with pytest.raises(TypeError, match="must return an UploadPolicy"):
        to_policy(True)
