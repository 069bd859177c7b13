"""TAP 1.1 async (UWS 1.1 at /tap/async), end to end: pyvo and STILTS, every job resource and illegal
transition, WAIT, ABORT freeing the database, a job surviving the SIGKILL of its server, two servers sharing
one queue, and destruction. Every UWS document fetched is validated against the IVOA schema."""
import bisect
import csv
import datetime
import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

import numpy as np
import pytest
import pyvo
import requests

from conftest import TAPD, Server, cluster_url, eventually, load_demo, started_cluster, stop_cluster

SCHEMAS = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "shared", "schemas"))
UWS = "{http://www.ivoa.net/xml/UWS/v1.0}"
VOT = "{http://www.ivoa.net/xml/VOTable/v1.3}"
XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
ISO_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def iso_seconds(text):
    """A UWS time (ISO 8601, UTC, milliseconds) as seconds since the epoch."""
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc).timestamp()
FINAL = {"COMPLETED", "ERROR", "ABORTED"}
STARTED = {"QUEUED", "EXECUTING", "COMPLETED"}

SHORT_QUERY = "SELECT TOP 5 source_id, ra, dec FROM cat.sources ORDER BY source_id"
BAD_QUERY = "SELECT nosuch FROM cat.sources"
# Many seconds on 20,000 rows (about 200 million pairs).
LONG_QUERY = "SELECT COUNT(*) FROM cat.sources AS a, cat.sources AS b WHERE a.ra < b.ra"
# About half of that: long enough to be killed mid-run, short enough to run again.
KILLED_QUERY = "SELECT COUNT(*) AS n FROM cat.sources AS a, cat.sources AS b WHERE a.ra < b.ra AND a.ra < 180"
# A few tenths of a second, so that a queue of them keeps both servers' slots busy.
QUEUE_QUERY = ("SELECT {k} AS k, COUNT(*) AS n FROM cat.sources AS a, cat.sources AS b "
               "WHERE a.ra < b.ra AND a.ra < 40 AND b.ra < 40")

# The module server's job settings.
JOB_DURATION = 600
MAX_JOB_DURATION = 7200
MAX_RETENTION = datetime.timedelta(days=30)  # tapd's maximum retention when --job-retention-days is under 30


# ---------------------------------------------------------------------------------------------------------
# Helpers


def call(method, url, data=None, params=None, timeout=60):
    """One request, redirects not followed: UWS answers are judged by their own status and Location."""
    return requests.request(method, url, data=data, params=params, allow_redirects=False, timeout=timeout)


def validate(body, schema="UWS-v1.0-ns.xsd"):
    result = subprocess.run(
        ["xmllint", "--noout", "--nonet", "--schema", os.path.join(SCHEMAS, schema), "-"],
        input=body, capture_output=True,
        env={**os.environ, "XML_CATALOG_FILES": os.path.join(SCHEMAS, "catalog.xml")})
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:] + "\n" + body.decode()[:3000]


def nil_or_text(root, name):
    """An element's text; None when it is nil; KeyError when it is missing."""
    element = root.find(UWS + name)
    if element is None:
        raise KeyError(name)
    if element.get(XSI_NIL) == "true":
        assert not (element.text or "").strip(), f"nil {name} with content"
        return None
    return element.text or ""


class JobView:
    """A parsed job document."""

    def __init__(self, body):
        self.body = body
        self.root = ET.fromstring(body)
        assert self.root.tag == UWS + "job"

    def __getitem__(self, name):
        return nil_or_text(self.root, name)

    def has(self, name):
        return self.root.find(UWS + name) is not None

    @property
    def phase(self):
        return self["phase"]

    @property
    def parameters(self):
        return [(p.get("id"), p.text or "") for p in self.root.iter(UWS + "parameter")]

    @property
    def results(self):
        return [dict(r.attrib) for r in self.root.iter(UWS + "result")]

    @property
    def error(self):
        summary = self.root.find(UWS + "errorSummary")
        return None if summary is None else summary.find(UWS + "message").text


def get_job(url, check=True, **params):
    return job_of(url, call("GET", url, params=params), check)


def job_of(url, response, check=True):
    """The job document of a GET's response, checked (xmllint against the UWS schema) unless told not to."""
    assert response.status_code == 200, (url, response.status_code, response.text[:500])
    if check:
        assert response.headers["Content-Type"].startswith("application/xml")
        validate(response.content)
    job = JobView(response.content)
    if check:
        assert job.root.get("version") == "1.1"
        assert job["jobId"] == url.rsplit("/", 1)[1]
    return job


def create(server, query=SHORT_QUERY, run=False, **extra):
    """POSTs a job; checks the 303 and its absolute Location; returns the job's URL."""
    data = {"LANG": "ADQL", "QUERY": query, **extra}
    if run:
        data["PHASE"] = "RUN"
    response = call("POST", server.url + "/async", data=data)
    return created(server, response)


def created(server, response):
    assert response.status_code == 303, (response.status_code, response.text[:500])
    location = response.headers["Location"]
    assert urlparse(location).scheme == "http" and urlparse(location).netloc
    assert location.startswith(server.url + "/async/") and not location.endswith("/")
    assert response.content == b""
    return location


def wait_for(url, phases=FINAL, timeout=60, check=True):
    """Polls with WAIT until the job is in one of `phases`; fails when it ends elsewhere."""
    deadline = time.time() + timeout
    job = get_job(url, check=check)
    while job.phase not in phases:
        assert job.phase not in FINAL, f"job ended {job.phase} ({job.error}), waiting for {phases}"
        assert time.time() < deadline, f"job still {job.phase} after {timeout} s"
        # As STILTS does: block until the phase seen last changes.
        job = get_job(url, check=check, WAIT=5, PHASE=job.phase)
    return job


