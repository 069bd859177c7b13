"""The cost of the async path over sync for a trivial query, and how many trivial jobs one process completes per
second. Run by benchmarks/async.sh against a running tapd; prints one line per measurement."""
import http.client
import statistics
import sys
import threading
import time
import urllib.parse

host, port = sys.argv[1], int(sys.argv[2])
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 100
query = "SELECT TOP 1 obs_id FROM ivoa.obscore"


def request(connection, method, path, body=None):
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    return response.status, response.getheader("Location"), data


def sync_once(connection):
    status, _, data = request(connection, "GET", "/tap/sync?" + urllib.parse.urlencode({"QUERY": query}))
    assert status == 200 and b'value="OK"' in data, data[:300]


def async_once(connection):
    body = urllib.parse.urlencode({"QUERY": query, "PHASE": "RUN"})
    status, location, _ = request(connection, "POST", "/tap/async", body)
    assert status == 303, status
    path = urllib.parse.urlparse(location).path
    while True:
        status, _, data = request(connection, "GET", path + "?WAIT=30")
        if b"<uws:phase>COMPLETED</uws:phase>" in data:
            break
        assert b"ERROR" not in data and b"ABORTED" not in data, data
    status, _, data = request(connection, "GET", path + "/results/result")
    assert status == 200 and b'value="OK"' in data
    request(connection, "DELETE", path)


def timed(function, connection, count):
    times = []
    for _ in range(count):
        start = time.perf_counter()
        function(connection)
        times.append((time.perf_counter() - start) * 1000)
    return times


connection = http.client.HTTPConnection(host, port)
for function in (sync_once, async_once):  # warm up the pools and caches
    timed(function, connection, 10)
sync_times = timed(sync_once, connection, rounds)
async_times = timed(async_once, connection, rounds)
print(f"sync  round trip: median {statistics.median(sync_times):.2f} ms, mean {statistics.mean(sync_times):.2f} ms "
      f"({rounds} rounds)")
print(f"async round trip (create with PHASE=RUN, WAIT until COMPLETED, fetch, delete): median "
      f"{statistics.median(async_times):.2f} ms, mean {statistics.mean(async_times):.2f} ms")
print(f"async overhead over sync: median {statistics.median(async_times) - statistics.median(sync_times):.2f} ms")

# Throughput: clients submit jobs as fast as the process completes them.
jobs, clients = 400, 8
done = []
lock = threading.Lock()


def client(share):
    connection = http.client.HTTPConnection(host, port)
    for _ in range(share):
        async_once(connection)
        with lock:
            done.append(1)


start = time.perf_counter()
threads = [threading.Thread(target=client, args=(jobs // clients,)) for _ in range(clients)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
elapsed = time.perf_counter() - start
print(f"throughput: {len(done)} trivial jobs by {clients} concurrent clients in {elapsed:.2f} s = "
      f"{len(done) / elapsed:.0f} jobs/s")
