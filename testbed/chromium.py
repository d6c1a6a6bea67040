"""Launching Chromium for Playwright here: Debian's build where installed, else Playwright's own."""

from __future__ import annotations

import shutil

from playwright.sync_api import Browser, Playwright

# Without the background-networking flags Chromium keeps dialing Google's hosts,
# which a closed network refuses many times a second.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch_chromium(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_FLAGS)
