"""Helpers shared by the browser tests."""

import threading
import time

# Django's live server answers each connection in a daemon thread that socketserver does not
# keep track of; Python names them "Thread-N (process_request_thread)".
REQUEST_THREAD = "(process_request_thread)"


def close_and_wait(context, timeout: float = 30) -> None:
    """Close the browser context, then wait until the live server has finished every request
    it was serving (keep-alive connections end with the context)."""
    context.close()
    deadline = time.monotonic() + timeout
    while busy := [t for t in threading.enumerate() if t.name.endswith(REQUEST_THREAD)]:
        if time.monotonic() > deadline:
            raise TimeoutError(f"The live server still serves requests after {timeout} s.")
        for thread in busy:
            thread.join(max(deadline - time.monotonic(), 0))
