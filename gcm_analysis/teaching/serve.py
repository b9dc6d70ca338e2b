"""Serve the four lessons to a room of participants who have only a browser.

``python3 tasks.py serve-lessons`` starts a JupyterHub on this machine:

- **authentication**: JupyterHub's shared-password authenticator: a participant
  picks a user name and types the room's password (printed at start-up);
- **spawner**: the simple local-process spawner: one JupyterLab server per
  participant, each in its own folder ``<workdir>/users/<name>/``;
- **each participant's own copy**: a pre-spawn hook (:func:`copy_lessons`) copies
  the lessons into ``<name>/lessons/`` (English) and ``<name>/lessons/fr/``
  (French) the first time, and never overwrites them afterwards, so answers
  saved by one participant stay in their copy;
- **proxy**: ``configurable-http-proxy``, installed from npm into the hub's own
  environment (``.venv/teach/node/``) the first time, never globally.

What it is not: every participant's server runs as the operating-system user
who started the hub (the spawner JupyterHub describes as "only for testing"), so
a participant who wants to can read another's folder from Python. It keeps
honest participants' work apart in a training room; it is no protection against
a participant who wants to snoop, and the machine should not hold anything
confidential. Terminals are switched off.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

from .. import paths

log = logging.getLogger(__name__)

PROXY_PACKAGE = "configurable-http-proxy@4"
"""The npm package JupyterHub's default proxy comes from."""

LESSON_FOLDER = "lessons"
"""The folder of a participant's copy, under their home."""

MIN_PASSWORD = 8
"""JupyterHub's shared-password authenticator needs at least 8 characters."""


def node_dir() -> Path:
    """Where the proxy is installed: ``node/`` inside the hub's environment."""
    return Path(sys.prefix) / "node"


def proxy_command() -> Path:
    """Install ``configurable-http-proxy`` with npm (once) and return its path."""
    binary = node_dir() / "node_modules" / ".bin" / "configurable-http-proxy"
    if binary.exists():
        return binary
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("serving the lessons needs Node.js and npm (for JupyterHub's "
                         "proxy, configurable-http-proxy): install them, e.g. "
                         "`apt-get install nodejs npm`, and run the command again")
    print(f"installing {PROXY_PACKAGE} into {node_dir()} (npm, once) ...", flush=True)
    subprocess.run([npm, "install", "--no-audit", "--no-fund", "--silent",
                    "--prefix", str(node_dir()), PROXY_PACKAGE], check=True)
    return binary


def copy_lessons(spawner: Any) -> None:
    """JupyterHub pre-spawn hook: give the participant their own lessons once.

    Copies the English lessons into ``<home>/lessons/`` and the French ones into
    ``<home>/lessons/fr/``, only when that folder does not exist yet: a
    participant who comes back finds their own answers.
    """
    home = Path(spawner.home_dir)
    target = home / LESSON_FOLDER
    if target.exists():
        return
    home.mkdir(parents=True, exist_ok=True)
    partial = home / f".{LESSON_FOLDER}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    for notebook in sorted(paths.TEACHING_DIR.glob("lesson*.ipynb")):
        shutil.copy2(notebook, partial / notebook.name)
    (partial / "fr").mkdir()
    for notebook in sorted((paths.TEACHING_DIR / "fr").glob("lesson*.ipynb")):
        shutil.copy2(notebook, partial / "fr" / notebook.name)
    partial.rename(target)  # all or nothing: a half copy is never kept