def text_resource(url):
    response = call("GET", url)
    assert response.status_code == 200, (url, response.status_code)
    assert response.headers["Content-Type"].startswith("text/plain")
    return response.text


def parse_time(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc)


def format_time(moment):
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def table_cells(body):
    """A VOTable's rows (in any serialisation) as lists of strings, "" for null."""
    from astropy.io.votable import parse
    table = parse(io.BytesIO(body)).get_first_table().array
    return [["" if np.ma.is_masked(value) else value.decode() if isinstance(value, bytes) else str(value)
             for value in row] for row in table]


def query_status(body):
    infos = [i for i in ET.fromstring(body).iter(VOT + "INFO") if i.get("name") == "QUERY_STATUS"]
    return infos[-1].get("value"), (infos[-1].text or "")


def rendered(table):
    """Every row and column as astropy prints them, masks included."""
    return table.pformat(max_lines=-1, max_width=-1)


def psql(url, sql):
    return subprocess.run(
        ["psql", url, "-AtXc", sql], check=True, capture_output=True, text=True, timeout=60).stdout.strip()


def active_query_backends(admin_url):
    return int(psql(admin_url, "SELECT count(*) FROM pg_stat_activity "
                               "WHERE usename = 'tapd_query' AND state = 'active'"))


def executions(server, job_id):
    """How often this server's log says it started running the job."""
    return sum(1 for line in server.full_log().splitlines()
               if "executing job" in line and f"job={job_id}" in line)


