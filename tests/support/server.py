"""Real app servers in their own processes (gunicorn, sync workers) for multi-server and
durability tests."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(database_url: str, port: int | None = None, workers: int = 1,
          extra_env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    port = port or free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "SPILNO_SECRET_KEY": "shared-test-secret",
           "SPILNO_CONFIG": "development", **(extra_env or {})}
    process = subprocess.Popen(
        [str(GUNICORN), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--graceful-timeout", "2", "app:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {process.stderr.read().decode()[-2000:]}")
        try:
            if requests.get(f"{base}/healthz", timeout=1).status_code == 200:
                return process, base
        except requests.RequestException:
            time.sleep(0.2)
    kill(process)
    raise RuntimeError("server did not start within 30 s")


def kill(process: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    """Kill the whole process group (gunicorn's master and its workers)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
    process.wait(timeout=10)


@contextmanager
def running(database_url: str, **kwargs):
    process, base = start(database_url, **kwargs)
    try:
        yield base
    finally:
        kill(process, signal.SIGTERM)


def log_in(base: str, email: str, password: str, session: requests.Session | None = None):
    """A browser-like session logged in on `base`; returns (session, csrf token, response)."""
    import re

    session = session or requests.Session()
    page = session.get(f"{base}/login").text
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    response = session.post(f"{base}/login", data={"email": email, "password": password,
                                                   "csrf_token": token}, allow_redirects=False)
    home = session.get(f"{base}/").text
    match = re.search(r'name="csrf_token" value="([^"]+)"', home)
    return session, match.group(1) if match else "", response
