"""PDF export through headless Chromium (Debian's ``chromium``) driven by playwright.

One browser, and one tab in it, is started per process and reused for every PDF
(about 0.3 s a report, against ~6 s for ``nbconvert --to webpdf``). When
Chromium or playwright is missing the caller gets :class:`PdfUnavailable` with a
plain message saying how to enable PDF; runs then still succeed with HTML only.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
from typing import Any

from .cleanup import temp_prefix
from .errors import GcmError, Text

#: Flags for a headless Chromium on a closed network, run as root in a sandbox.
CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
HOW_TO_ENABLE = ("install Chromium from Debian's packages (apt-get install chromium) "
                 "and the 'pdf' extra (pip install -e '.[pdf]'), or set GCM_CHROMIUM "
                 "to the browser's path")


class PdfUnavailable(GcmError):
    """PDF export cannot run here (no browser or no playwright)."""


def chromium_path() -> str | None:
    """Return the Chromium executable: ``$GCM_CHROMIUM`` or one on PATH."""
    configured = os.environ.get("GCM_CHROMIUM")
    if configured:
        return configured if os.path.exists(configured) else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class PdfPrinter:
    """A reusable headless browser that prints HTML strings to PDF bytes."""

    def __init__(self) -> None:
        executable = chromium_path()
        if executable is None:
            raise PdfUnavailable(text=Text("cli.pdf_no_chromium"))
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as exc:
            raise PdfUnavailable(text=Text("cli.pdf_no_playwright")) from exc
        self._profile = tempfile.mkdtemp(prefix=temp_prefix("chromium"))
        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_FLAGS, headless=True)
        except Exception as exc:
            self._playwright.stop()
            raise PdfUnavailable(text=Text("cli.pdf_no_start",
                                           {"reason": str(exc)})) from exc
        # Scripts are disabled: reports need none, and a payload in user text
        # must not run while printing.
        self._context = self._browser.new_context(java_script_enabled=False,
                                                  offline=True)
        self._page: Any = None

    def to_pdf(self, html: str, footer: str = "") -> bytes:
        """Print one self-contained HTML page to A4 PDF bytes.

        One tab is reused for every document (a new tab per document costs about
        2.5 times the browser CPU): each document replaces the previous one
        whole, scripts are off and the tab is offline, so nothing carries over.
        A tab that failed is closed and the next document gets a new one.
        """
        if self._page is None:
            self._page = self._context.new_page()
        page = self._page
        try:
            page.set_content(html, wait_until="load")
            # tagged: the PDF carries the page's language (<html lang>) and its
            # structure for screen readers; outline: bookmarks from the headings
            options: dict[str, Any] = {
                "format": "A4", "print_background": True, "tagged": True,
                "outline": True,
                "margin": {"top": "14mm", "bottom": "16mm", "left": "12mm",
                           "right": "12mm"},
            }
            if footer:
                from html import escape

                options.update(
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=(
                        '<div style="font-size:8px;width:100%;text-align:center;'
                        f'color:#666">{escape(footer)} · <span class="pageNumber">'
                        '</span>/<span class="totalPages"></span></div>'),
                )
            return bytes(page.pdf(**options))
        except Exception:
            self._page = None
            try:
                page.close()
            except Exception:  # noqa: BLE001 - the tab may be gone already
                pass
            raise

    def close(self) -> None:
        """Close the browser and remove its temporary profile."""
        try:
            self._context.close()
            self._browser.close()
        finally:
            self._playwright.stop()
            shutil.rmtree(self._profile, ignore_errors=True)


_local = threading.local()


def shared_printer() -> PdfPrinter:
    """The calling thread's printer (playwright's sync API is per thread)."""
    printer = getattr(_local, "printer", None)
    if printer is None:
        printer = PdfPrinter()
        _local.printer = printer
        atexit.register(printer.close)
    return printer