# ---------------------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="module")
def scratch():
    path = tempfile.mkdtemp(prefix="e2e-async-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def async_server():
    """One server with its own embedded cluster (so user queries run as tapd_query) and 20,000 sources."""
    data_dir = tempfile.mkdtemp(prefix="e2e-async-serve-")
    load_demo(data_dir, obscore_rows=300, catalogue_rows=20000)
    running = Server(data_dir, extra_args=[
        "--job-slots", "3", "--job-duration", JOB_DURATION, "--max-job-duration", MAX_JOB_DURATION]).start()
    yield running
    running.stop_cleanly()
    stop_cluster(data_dir)
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def admin_url(async_server):
    return cluster_url(async_server.data_dir)


@pytest.fixture(scope="module")
def shared_cluster():
    with started_cluster("e2e-async-shared-", obscore_rows=100, catalogue_rows=20000) as cluster:
        yield cluster


def make_job(server, phase):
    """A new job in PENDING, COMPLETED, ERROR or ABORTED (aborted while PENDING)."""
    if phase == "PENDING":
        return create(server)
    if phase == "ABORTED":
        url = create(server)
        assert call("POST", url + "/phase", data={"PHASE": "ABORT"}).status_code == 303
        return url
    url = create(server, BAD_QUERY if phase == "ERROR" else SHORT_QUERY, run=True)
    assert wait_for(url).phase == phase
    return url


@pytest.fixture(scope="module")
def jobs_by_phase(async_server):
    """One job per phase, for the tests that only read."""
    return {phase: make_job(async_server, phase) for phase in ("PENDING", "COMPLETED", "ERROR", "ABORTED")}


@pytest.fixture
def no_running_queries(admin_url):
    """Makes sure no earlier test left a query running on the module server, before and after."""
    assert eventually(lambda: active_query_backends(admin_url) == 0, 15) is not None
    yield
    assert eventually(lambda: active_query_backends(admin_url) == 0, 15) is not None


# ---------------------------------------------------------------------------------------------------------
# 1. pyvo


def test_pyvo_submit_run_wait_fetch_delete(async_server):
    service = pyvo.dal.TAPService(async_server.url)
    job = service.submit_job(SHORT_QUERY)
    assert job.phase == "PENDING"
    job.run()
    assert job.phase in STARTED
    job.wait(timeout=60)
    assert job.phase == "COMPLETED"
    job.raise_if_error()
    assert job.result_uri == job.url + "/results/result"
    table = job.fetch_result().to_table()
    assert rendered(table) == rendered(service.run_sync(SHORT_QUERY).to_table())
    url = job.url
    job.delete()
    assert call("GET", url).status_code == 404


@pytest.mark.parametrize("query, maxrec", [
    (SHORT_QUERY, None),
    ("SELECT TOP 20 obs_id, s_ra, s_dec, t_exptime, instrument_name FROM ivoa.obscore ORDER BY obs_id", None),
    ("SELECT COUNT(*) AS n, AVG(phot_g_mean_mag) AS g FROM cat.sources", None),
    ("SELECT source_id FROM cat.sources WHERE ra < -1", None),
    ("SELECT source_id, ra FROM cat.sources ORDER BY source_id", 7),
])
def test_pyvo_run_async_equals_run_sync(async_server, query, maxrec):
    service = pyvo.dal.TAPService(async_server.url)
    expected = service.run_sync(query, maxrec=maxrec)
    result = service.run_async(query, maxrec=maxrec, timeout=60)
    assert result.query_status == expected.query_status
    a, b = result.to_table(), expected.to_table()
    assert a.colnames == b.colnames and [a[c].dtype for c in a.colnames] == [b[c].dtype for c in b.colnames]
    assert rendered(a) == rendered(b)
    if maxrec:
        assert len(a) == maxrec and result.query_status == "OVERFLOW"


def test_pyvo_adql_error_ends_in_error_with_the_message(async_server):
    service = pyvo.dal.TAPService(async_server.url)
    job = service.submit_job(BAD_QUERY)
    job.run()
    job.wait(timeout=60)
    assert job.phase == "ERROR"
    with pytest.raises(pyvo.dal.DALQueryError, match="nosuch"):
        job.raise_if_error()
    job.delete()
    with pytest.raises(pyvo.dal.DALQueryError, match="nosuch"):
        service.run_async(BAD_QUERY, timeout=60)


def test_pyvo_abort(async_server, no_running_queries):
    service = pyvo.dal.TAPService(async_server.url)
    job = service.submit_job(LONG_QUERY)
    try:
        job.run()
        # Not job.wait(phases={"EXECUTING"}): its WAIT=-1 blocks while EXECUTING, and it loops for ever once the
        # job has gone past the phase it waits for.
        wait_for(job.url, {"EXECUTING"})
        job.abort()
        assert job.phase == "ABORTED"
        with pytest.raises(pyvo.dal.DALQueryError):
            job.raise_if_error()
    finally:
        job.delete()


def test_execution_duration_stops_the_query(async_server, admin_url, no_running_queries):
    """A job's EXECUTIONDURATION is the statement timeout of its query: it ends ABORTED, saying so, and its
    backend is free at once; the connection goes back to the pool with the role's own timeout."""
    url = create(async_server, LONG_QUERY, run=True, EXECUTIONDURATION="1")
    job = wait_for(url, FINAL, timeout=30)
    assert job.phase == "ABORTED", job.phase
    assert "executionDuration of 1 s" in job.error, job.error
    assert eventually(lambda: active_query_backends(admin_url) == 0, 5) is not None
    service = pyvo.dal.TAPService(async_server.url)
    assert service.run_async(SHORT_QUERY, timeout=60).query_status == "OK"


# ---------------------------------------------------------------------------------------------------------
# 2. STILTS


def test_stilts_async_tapquery(async_server, scratch):
    out = os.path.join(scratch, "stilts.csv")
    result = subprocess.run(
        ["stilts", "tapquery", f"tapurl={async_server.url}", "sync=false", f"adql={SHORT_QUERY}",
         "ofmt=csv", f"out={out}"], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    # STILTS reports the job's URL and its progress, and deletes the job once read (it wants exactly 303).
    assert "COMPLETED" in result.stderr and "DELETED" in result.stderr, result.stderr[-3000:]
    _expect_stilts_deleted(async_server, result.stderr)
    with open(out) as f:
        rows = list(csv.reader(f))
    expected = pyvo.dal.TAPService(async_server.url).run_sync(SHORT_QUERY).to_table()
    assert rows[0] == ["source_id", "ra", "dec"] and len(rows) == 1 + len(expected) == 6
    for row, want in zip(rows[1:], expected):
        assert int(row[0]) == int(want["source_id"])
        assert float(row[1]) == float(want["ra"]) and float(row[2]) == float(want["dec"])


def test_stilts_async_error_reports_the_message(async_server, scratch):
    result = subprocess.run(
        ["stilts", "tapquery", f"tapurl={async_server.url}", "sync=false", f"adql={BAD_QUERY}",
         "ofmt=csv", f"out={os.path.join(scratch, 'stilts-error.csv')}"], capture_output=True, text=True, timeout=180)
    assert result.returncode != 0
    assert "nosuch" in result.stderr + result.stdout, result.stderr[-3000:]
    assert "ERROR" in result.stderr and "DELETED" in result.stderr, result.stderr[-3000:]
    _expect_stilts_deleted(async_server, result.stderr)


def _expect_stilts_deleted(server, stderr):
    [job_url] = re.findall(re.escape(server.url) + r"/async/[a-z2-7]+", stderr)
    assert call("GET", job_url).status_code == 404


# ---------------------------------------------------------------------------------------------------------
# 3. Every resource, every transition


@pytest.mark.parametrize("body, query_string, phases", [
    ({"LANG": "ADQL", "QUERY": SHORT_QUERY}, "", {"PENDING"}),
    ({"LANG": "ADQL", "QUERY": SHORT_QUERY, "PHASE": "RUN"}, "", STARTED),
    ({"LANG": "ADQL", "QUERY": SHORT_QUERY}, "?PHASE=RUN", STARTED),
    ({"lang": "ADQL", "query": SHORT_QUERY, "phase": "run"}, "", STARTED),
    ({"LANG": "ADQL", "QUERY": BAD_QUERY}, "", {"PENDING"}),  # TAP 1.1 §2.3: checked when it runs
    ({}, "", {"PENDING"}),  # a job may be created with no parameters at all
], ids=["pending", "run-in-body", "run-in-query-string", "lower-case", "bad-adql", "no-parameters"])
def test_create_answers_303_to_the_absolute_job_url(async_server, body, query_string, phases):
    response = call("POST", async_server.url + "/async" + query_string, data=body)
    url = created(async_server, response)
    # The job URL itself answers: pyvo takes the URL after redirects as the job's.
    job = get_job(url)
    assert job.phase in phases  # PHASE=RUN: QUEUED at the latest when the 303 is sent
    assert "PHASE" not in {name.upper() for name, _ in job.parameters}


@pytest.mark.parametrize("control", [
    "RUNID", "EXECUTIONDURATION", "DESTRUCTION", "REQUEST",
])
def test_control_parameters_are_not_job_parameters(async_server, control):
    destruction = format_time(datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=2))
    url = create(async_server, RUNID="my-run-7", EXECUTIONDURATION="120", DESTRUCTION=destruction,
                 REQUEST="doQuery")
    job = get_job(url)
    assert job["runId"] == "my-run-7" and job["executionDuration"] == "120" and job["destruction"] == destruction
    assert control not in {name.upper() for name, _ in job.parameters}


def test_job_documents_in_every_phase(async_server, jobs_by_phase):
    for phase, url in jobs_by_phase.items():
        job = get_job(url)
        assert job.phase == phase
        assert job["ownerId"] is None  # anonymous
        assert ISO_TIME.match(job["creationTime"]) and ISO_TIME.match(job["destruction"])
        assert job["quote"] is None or ISO_TIME.match(job["quote"])
        assert job["executionDuration"] == str(JOB_DURATION)
        if phase in ("COMPLETED", "ERROR"):
            assert ISO_TIME.match(job["startTime"]) and ISO_TIME.match(job["endTime"])
            assert parse_time(job["creationTime"]) <= parse_time(job["startTime"]) <= parse_time(job["endTime"])
        elif phase == "ABORTED":
            assert job["startTime"] is None and ISO_TIME.match(job["endTime"])
        else:
            assert job["startTime"] is None and job["endTime"] is None
        assert ("LANG", "ADQL") in job.parameters
        assert job.has("results")
        if phase == "COMPLETED":
            [result] = job.results
            assert result["id"] == "result" and result[XLINK_HREF] == url + "/results/result"
            assert result["mime-type"] == "application/x-votable+xml"
            assert int(result["size"]) == len(call("GET", url + "/results/result").content)
        else:
            assert job.results == []
        if phase == "ERROR":
            assert "nosuch" in job.error
        elif phase == "ABORTED":
            assert job.error
        else:
            assert job.error is None


PHASES = ("PENDING", "COMPLETED", "ERROR", "ABORTED")
GET_CASES = [
    *[(phase, resource, 200) for phase in PHASES for resource in (
        "", "/phase", "/executionduration", "/destruction", "/quote", "/owner", "/parameters", "/results")],
    ("PENDING", "/error", 404), ("COMPLETED", "/error", 404), ("ERROR", "/error", 200), ("ABORTED", "/error", 200),
    ("PENDING", "/results/result", 404), ("COMPLETED", "/results/result", 200),
    ("ERROR", "/results/result", 404), ("ABORTED", "/results/result", 404),
    *[(phase, resource, 404) for phase in PHASES for resource in ("/runId", "/results/other", "/nosuch")],
]


@pytest.mark.parametrize("phase, resource, status", GET_CASES)
def test_get_job_resource(async_server, jobs_by_phase, phase, resource, status):
    url = jobs_by_phase[phase]
    response = call("GET", url + resource)
    assert response.status_code == status, response.text[:500]
    if status != 200:
        return
    job = get_job(url)
    content_type = response.headers["Content-Type"]
    if resource == "":
        assert content_type.startswith("application/xml")
        validate(response.content)
    elif resource in ("/phase", "/executionduration", "/destruction", "/quote", "/owner"):
        assert content_type.startswith("text/plain")
        value = response.text
        assert value == value.strip()
        expected = {
            "/phase": phase, "/executionduration": job["executionDuration"], "/owner": "",
            "/destruction": job["destruction"] or "", "/quote": job["quote"] or "",
        }[resource]
        assert value == expected
        if resource in ("/destruction", "/quote") and value:
            assert ISO_TIME.match(value)
    elif resource in ("/parameters", "/results"):
        assert content_type.startswith("application/xml")
        validate(response.content)
        root = ET.fromstring(response.content)
        assert root.tag == UWS + resource[1:]
        if resource == "/parameters":
            assert [(p.get("id"), p.text or "") for p in root] == job.parameters
        else:
            assert [dict(r.attrib) for r in root] == job.results
            assert len(job.results) == (phase == "COMPLETED")
    elif resource == "/error":
        assert content_type.startswith("application/x-votable+xml")
        validate(response.content, "VOTable-1.3-ns.xsd")
        assert b"<VOTABLE" in response.content  # STILTS reads it namespace-unaware, unprefixed
        assert query_status(response.content) == ("ERROR", job.error)
    elif resource == "/results/result":
        assert content_type.startswith("application/x-votable+xml")
        validate(response.content, "VOTable-1.3-ns.xsd")
        assert query_status(response.content)[0] == "OK" and len(table_cells(response.content)) == 5


@pytest.mark.parametrize("start, value, status, after", [
    ("PENDING", "RUN", 303, STARTED),
    ("PENDING", "run", 303, STARTED),
    ("PENDING", "ABORT", 303, {"ABORTED"}),
    ("PENDING", "abort", 303, {"ABORTED"}),
    ("PENDING", "SUSPEND", 400, {"PENDING"}),
    ("PENDING", "COMPLETED", 400, {"PENDING"}),
    ("PENDING", "", 400, {"PENDING"}),
    ("PENDING", None, 400, {"PENDING"}),
    ("COMPLETED", "RUN", 403, {"COMPLETED"}),
    ("COMPLETED", "ABORT", 303, {"COMPLETED"}),
    ("ERROR", "RUN", 403, {"ERROR"}),
    ("ERROR", "ABORT", 303, {"ERROR"}),
    ("ABORTED", "RUN", 403, {"ABORTED"}),
    ("ABORTED", "ABORT", 303, {"ABORTED"}),
])
def test_post_phase(async_server, start, value, status, after):
    url = make_job(async_server, start)
    before = get_job(url)
    assert text_resource(url + "/phase") == start
    response = call("POST", url + "/phase", data={} if value is None else {"PHASE": value})
    assert response.status_code == status, response.text[:500]
    if status == 303:
        assert response.headers["Location"] == url
    job = get_job(url)
    assert job.phase in after
    if job.phase == start:  # nothing happened
        assert job.body == before.body
    if job.phase == "ABORTED":
        assert ISO_TIME.match(job["endTime"]) and job.error
        assert call("GET", url + "/error").status_code == 200


@pytest.mark.parametrize("name", ["QUERY", "query"])
def test_post_parameters_while_pending_replaces_the_query(async_server, name):
    url = create(async_server, "SELECT TOP 1 source_id FROM cat.sources")
    new_query = "SELECT TOP 3 source_id FROM cat.sources ORDER BY source_id"
    response = call("POST", url + "/parameters", data={name: new_query, "MAXREC": "2"})
    assert response.status_code == 303 and response.headers["Location"] == url
    job = get_job(url)
    assert [value for n, value in job.parameters if n.upper() == "QUERY"] == [new_query]
    assert ("LANG", "ADQL") in job.parameters and [v for n, v in job.parameters if n.upper() == "MAXREC"] == ["2"]
    parameters = call("GET", url + "/parameters")
    validate(parameters.content)
    assert call("POST", url + "/phase", data={"PHASE": "RUN"}).status_code == 303
    assert wait_for(url).phase == "COMPLETED"
    result = call("GET", url + "/results/result").content
    assert [row[0] for row in table_cells(result)] == [row[0] for row in table_cells(
        call("GET", async_server.url + "/sync", params={"LANG": "ADQL", "QUERY": new_query}).content)][:2]
    assert query_status(result)[0] == "OVERFLOW"


@pytest.mark.parametrize("phase", ["COMPLETED", "ERROR", "ABORTED"])
def test_post_parameters_after_pending_is_forbidden(async_server, phase):
    url = make_job(async_server, phase)
    before = get_job(url)
    response = call("POST", url + "/parameters", data={"QUERY": "SELECT TOP 1 obs_id FROM ivoa.obscore"})
    assert response.status_code == 403
    assert get_job(url).parameters == before.parameters


@pytest.mark.parametrize("value, status, expected", [
    ("120", 303, "120"),
    (str(MAX_JOB_DURATION), 303, str(MAX_JOB_DURATION)),
    ("99999999999", 303, str(MAX_JOB_DURATION)),  # clamped to --max-job-duration
    ("0", 303, str(MAX_JOB_DURATION)),  # "no limit" is the most this service allows
    ("abc", 400, str(JOB_DURATION)),
    ("-5", 400, str(JOB_DURATION)),
    ("1.5", 400, str(JOB_DURATION)),
    ("", 400, str(JOB_DURATION)),
    (None, 400, str(JOB_DURATION)),
])
def test_post_executionduration(async_server, value, status, expected):
    url = create(async_server)
    assert text_resource(url + "/executionduration") == str(JOB_DURATION)
    response = call("POST", url + "/executionduration", data={} if value is None else {"EXECUTIONDURATION": value})
    assert response.status_code == status, response.text[:500]
    if status == 303:
        assert response.headers["Location"] == url
    assert text_resource(url + "/executionduration") == expected
    assert get_job(url)["executionDuration"] == expected


def test_post_executionduration_after_pending_is_forbidden(async_server):
    url = make_job(async_server, "COMPLETED")
    assert call("POST", url + "/executionduration", data={"EXECUTIONDURATION": "120"}).status_code == 403
    assert text_resource(url + "/executionduration") == str(JOB_DURATION)


def _tomorrow():
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)).replace(microsecond=250000)


