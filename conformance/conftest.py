"""Starts real tapd servers, each with its own embedded PostgreSQL cluster, for the end-to-end tests."""
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest

TAPD = os.environ.get("TAPD_BINARY") or os.path.join(
    os.path.dirname(__file__), "..", ".build", "debug", "tapd")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One `tapd serve` process on a free port over a data folder; `extra_args` go to `tapd serve` (e.g.
    ["--database", url, "--job-slots", "2"]), and `log_name` separates the logs of servers sharing a folder."""

    def __init__(self, data_dir, port=None, extra_args=(), log_name="tapd.log"):
        self.data_dir = data_dir
        self.port = port or free_port()
        self.process = None
        self.signalled = False
        self.extra_args = [str(arg) for arg in extra_args]
        self.log_path = os.path.join(data_dir, log_name)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/tap"

    def start(self, timeout=120):
        return self.launch().wait_until_available(timeout)

    def launch(self):
        """Starts the process without waiting for it (for servers started all at once)."""
        os.makedirs(self.data_dir, exist_ok=True)
        log = open(self.log_path, "ab")
        self.signalled = False
        self.process = subprocess.Popen(
            [TAPD, "serve", "--data-dir", self.data_dir, "--port", str(self.port), *self.extra_args],
            stdout=log, stderr=subprocess.STDOUT)
        return self

    def wait_until_available(self, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"tapd exited with {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url + "/availability", timeout=2) as response:
                    if b"<vosi:available>true" in response.read():
                        return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("tapd did not become available:\n" + self.log())

    def stop(self, sig=signal.SIGTERM, timeout=60):
        """Sends `sig` and returns the exit code. A server that had already exited on its own crashed: that
        fails the caller, fixtures' teardowns included, since no test expects it."""
        if self.process and self.process.poll() is None:
            self.signalled = True
            self.process.send_signal(sig)
            self.process.wait(timeout=timeout)
        elif self.process and not self.signalled:
            raise AssertionError(f"tapd had exited with {self.process.returncode} before it was stopped:\n"
                                 + self.log())
        return self.process.returncode

    def stop_cleanly(self, timeout=60):
        """SIGTERM, and the exit code must be 0: a server that fails at its shutdown fails the run."""
        code = self.stop(timeout=timeout)
        assert code == 0, f"tapd exited with {code} when stopped:\n{self.log()}"

    def log(self):
        """The log's end; for a crash, Swift's backtrace from the crashing thread on, which the end would cut."""
        with open(self.log_path, errors="replace") as f:
            text = f.read()
        crash = text.find("*** Program crashed")
        return text[crash:crash + 12000] if crash >= 0 else text[-4000:]

    def full_log(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()


def eventually(predicate, timeout, interval=0.1):
    """Seconds until predicate() held, or None if it never did within timeout. The time is taken when the
    successful check began, so what the check itself costs (a psql process, a request) is not counted."""
    start = time.time()
    while time.time() - start < timeout:
        checked = time.time()
        if predicate():
            return checked - start
        time.sleep(interval)
    return None


def load_demo(data_dir, obscore_rows=3000, catalogue_rows=20000):
    subprocess.run(
        [TAPD, "demo", "load", "--data-dir", data_dir, "--obscore-rows", str(obscore_rows),
         "--catalogue-rows", str(catalogue_rows)],
        check=True, capture_output=True, timeout=600)


def stop_cluster(data_dir):
    subprocess.run([TAPD, "db", "stop", "--data-dir", data_dir], timeout=120)


def start_cluster(data_dir):
    subprocess.run([TAPD, "db", "start", "--data-dir", data_dir], check=True, capture_output=True, timeout=300)


def cluster_url(data_dir, query_role=False):
    return subprocess.run(
        [TAPD, "db", "url", "--data-dir", data_dir, *(["--query"] if query_role else [])],
        check=True, capture_output=True, text=True, timeout=60).stdout.strip()


@contextlib.contextmanager
def started_cluster(prefix, obscore_rows, catalogue_rows):
    """A cluster started by `tapd db start` and loaded, for servers that reach it with --database: yields its
    folder and URL, and stops and removes it afterwards."""
    data_dir = tempfile.mkdtemp(prefix=prefix)
    start_cluster(data_dir)
    try:
        load_demo(data_dir, obscore_rows=obscore_rows, catalogue_rows=catalogue_rows)
        yield data_dir, cluster_url(data_dir)
    finally:
        stop_cluster(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def demo_data_dir():
    data_dir = tempfile.mkdtemp(prefix="swifttap-e2e-")
    load_demo(data_dir)
    yield data_dir
    stop_cluster(data_dir)
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def server(demo_data_dir):
    # URL uploads in the tests come from a loopback file server.
    running = Server(demo_data_dir, extra_args=["--uploads-from-private-addresses"]).start()
    yield running
    running.stop_cleanly()
