"""DILNAKA_E2E_PRISM_PROXY=1 (issue #17) puts `prism proxy --errors` between this suite and the dev
server, so any request or response that breaks spec/openapi.yaml fails the run. This proves the switch
reached the dev server this suite starts (through `pnpm dev-server`) and the SDK's calls really pass
the proxy; without the switch they go to the API directly."""

from __future__ import annotations

import os

import httpx

from dilnaka import Dilnaka

from .conftest import DevServer

MARK = "prism proxy --errors"


def test_the_sdk_traffic_passes_prism_exactly_when_the_switch_is_on(dev_server: DevServer) -> None:
    switch_on = os.environ.get("DILNAKA_E2E_PRISM_PROXY") == "1"
    seen: list[str | None] = []
    hooks = {"response": [lambda r: seen.append(r.headers.get("x-dilnaka-spec-check"))]}
    with (
        httpx.Client(event_hooks=hooks) as http,
        Dilnaka(api_key=dev_server.api_key, base_url=dev_server.base_url, http_client=http) as client,
    ):
        next(iter(client.list_files(limit=1)), None)
    assert seen and seen == [MARK if switch_on else None] * len(seen)
    # Test controls are not in the spec: they go straight to the API either way.
    controls = httpx.get(dev_server.base_url + "/__dev/faults", timeout=10)
    assert (controls.status_code, controls.headers.get("x-dilnaka-spec-check")) == (200, None)