@pytest.mark.parametrize("write, status, expect", [
    (lambda t: format_time(t), 303, "exact"),
    (lambda t: t.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), 303, "exact"),  # pyvo's microseconds
    (lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ"), 303, "seconds"),
    (lambda t: t.strftime("%Y-%m-%d"), 303, "midnight"),
    (lambda t: "2100-01-01T00:00:00Z", 303, "clamped"),
    (lambda t: "tomorrow", 400, "unchanged"),
    (lambda t: "2026-13-01T00:00:00Z", 400, "unchanged"),
    (lambda t: t.strftime("%Y-%m-%d %H:%M:%S garbage"), 400, "unchanged"),
    (lambda t: "", 400, "unchanged"),
    (lambda t: None, 400, "unchanged"),
], ids=["ms-Z", "us-Z", "seconds-Z", "date", "far-future", "word", "month-13", "junk", "empty", "missing"])
def test_post_destruction(async_server, write, status, expect):
    url = create(async_server)
    before = get_job(url)
    moment = _tomorrow()
    value = write(moment)
    response = call("POST", url + "/destruction", data={} if value is None else {"DESTRUCTION": value})
    assert response.status_code == status, response.text[:500]
    if status == 303:
        assert response.headers["Location"] == url
    now = text_resource(url + "/destruction")
    assert ISO_TIME.match(now) and get_job(url)["destruction"] == now
    wanted = {
        "exact": lambda: moment,
        "seconds": lambda: moment.replace(microsecond=0),
        "midnight": lambda: moment.replace(hour=0, minute=0, second=0, microsecond=0),
        "clamped": lambda: parse_time(before["creationTime"]) + MAX_RETENTION,
        "unchanged": lambda: parse_time(before["destruction"]),
    }[expect]()
    assert abs(parse_time(now) - wanted) < datetime.timedelta(milliseconds=2), (now, wanted)


