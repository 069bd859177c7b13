"""Streaming under load: a client that goes away cancels its query in the database at once, and the server's
memory stays flat however many rows stream (the rows come from a cross join of the demo catalogue, so no table
of that size is needed)."""
import socket
import subprocess
import threading
import time
from urllib.parse import urlencode, urlparse

import pytest
import requests

from conftest import TAPD, eventually

# 20,000 x 20,000 rows: far more than any test reads, produced as fast as PostgreSQL can join.
ENDLESS = "SELECT a.source_id, a.ra, b.dec, b.phot_g_mean_mag FROM cat.sources AS a, cat.sources AS b"


def admin_sql(data_dir, sql):
    url = subprocess.run([TAPD, "db", "url", "--data-dir", data_dir], check=True, capture_output=True,
                         text=True).stdout.strip()
    return subprocess.run(["psql", "-qAt", url, "-c", sql], check=True, capture_output=True, text=True).stdout


def running_copies(data_dir):
    return int(admin_sql(data_dir, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'tapd-query' "
                                   "AND state = 'active' AND query LIKE 'COPY (%'"))


def resident_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))


def test_client_disconnect_cancels_the_query(server, demo_data_dir):
    # curl reads as fast as it can; killing it is a client that goes away mid-stream.
    client = subprocess.Popen(["curl", "-sN", server.url + "/sync", "--data-urlencode", "QUERY=" + ENDLESS,
                               "-d", "LANG=ADQL", "-d", "MAXREC=100000000", "-o", "/dev/null"])
    try:
        deadline = time.time() + 10
        while not running_copies(demo_data_dir) and time.time() < deadline:
            time.sleep(0.1)
        assert running_copies(demo_data_dir) == 1, "the query should be running while its rows are read"
    finally:
        client.kill()
        client.wait()
    deadline = time.time() + 5
    while running_copies(demo_data_dir) and time.time() < deadline:
        time.sleep(0.1)
    assert running_copies(demo_data_dir) == 0, "the query still runs after its client went away"
    # The service is still there for the next client.
    assert requests.get(server.url + "/availability", timeout=10).status_code == 200


# One row, at the end of 400,000,000 pairs: no byte of the result exists until the database is done.
AGGREGATE = "SELECT COUNT(*) FROM cat.sources AS a, cat.sources AS b WHERE a.ra + b.dec > -1000"


@pytest.mark.parametrize("response_format", ["votable", "csv", "fits"])
def test_leaving_before_the_first_row_cancels_the_query(server, demo_data_dir, response_format):
    """A client that gives up while the database aggregates (TOPCAT's Cancel, a script's timeout) stops the query
    within a second, whether the response has begun (VOTable, CSV: the head is sent, the rows wait) or not yet
    (FITS: the result is logged to disk before the head)."""
    address = urlparse(server.url)
    query = urlencode({"LANG": "ADQL", "QUERY": AGGREGATE, "RESPONSEFORMAT": response_format})
    client = socket.create_connection((address.hostname, address.port), timeout=10)
    try:
        client.sendall(f"GET {address.path}/sync?{query} HTTP/1.1\r\nHost: {address.netloc}\r\n\r\n".encode())
        assert eventually(lambda: running_copies(demo_data_dir) == 1, 10) is not None, "the query never started"
        # Still running: the aggregate takes far longer than this.
        time.sleep(0.5)
        assert running_copies(demo_data_dir) == 1
    finally:
        client.close()
    # Timed from the close to the first check that found no query (the psql process itself not counted).
    gone = eventually(lambda: running_copies(demo_data_dir) == 0, 30, interval=0.05)
    assert gone is not None, "the query still runs 30 s after its client went away"
    assert gone < 1, f"the query ran on for {gone:.2f} s after its client went away"
    assert requests.get(server.url + "/availability", timeout=10).status_code == 200


def test_memory_stays_flat_while_rows_stream(server):
    rows = 2_000_000
    samples = []
    done = threading.Event()

    def sample():
        while not done.is_set():
            samples.append(resident_kib(server.process.pid))
            time.sleep(0.05)

    before = resident_kib(server.process.pid)
    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        response = requests.post(server.url + "/sync", data={
            "LANG": "ADQL", "QUERY": ENDLESS, "MAXREC": rows, "RESPONSEFORMAT": "votable/td"},
            stream=True, timeout=600)
        received = sum(len(chunk) for chunk in response.iter_content(256 * 1024))
    finally:
        done.set()
        sampler.join()
    assert response.status_code == 200 and received > rows * 40
    growth_mib = (max(samples) - before) / 1024
    assert growth_mib < 50, f"resident memory grew by {growth_mib:.0f} MiB while {rows} rows streamed"
