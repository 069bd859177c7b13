"""Whose async jobs are whose: authenticated users own theirs; anonymous jobs are reachable by URL only."""
import base64
import subprocess
import urllib.error
import urllib.parse
import urllib.request

import pytest
import pyvo
import requests

from conftest import TAPD, Server, stop_cluster

QUERY = "SELECT TOP 2 table_name FROM TAP_SCHEMA.tables ORDER BY table_name"


def call(method, url, user=None, data=None):
    headers = {}
    if user:
        headers["Authorization"] = "Basic " + base64.b64encode(f"{user[0]}:{user[1]}".encode()).decode()
    body = urllib.parse.urlencode(data).encode() if data is not None else None

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, data=body, headers=headers, method=method), timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def owners_server(tmp_path_factory):
    data_dir = str(tmp_path_factory.mktemp("owners"))
    for name, password in [("ann", "ann-secret"), ("bob", "bob-secret")]:
        subprocess.run([TAPD, "user", "add", name, "--data-dir", data_dir], input=password.encode(),
                       check=True, capture_output=True, timeout=300)
    server = Server(data_dir).start()
    yield server
    server.stop_cleanly()
    stop_cluster(data_dir)


ANN = ("ann", "ann-secret")
BOB = ("bob", "bob-secret")


def create(server, user):
    status, headers, _ = call("POST", server.url + "/async", user, {"QUERY": QUERY, "PHASE": "RUN"})
    assert status == 303
    return headers["Location"]


def test_an_authenticated_users_jobs_are_invisible_to_everyone_else(owners_server):
    job = create(owners_server, ANN)
    assert call("GET", job + "?WAIT=10", ANN)[0] == 200
    assert b"<uws:ownerId>ann</uws:ownerId>" in call("GET", job, ANN)[2]
    for other in (BOB, None):
        for method, path, data in [("GET", "", None), ("GET", "/phase", None), ("GET", "/results/result", None),
                                   ("GET", "/parameters", None), ("POST", "/phase", {"PHASE": "ABORT"}),
                                   ("POST", "/parameters", {"QUERY": "SELECT 1"}), ("DELETE", "", None),
                                   ("POST", "", {"ACTION": "DELETE"})]:
            assert call(method, job + path, other, data)[0] == 404, (other, method, path)
    # Still there, unchanged, for its owner.
    status, _, body = call("GET", job, ANN)
    assert status == 200 and b"COMPLETED" in body
    listed = lambda user: call("GET", owners_server.url + "/async", user)[2]
    assert job.rsplit("/", 1)[1].encode() in listed(ANN)
    assert b"jobref" not in listed(BOB) and b"jobref" not in listed(None)


def test_anonymous_jobs_are_reachable_by_url_only(owners_server):
    job = create(owners_server, None)
    job_id = job.rsplit("/", 1)[1]
    assert len(job_id) >= 26  # 128 random bits in base32
    assert call("GET", job + "?WAIT=10")[0] == 200
    assert call("GET", job, BOB)[0] == 200  # the URL is the key
    for user in (None, ANN, BOB):
        assert job_id.encode() not in call("GET", owners_server.url + "/async", user)[2]


def test_wrong_credentials_are_refused_not_anonymous(owners_server):
    status, headers, body = call("GET", owners_server.url + "/async", ("ann", "wrong"))
    assert status == 401 and headers["WWW-Authenticate"] == 'Basic realm="SwiftTAP"'
    assert b'QUERY_STATUS" value="ERROR"' in body
    assert call("POST", owners_server.url + "/async", ("nobody", "x"), {"QUERY": QUERY})[0] == 401
    # Names and passwords the accounts table cannot hold never reach the database.
    for user in [("a\0b", "x"), ("ann", "ann\0secret"), ("x" * 65, "x"), ("ann ann", "x")]:
        assert call("GET", owners_server.url + "/async", user)[0] == 401, user


def test_nul_in_a_job_parameter_is_a_bad_request(owners_server):
    for data in [{"QUERY": QUERY, "RUNID": "a\0b"}, {"QUERY": "SELECT '\0'"}, {"QUERY": QUERY, "FOO": "\0"}]:
        status, _, body = call("POST", owners_server.url + "/async", None, data)
        assert status == 400 and b"contains a NUL character" in body, (data, status)


def test_pyvo_with_a_session_that_authenticates(owners_server):
    session = requests.Session()
    session.auth = ANN
    service = pyvo.dal.TAPService(owners_server.url, session=session)
    job = service.submit_job(QUERY)
    url = job.url
    job.run().wait(timeout=30)
    assert len(job.fetch_result().to_table()) == 2
    assert job.owner == "ann"
    assert call("GET", url, BOB)[0] == 404
    job.delete()
    assert call("GET", url, ANN)[0] == 404


def test_wait_parameter_names_in_any_case(owners_server):
    """DALI 1.1 §3.1: `Wait` and `Phase` are WAIT and PHASE; a bad value in either is a 400, not ignored."""
    job = create(owners_server, None)
    assert call("GET", job + "?Wait=10")[0] == 200
    assert call("GET", job + "?wAiT=x")[0] == 400
    assert call("GET", job + "?Wait=1&Phase=NOPE")[0] == 400