def _expect_gone(url):
    for resource in ("", "/phase", "/executionduration", "/destruction", "/quote", "/owner", "/error",
                     "/parameters", "/results", "/results/result"):
        assert call("GET", url + resource).status_code == 404, resource
    assert call("POST", url + "/phase", data={"PHASE": "RUN"}).status_code == 404
    assert call("POST", url + "/parameters", data={"QUERY": "SELECT 1 AS x FROM cat.sources"}).status_code == 404
    assert call("POST", url + "/executionduration", data={"EXECUTIONDURATION": "10"}).status_code == 404
    assert call("POST", url + "/destruction", data={"DESTRUCTION": "2100-01-01"}).status_code == 404
    assert call("DELETE", url).status_code == 404
    assert call("POST", url, data={"ACTION": "DELETE"}).status_code == 404


@pytest.mark.parametrize("method, body", [("DELETE", None), ("POST", {"ACTION": "DELETE"}),
                                          ("POST", {"action": "delete"})], ids=["DELETE", "ACTION", "action"])
@pytest.mark.parametrize("phase", ["PENDING", "COMPLETED", "ERROR"])
def test_delete(async_server, method, body, phase):
    url = make_job(async_server, phase)
    folder = os.path.join(async_server.data_dir, "jobs", url.rsplit("/", 1)[1])
    if phase == "COMPLETED":
        assert os.path.exists(os.path.join(folder, "result.vot"))
    response = call(method, url, data=body)
    assert response.status_code == 303, response.text[:500]
    location = response.headers["Location"]
    assert location == async_server.url + "/async" or location.startswith(async_server.url + "/async?")
    assert call("GET", location).status_code == 200
    _expect_gone(url)
    assert not os.path.exists(folder)