def free_port() -> int:
    """A TCP port free on the loopback interface now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _shared_jupyter_dirs() -> list[Path]:
    """``share/jupyter`` of the environments this one borrows packages from.

    ``.venv/teach`` sees ``.venv``'s packages through a ``.pth`` file, but
    JupyterLab looks for front-end extensions (the widgets' manager, which
    ipywidgets installs into ``<prefix>/share/jupyter/labextensions``) only under
    its own prefix and ``JUPYTER_PATH``: without this the buttons never show.
    """
    own = Path(sys.prefix).resolve()
    found: list[Path] = []
    for entry in sys.path:
        site = Path(entry)
        if site.name != "site-packages" or own in site.resolve().parents:
            continue
        shared = site.parents[2] / "share" / "jupyter"
        if shared.is_dir() and shared not in found:
            found.append(shared)
    return found


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def hub_config(workdir: Path, ip: str, port: int, password: str) -> str:
    """The ``jupyterhub_config.py`` of a lesson server (Python source)."""
    users = workdir / "users"
    singleuser = Path(sys.executable).with_name("jupyterhub-singleuser")
    settings = {
        "JupyterHub.bind_url": f"http://{ip}:{port}",
        "JupyterHub.hub_ip": "127.0.0.1",
        "JupyterHub.hub_port": free_port(),
        "JupyterHub.authenticator_class": "shared-password",
        "SharedPasswordAuthenticator.user_password": password,
        "Authenticator.allow_all": True,
        "JupyterHub.spawner_class": "simple",
        "SimpleLocalProcessSpawner.home_dir_template": f"{users}/{{username}}",
        "Spawner.cmd": [str(singleuser)],
        "Spawner.args": ["--ServerApp.terminals_enabled=False",
                         # JupyterLab refuses root unless told: containers, CI
                         *(["--allow-root"] if _is_root() else [])],
        "Spawner.default_url": f"/lab/tree/{LESSON_FOLDER}",
        "Spawner.environment": {"JUPYTER_PATH": os.pathsep.join(
            str(p) for p in _shared_jupyter_dirs())},
        "Spawner.start_timeout": 120,
        "Spawner.http_timeout": 120,
        "ConfigurableHTTPProxy.command": [str(proxy_command())],
        "ConfigurableHTTPProxy.api_url": f"http://127.0.0.1:{free_port()}",
        "JupyterHub.db_url": f"sqlite:///{workdir / 'jupyterhub.sqlite'}",
        "JupyterHub.cookie_secret_file": str(workdir / "jupyterhub_cookie_secret"),
        "JupyterHub.pid_file": str(workdir / "jupyterhub.pid"),
        "JupyterHub.cleanup_servers": True,
        "JupyterHub.cleanup_proxy": True,
    }
    lines = ['"""Written by `python3 tasks.py serve-lessons` (edits are lost)."""',
             "from gcm_analysis.teaching.serve import copy_lessons", "",
             "c = get_config()  # noqa: F821",
             "c.Spawner.pre_spawn_hook = copy_lessons"]
    lines += [f"c.{name} = {value!r}" for name, value in settings.items()]
    return "\n".join(lines) + "\n"


def _room_address(ip: str, port: int) -> str:
    if ip not in ("0.0.0.0", ""):
        return f"http://{ip}:{port}"
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.connect(("192.0.2.1", 9))  # no packet is sent: picks the LAN address
            return f"http://{sock.getsockname()[0]}:{port}"
    except OSError:
        return f"http://<this machine's address>:{port}"


def serve(port: int = 8000, ip: str = "0.0.0.0", workdir: Path | str | None = None,
          password: str | None = None) -> int:
    """Write the hub's configuration into ``workdir`` and run JupyterHub.

    Returns JupyterHub's exit code (it runs until stopped with Ctrl+C).
    """
    folder = Path(workdir) if workdir else paths.OUTPUTS_DIR / "teaching" / "hub"
    folder = folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "users").mkdir(exist_ok=True)
    password = password or secrets.token_urlsafe(6)
    if len(password) < MIN_PASSWORD:
        raise SystemExit(f"the room's password needs at least {MIN_PASSWORD} "
                         "characters")
    config = folder / "jupyterhub_config.py"
    config.write_text(hub_config(folder, ip, port, password), encoding="utf-8")
    config.chmod(0o600)  # it holds the password
    print(f"\nLessons served at {_room_address(ip, port)}\n"
          f"  participants: any user name, password {password}\n"
          f"  their copies: {folder / 'users'}/<name>/{LESSON_FOLDER}/\n"
          "  stop with Ctrl+C\n", flush=True)
    hub = Path(sys.executable).with_name("jupyterhub")
    search = f"{hub.parent}{os.pathsep}{os.environ.get('PATH', '')}"
    env = {**os.environ, "PATH": search}
    return subprocess.call([str(hub), "-f", str(config)], cwd=folder, env=env)
