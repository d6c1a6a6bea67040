"""uvicorn's HTTP protocol, with Nagle's algorithm turned off on every connection.

With several workers uvicorn binds the listening socket itself, with protocol 0
rather than IPPROTO_TCP, and asyncio then skips TCP_NODELAY on the connections it
accepts (uvloop sets it regardless). Every response then waited for the client's
delayed ACK: 44 ms per keep-alive request, 23 req/s on one connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


def disable_nagle(transport: asyncio.BaseTransport) -> None:
    connection = transport.get_extra_info("socket")
    if connection is not None and connection.family in (socket.AF_INET, socket.AF_INET6):
        with contextlib.suppress(OSError):  # a closed or non-TCP socket: nothing to tune
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayHttpToolsProtocol(HttpToolsProtocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        disable_nagle(transport)
        super().connection_made(transport)