@pytest.mark.parametrize("body", [{}, {"ACTION": "ABORT"}, {"QUERY": "SELECT 1 AS x FROM cat.sources"},
                                  {"PHASE": "RUN"}])
def test_post_to_a_job_takes_only_action_delete(async_server, body):
    url = create(async_server)
    before = get_job(url)
    assert call("POST", url, data=body).status_code == 400
    assert get_job(url).body == before.body


@pytest.mark.parametrize("job_id", ["a" * 26, "nosuchjob", "A" * 26, "a" * 27])
def test_unknown_job_is_404(async_server, job_id):
    _expect_gone(async_server.url + "/async/" + job_id)


@pytest.mark.parametrize("query, status", [
    ("", 200),
    ("PHASE=COMPLETED", 200),
    ("PHASE=COMPLETED&PHASE=ERROR", 200),
    ("PHASE=ARCHIVED", 200),
    ("phase=PENDING", 200),
    ("AFTER=2015-10-26T09:00:00.123456Z", 200),
    ("AFTER=2015-10-26T09:00:00Z", 200),
    ("AFTER=2015-10-26T09:00", 200),
    ("AFTER=2015-10-26", 200),
    ("AFTER=2015", 200),
    ("LAST=5", 200),
    ("PHASE=EXECUTING&AFTER=2015-01-01&LAST=3", 200),
    ("PHASE=NOTAPHASE", 400),
    ("PHASE=completed", 400),
    ("PHASE=", 400),
    ("PHASE=COMPLETED&PHASE=nope", 400),
    ("AFTER=yesterday", 400),
    ("AFTER=2015-13-01", 400),
    ("AFTER=", 400),
    ("LAST=0", 400),
    ("LAST=-1", 400),
    ("LAST=abc", 400),
    ("LAST=1.5", 400),
])
def test_job_list_and_its_filters(async_server, jobs_by_phase, query, status):
    response = call("GET", async_server.url + "/async" + ("?" + query if query else ""))
    assert response.status_code == status, response.text[:500]
    if status == 200:
        assert response.headers["Content-Type"].startswith("application/xml")
        validate(response.content)
        root = ET.fromstring(response.content)
        assert root.tag == UWS + "jobs" and root.get("version") == "1.1"
        # Anonymous jobs are reachable by their IDs only; nobody lists them.
        assert list(root.iter(UWS + "jobref")) == []
    else:
        assert query_status(response.content)[0] == "ERROR"


# ---------------------------------------------------------------------------------------------------------
# 4. WAIT


def timed(url, **params):
    """The job after a GET with `params`, and the seconds the GET took: the document is checked (an xmllint
    process) after the clock stops, so that a busy machine's process start-up is not timed as the server's WAIT."""
    start = time.time()
    response = call("GET", url, params=params)
    seconds = time.time() - start
    return job_of(url, response), seconds


def test_wait_blocks_on_a_pending_job(async_server):
    url = create(async_server)
    job, seconds = timed(url, WAIT=3)
    assert job.phase == "PENDING" and 2.8 <= seconds < 5, seconds


def test_run_from_another_thread_wakes_a_waiter(async_server):
    url = create(async_server)
    runner = threading.Timer(1.0, lambda: call("POST", url + "/phase", data={"PHASE": "RUN"}))
    runner.start()
    try:
        job, seconds = timed(url, WAIT=20)
    finally:
        runner.join()
    assert job.phase in STARTED and 0.9 <= seconds < 4, seconds


