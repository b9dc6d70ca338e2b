"""Serving the lessons to a room: two participants in headless Chromium.

``python3 tasks.py serve-lessons`` (JupyterHub, shared password, one JupyterLab
server and one copy of the lessons per participant). The first run installs the
hub's environment (``.venv/teach``, ~1 min) and its proxy from npm.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from gcm_analysis import paths
from gcm_analysis.teaching.serve import free_port

PASSWORD = "room-password-1"
LESSON = "lessons/lesson2_costing_an_intervention.ipynb"
START_TIMEOUT = 300  # the first run installs JupyterHub and its proxy


def _wait_for_hub(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the lesson server stopped:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/hub/api", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"the lesson server did not start:\n{log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen, workdir: Path) -> None:
    """Stop the hub (it stops the participants' servers), then anything of ours
    still running in the workdir, by process id."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            cwd = Path(os.readlink(entry / "cwd"))
        except OSError:
            continue
        if workdir in cwd.parents or cwd == workdir:
            os.kill(int(entry.name), signal.SIGKILL)


@pytest.fixture(scope="module")
def lesson_server(tmp_path_factory):
    from gcm_analysis.pdf import chromium_path

    if chromium_path() is None:
        pytest.skip("no Chromium here (apt-get install chromium)")
    if shutil.which("npm") is None:
        pytest.skip("no npm here: JupyterHub's proxy comes from npm")
    workdir = tmp_path_factory.mktemp("hub")
    port = free_port()
    log = workdir / "hub.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, str(paths.ROOT_DIR / "tasks.py"), "serve-lessons",
             "--port", str(port), "--ip", "127.0.0.1", "--workdir", str(workdir),
             "--password", PASSWORD],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            cwd=paths.ROOT_DIR)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_hub(url, process, log)
        yield url, workdir
    finally:
        _stop(process, workdir)


@pytest.mark.slow
def test_two_participants_each_work_on_their_own_copy(lesson_server):
    url, workdir = lesson_server
    # playwright's sync API refuses a thread where it already runs (the PDF
    # printer of an earlier test may): the two participants get a thread of their own
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_two_participants, url).result()
    mine = workdir / "users" / "amina" / LESSON
    theirs = workdir / "users" / "bruno" / LESSON
    assert "amina" in mine.read_text(encoding="utf-8")
    assert "amina" not in theirs.read_text(encoding="utf-8")
    french = workdir / "users" / "bruno" / "lessons" / "fr"
    assert len(list(french.glob("lesson*.ipynb"))) == 4
    assert (paths.TEACHING_DIR / "lesson2_costing_an_intervention.ipynb").read_text(
        encoding="utf-8").count("amina") == 0  # the repository is untouched
    # the check cells' buttons need the widgets' front end in JupyterLab
    config = (workdir / "jupyterhub_config.py").read_text(encoding="utf-8")
    found = re.search(r"'JUPYTER_PATH': '([^']*)'", config)
    assert found, "participants' servers are not told where ipywidgets' front end is"
    assert any((Path(folder) / "labextensions" / "@jupyter-widgets"
                / "jupyterlab-manager").is_dir()
               for folder in found.group(1).split(os.pathsep))


def _two_participants(url: str) -> None:
    from playwright.sync_api import sync_playwright

    from gcm_analysis.pdf import chromium_path

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path())
        try:
            people = {}
            for name in ("amina", "bruno"):  # both log in, their servers start
                context = browser.new_context(base_url=url)
                page = context.new_page()
                page.goto("/hub/login")
                page.fill("#username_input", name)
                page.fill("#password_input", PASSWORD)
                page.click("#login_submit", no_wait_after=True)
                people[name] = (context, page)
            for name, (_, page) in people.items():
                page.wait_for_url(f"**/user/{name}/lab/**", timeout=150_000,
                                  wait_until="commit")
            # amina sees the lessons in JupyterLab's file browser
            amina_page = people["amina"][1]
            amina_page.get_by_text("lesson2_costing_an_intervention.ipynb").first \
                .wait_for(timeout=60_000)

            def notebook(name, owner=None):
                context = people[name][0]
                response = context.request.get(
                    f"/user/{owner or name}/api/contents/{LESSON}", max_redirects=0)
                return response

            def exercise_cell(response):
                cells = response.json()["content"]["cells"]
                return next(c for c in cells
                            if "exercise" in c["metadata"].get("tags", []))

            # amina answers the first exercise and saves (as JupyterLab does)
            context = people["amina"][0]
            content = notebook("amina").json()["content"]
            cell = next(c for c in content["cells"]
                        if "exercise" in c["metadata"].get("tags", []))
            cell["source"] = 'answer = "72 000 000"  # amina'
            xsrf = next(c["value"] for c in context.cookies() if c["name"] == "_xsrf")
            saved = context.request.put(
                f"/user/amina/api/contents/{LESSON}",
                data=json.dumps({"type": "notebook", "format": "json",
                                 "content": content}),
                headers={"X-XSRFToken": xsrf, "Content-Type": "application/json"})
            assert saved.status == 200, saved.text()

            assert "amina" in exercise_cell(notebook("amina"))["source"]
            assert "answer = None" in exercise_cell(notebook("bruno"))["source"]
            assert notebook("bruno", owner="amina").status in (302, 403)
        finally:
            browser.close()