@pytest.mark.parametrize("phase, params", [
    ("COMPLETED", {"WAIT": 20}),
    ("ERROR", {"WAIT": -1}),
    ("ABORTED", {"WAIT": 20}),
    ("PENDING", {"WAIT": 20, "PHASE": "EXECUTING"}),  # not the current phase: the change already happened
    ("PENDING", {"WAIT": 20, "PHASE": "QUEUED"}),
    ("COMPLETED", {"WAIT": -1, "PHASE": "EXECUTING"}),
    ("PENDING", {"WAIT": 0}),
])
def test_wait_returns_at_once(async_server, jobs_by_phase, phase, params):
    job, seconds = timed(jobs_by_phase[phase], **params)
    assert job.phase == phase and seconds < 1, seconds


@pytest.mark.parametrize("params", [{"WAIT": "abc"}, {"WAIT": "1.5"}, {"WAIT": "5", "PHASE": "RUNNING"}])
def test_bad_wait_is_400(async_server, jobs_by_phase, params):
    start = time.time()
    assert call("GET", jobs_by_phase["PENDING"], params=params).status_code == 400
    assert time.time() - start < 1


# ---------------------------------------------------------------------------------------------------------
# 5. ABORT (and DELETE) of a running query frees its database backend


@pytest.mark.parametrize("how", ["ABORT", "DELETE"])
def test_stopping_a_long_query_frees_its_backend(async_server, admin_url, no_running_queries, how):
    url = create(async_server, LONG_QUERY, run=True)
    try:
        wait_for(url, {"EXECUTING"})
        assert eventually(lambda: active_query_backends(admin_url) > 0, 5) is not None
        # While it runs: RUN is a no-op, nothing else may change, there is no result yet.
        before = get_job(url)
        assert call("POST", url + "/phase", data={"PHASE": "RUN"}).status_code == 303
        assert call("POST", url + "/parameters", data={"QUERY": SHORT_QUERY}).status_code == 403
        assert call("POST", url + "/executionduration", data={"EXECUTIONDURATION": "10"}).status_code == 403
        assert call("GET", url + "/results/result").status_code == 404
        assert call("GET", url + "/error").status_code == 404
        job = get_job(url)
        assert job.phase == "EXECUTING" and job.parameters == before.parameters
        assert job["executionDuration"] == str(JOB_DURATION) and ISO_TIME.match(job["startTime"])
        # A client blocked on the running job is woken by the ABORT.
        waited = {}

        def wait_for_the_change():
            waited["job"], waited["seconds"] = timed(url, WAIT=20, PHASE="EXECUTING")

        waiter = threading.Thread(target=wait_for_the_change)
        if how == "ABORT":
            waiter.start()
            time.sleep(0.5)
        start = time.time()
        if how == "ABORT":
            response = call("POST", url + "/phase", data={"PHASE": "ABORT"})
            assert response.status_code == 303 and response.headers["Location"] == url
        else:
            assert call("DELETE", url).status_code == 303
        # Timed from the request to the first psql check that found no backend, psql's own start-up excluded
        # (eventually() stops the clock when that check begins); the job's document is checked afterwards.
        polling = time.time()
        freed = eventually(lambda: active_query_backends(admin_url) == 0, 10, interval=0.05)
        assert freed is not None, f"backend still active 10 s after {how}"
        elapsed = polling - start + freed
        assert elapsed < 2.5, f"backend still active {elapsed:.1f} s after {how}"
        if how == "ABORT":
            job = get_job(url)  # no WAIT: aborted by the time the 303 came
            assert job.phase == "ABORTED" and ISO_TIME.match(job["endTime"]) and job.error
            assert call("GET", url + "/error").status_code == 200
            assert call("GET", url + "/results/result").status_code == 404
        else:
            _expect_gone(url)
        if how == "ABORT":
            waiter.join(30)
            assert waited["job"].phase == "ABORTED" and waited["seconds"] < 3, waited["seconds"]
            # It stays ABORTED: the cancelled query does not turn it into ERROR afterwards.
            time.sleep(0.5)
            assert get_job(url).phase == "ABORTED"
    finally:
        call("DELETE", url)


def test_running_past_the_execution_duration_aborts(async_server, admin_url, no_running_queries):
    url = create(async_server, LONG_QUERY, run=True, EXECUTIONDURATION="1")
    try:
        job = wait_for(url)
        # The server's own clock: from the start of execution to the abort, whatever the polling cost here.
        ran = iso_seconds(job["endTime"]) - iso_seconds(job["startTime"])
        assert job.phase == "ABORTED" and 0.9 <= ran < 5, ran
        assert "executionDuration" in job.error and job["executionDuration"] == "1"
        assert query_status(call("GET", url + "/error").content) == ("ERROR", job.error)
        assert call("GET", url + "/results/result").status_code == 404
    finally:
        call("DELETE", url)


# ---------------------------------------------------------------------------------------------------------
# 6. A job whose server is killed mid-run runs again when a server starts


def test_job_of_a_killed_server_is_requeued_and_completed(shared_cluster):
    data_dir, url = shared_cluster
    first = Server(data_dir, extra_args=["--database", url], log_name="killed-first.log").start()
    second = None
    try:
        job_url = create(first, KILLED_QUERY, run=True)
        job_id = job_url.rsplit("/", 1)[1]
        wait_for(job_url, {"EXECUTING"})
        time.sleep(1.0)  # well into the query
        assert psql(url, f"SELECT phase FROM uws.jobs WHERE id = '{job_id}'") == "EXECUTING"
        first.stop(signal.SIGKILL)
        assert psql(url, f"SELECT phase FROM uws.jobs WHERE id = '{job_id}'") == "EXECUTING"
        second = Server(data_dir, extra_args=["--database", url], log_name="killed-second.log").start()
        job_url = second.url + "/async/" + job_id
        job = wait_for(job_url, timeout=120)
        assert job.phase == "COMPLETED", job.error
        assert executions(first, job_id) == 1 and executions(second, job_id) == 1, (first.log(), second.log())
        assert psql(url, f"SELECT attempts FROM uws.jobs WHERE id = '{job_id}'") == "2"
        assert psql(url, "SELECT count(*) FROM uws.jobs WHERE phase = 'EXECUTING'") == "0"
        # The dead server's query was cancelled, not left running beside the new one.
        assert psql(url, "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                         "AND query LIKE '%cat%sources%' AND pid <> pg_backend_pid()") == "0"
        # The right count: pairs (a, b) with a.ra < 180 and a.ra < b.ra.
        ras = sorted(float(v) for v in psql(url, "SELECT ra FROM cat.sources").split())
        expected = sum(len(ras) - bisect.bisect_right(ras, ra) for ra in ras if ra < 180)
        assert table_cells(call("GET", job_url + "/results/result").content) == [[str(expected)]]
    finally:
        first.stop(signal.SIGKILL)
        if second:
            assert second.stop() == 0


# ---------------------------------------------------------------------------------------------------------
# 7. Two servers, one queue


def test_servers_started_at_once_on_one_database(shared_cluster):
    """Each tapd brings the schema up to date as it starts; three starting together take turns instead of
    racing on the same catalogue rows ("tuple concurrently updated")."""
    data_dir, url = shared_cluster
    for round in range(3):  # the race, when there is one, does not show every time
        servers = [Server(data_dir, extra_args=["--database", url], log_name=f"together-{round}-{i}.log")
                   for i in range(4)]
        try:
            for server in servers:
                server.launch()
            for server in servers:
                server.wait_until_available()
                assert requests.get(server.url + "/sync", timeout=30, params={
                    "LANG": "ADQL", "QUERY": "SELECT COUNT(*) AS n FROM TAP_SCHEMA.tables"}).status_code == 200
        finally:
            for server in servers:
                if server.process and server.process.poll() is None:
                    assert server.stop() == 0


def test_two_servers_share_one_queue(shared_cluster):
    data_dir, url = shared_cluster
    arguments = ["--database", url, "--job-slots", "2"]
    servers = [Server(data_dir, extra_args=arguments, log_name="queue-a.log"),
               Server(data_dir, extra_args=arguments, log_name="queue-b.log")]
    try:
        for server in servers:
            server.start()
        # A client WAITing at one server is woken by a RUN posted to the other.
        job_url = create(servers[0])
        runner = threading.Timer(1.0, lambda: call(
            "POST", servers[1].url + "/async/" + job_url.rsplit("/", 1)[1] + "/phase", data={"PHASE": "RUN"}))
        runner.start()
        try:
            job, seconds = timed(job_url, WAIT=20)
        finally:
            runner.join()
        assert job.phase in STARTED and seconds < 4, seconds
        expected = table_cells(call("GET", servers[0].url + "/sync", params={
            "LANG": "ADQL", "QUERY": QUEUE_QUERY.format(k=0)}).content)[0][1]
        ids = []
        for k in range(50):
            ids.append(create(servers[k % 2], QUEUE_QUERY.format(k=k), run=True).rsplit("/", 1)[1])
        for k, job_id in enumerate(ids):
            job = wait_for(servers[(k + 1) % 2].url + "/async/" + job_id, timeout=120, check=False)
            assert job.phase == "COMPLETED", (k, job.error)
        for k, job_id in enumerate(ids):
            for server in servers:
                response = call("GET", server.url + "/async/" + job_id + "/results/result")
                assert response.status_code == 200
                assert table_cells(response.content) == [[str(k), expected]]
        counts = [{job_id: executions(server, job_id) for job_id in ids} for server in servers]
        assert all(counts[0][job_id] + counts[1][job_id] == 1 for job_id in ids), counts
        assert sum(counts[0].values()) > 0 and sum(counts[1].values()) > 0, counts
    finally:
        for server in servers:
            if server.process:
                assert server.stop() == 0


def test_sigterm_stops_an_idle_server_promptly(shared_cluster):
    data_dir, url = shared_cluster
    server = Server(data_dir, extra_args=["--database", url, "--job-slots", "2"], log_name="sigterm.log").start()
    time.sleep(0.5)
    start = time.time()
    assert server.stop() == 0
    # An idle server's exit takes well under a second; the bound catches a shutdown that waits on something
    # (a job loop's poll, a pool's lease), with room for a two-core machine busy with other tests.
    assert time.time() - start < 5, f"SIGTERM took {time.time() - start:.1f} s"


# ---------------------------------------------------------------------------------------------------------
# 8. Destruction


def test_destruction_reaps_the_job_and_its_folder(async_server):
    url = make_job(async_server, "COMPLETED")
    folder = os.path.join(async_server.data_dir, "jobs", url.rsplit("/", 1)[1])
    assert os.path.exists(os.path.join(folder, "result.vot"))
    when = format_time(datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=2))
    assert call("POST", url + "/destruction", data={"DESTRUCTION": when}).status_code == 303
    assert text_resource(url + "/destruction") == when
    assert get_job(url).phase == "COMPLETED"
    seconds = eventually(lambda: call("GET", url).status_code == 404, 15, interval=0.25)
    assert seconds is not None and seconds < 12, seconds
    _expect_gone(url)
    assert eventually(lambda: not os.path.exists(folder), 2) is not None
