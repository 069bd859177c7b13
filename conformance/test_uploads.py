"""TAP_UPLOAD (TAP 1.1 §2.7.6, DALI 1.1 §3.4.5) end to end: tables from astropy through pyvo (sync, async and a job's
parameters), VOTable BINARY2 and CSV files, STILTS tapquery (chunked multipart, sync and async), http URLs, the
limits (413 before the database sees anything), bad uploads (400 with the reason), and temporary tables that are
gone after every query, whichever way it ended."""
import http.server
import io
import math
import os
import subprocess
import threading
import time
import xml.etree.ElementTree as ET

import numpy as np
import pytest
import pyvo
import requests
from astropy.table import Table
from astropy.io.votable import from_table, writeto

from conftest import TAPD, Server

VOT = "{http://www.ivoa.net/xml/VOTable/v1.3}"


def status_of(body):
    root = ET.fromstring(body)
    infos = [i for i in root.iter(VOT + "INFO") if i.get("name") == "QUERY_STATUS"]
    return infos[-1].get("value"), (infos[-1].text or "")


def sample_table():
    """Every column type astropy writes, with nulls (masked), NaN and text beyond ASCII."""
    table = Table(masked=True)
    table["id"] = np.array([1, 2, 3], dtype=np.int64)
    table["small"] = np.array([-5, 0, 7], dtype=np.int16)
    table["ra"] = [10.5, 200.25, 359.9]
    table["dec"] = [-30.0, 45.5, 89.0]
    table["mag"] = np.array([12.5, np.nan, 20.0], dtype=np.float32)
    table["name"] = ["alpha", "Étoile 雪", "x\ty"]
    table["flag"] = [True, False, True]
    table["id"].mask = [False, False, True]
    table["name"].mask = [False, False, False]
    table["small"].mask = [False, True, False]
    return table


def post_multipart(url, fields, files, headers=None):
    return requests.post(url, data=fields, files=files, headers=headers or {}, timeout=120)


def votable_bytes(table, serialization="tabledata"):
    out = io.BytesIO()
    votable = from_table(table)
    votable.get_first_table().format = serialization
    if serialization == "binary":
        # BINARY has no null flags: masked integers need a VALUES null (VOTable 1.4 §5.4).
        for field in votable.get_first_table().fields:
            if field.datatype in ("short", "int", "long"):
                field.values.null = -99
    writeto(votable, out)
    return out.getvalue()


@pytest.fixture(scope="module")
def limited(demo_data_dir):
    """A second server on the same database, with small upload limits and the default URL policy."""
    running = Server(demo_data_dir, log_name="tapd-limited.log", extra_args=[
        "--upload-max-bytes", "20000", "--upload-max-rows", "50", "--upload-max-tables", "2"]).start()
    yield running
    running.stop_cleanly()


@pytest.fixture(scope="module")
def file_server(tmp_path_factory):
    """Serves a folder over http on loopback, for URL uploads."""
    folder = tmp_path_factory.mktemp("served")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def temporary_tables(data_dir):
    url = subprocess.run([TAPD, "db", "url", "--data-dir", data_dir], capture_output=True, text=True,
                         check=True).stdout.strip()
    out = subprocess.run(["psql", url, "-Atc", "SELECT count(*) FROM pg_class WHERE relpersistence = 't'"],
                         capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


# ---------------------------------------------------------------------------------------------------------
# Round trips with the clients


def test_pyvo_sync_round_trip_keeps_every_value_and_type(server):
    service = pyvo.dal.TAPService(server.url)
    result = service.run_sync("SELECT * FROM TAP_UPLOAD.mine ORDER BY ra", uploads={"mine": sample_table()})
    table = result.to_table()
    assert list(table.colnames) == ["id", "small", "ra", "dec", "mag", "name", "flag"]
    fields = {f.name: f for f in result.votable.get_first_table().fields}
    assert fields["id"].datatype == "long" and fields["small"].datatype == "short"
    assert fields["ra"].datatype == "double" and fields["mag"].datatype == "float"
    assert fields["flag"].datatype == "boolean" and fields["name"].datatype == "unicodeChar"
    assert list(table["ra"]) == [10.5, 200.25, 359.9]
    assert table["id"][0] == 1 and table["id"].mask[2]
    assert table["small"].mask[1] and table["small"][2] == 7
    assert math.isnan(table["mag"][1]) and table["mag"][0] == pytest.approx(12.5)
    assert list(table["name"]) == ["alpha", "Étoile 雪", "x\ty"]
    assert list(table["flag"]) == [True, False, True]


def test_pyvo_async_and_job_upload(server):
    service = pyvo.dal.TAPService(server.url)
    result = service.run_async("SELECT COUNT(*) AS n FROM TAP_UPLOAD.t", uploads={"t": sample_table()})
    assert result.to_table()["n"][0] == 3

    job = service.submit_job("SELECT name FROM TAP_UPLOAD.u WHERE flag = 1 ORDER BY name")
    job.upload(u=sample_table())
    document = requests.get(job.url + "/parameters", timeout=30).text
    root = ET.fromstring(document)
    by_reference = [p for p in root if p.get("byReference") == "true"]
    assert [p.get("id") for p in by_reference] == ["u"]
    kept = requests.get(by_reference[0].text.strip(), timeout=30)
    assert kept.status_code == 200 and b"VOTABLE" in kept.content
    job.run().wait(timeout=60)
    assert job.phase == "COMPLETED", job.phase
    assert sorted(job.fetch_result().to_table()["name"]) == ["alpha", "x\ty"]
    job.delete()


@pytest.mark.parametrize("serialization", ["binary2", "binary", "tabledata"])
def test_votable_files_in_every_serialization(server, tmp_path, serialization):
    path = tmp_path / f"t-{serialization}.vot"
    path.write_bytes(votable_bytes(sample_table(), serialization))
    service = pyvo.dal.TAPService(server.url)
    table = service.run_sync("SELECT id, mag, name FROM TAP_UPLOAD.t ORDER BY ra", uploads={"t": str(path)}).to_table()
    assert list(table["name"]) == ["alpha", "Étoile 雪", "x\ty"]
    assert table["id"].mask[2] and math.isnan(table["mag"][1])


def test_csv_upload_with_curl(server, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text('name,ra,dec,n\n"a, quoted",10.5,-3.25,1\nb,20,4,\n')
    result = subprocess.run(
        ["curl", "-s", "-H", "Expect:", "-F", "UPLOAD=l,param:l", "-F", f"l=@{path}",
         "-F", "QUERY=SELECT name, ra, n FROM TAP_UPLOAD.l ORDER BY ra", "-F", "LANG=ADQL",
         "-F", "RESPONSEFORMAT=votable/td", server.url + "/sync"],
        capture_output=True, check=True, timeout=60)
    body = result.stdout.decode()
    assert status_of(result.stdout)[0] == "OK", body
    assert '<FIELD name="ra" datatype="double"/>' in body and '<FIELD name="n" datatype="long"/>' in body
    assert "<TD>a, quoted</TD><TD>10.5</TD><TD>1</TD>" in body and "<TD>b</TD><TD>20.0</TD><TD/>" in body


def test_stilts_tapquery_uploads_sync_and_async(server, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("id,ra,dec\n1,10.0,20.0\n2,30.5,-10.25\n")
    for sync in ("true", "false"):
        out = tmp_path / f"out-{sync}.csv"
        subprocess.run(
            ["stilts", "tapquery", f"tapurl={server.url}", f"sync={sync}", "nupload=1", f"upload1={source}",
             "ufmt1=csv", "upname1=up1", "adql=SELECT id, ra * 2 AS twice FROM TAP_UPLOAD.up1 ORDER BY id",
             "ofmt=csv", f"out={out}"],
            check=True, capture_output=True, timeout=180)
        assert out.read_text().split() == ["id,twice", "1,20.0", "2,61.0"]


def test_url_upload(server, file_server):
    folder, base = file_server
    (folder / "remote.vot").write_bytes(votable_bytes(sample_table()))
    response = requests.post(server.url + "/sync", data={
        "LANG": "ADQL", "QUERY": "SELECT COUNT(*) AS n FROM TAP_UPLOAD.r", "UPLOAD": f"r,{base}/remote.vot",
        "RESPONSEFORMAT": "votable/td"},
        timeout=60)
    assert response.status_code == 200 and status_of(response.content)[0] == "OK"
    assert "<TD>3</TD>" in response.text
    missing = requests.post(server.url + "/sync", data={
        "LANG": "ADQL", "QUERY": "SELECT * FROM TAP_UPLOAD.r", "UPLOAD": f"r,{base}/nothing.vot"}, timeout=60)
    assert missing.status_code == 400 and "404" in status_of(missing.content)[1]


def test_url_upload_to_a_private_address_is_refused_by_default(limited, file_server):
    _, base = file_server
    response = requests.post(limited.url + "/sync", data={
        "LANG": "ADQL", "QUERY": "SELECT * FROM TAP_UPLOAD.r", "UPLOAD": f"r,{base}/remote.vot"}, timeout=60)
    assert response.status_code == 400
    assert "loopback, private or link-local" in status_of(response.content)[1]


def test_crossmatch_with_the_catalogue(server):
    service = pyvo.dal.TAPService(server.url)
    sources = service.run_sync("SELECT TOP 50 source_id, ra, dec FROM cat.sources ORDER BY source_id").to_table()
    mine = Table({"ra": np.array(sources["ra"]) + 1e-4, "dec": np.array(sources["dec"])})
    result = service.run_sync(
        "SELECT s.source_id FROM TAP_UPLOAD.mine AS m JOIN cat.sources AS s "
        "ON 1 = CONTAINS(POINT('ICRS', s.ra, s.dec), CIRCLE('ICRS', m.ra, m.dec, 2.0 / 3600))",
        uploads={"mine": mine}).to_table()
    assert set(int(s) for s in sources["source_id"]) <= set(int(s) for s in result["source_id"])


# ---------------------------------------------------------------------------------------------------------
# Limits and errors


def test_limits_are_advertised(limited):
    body = requests.get(limited.url + "/capabilities", timeout=30).text
    assert '<uploadMethod ivo-id="ivo://ivoa.net/std/TAPRegExt#upload-inline"/>' in body
    assert '<hard unit="byte">20000</hard>' in body and "at most 2 tables, 50 rows" in body


def test_too_many_bytes_is_413_with_content_length_and_chunked(limited):
    big = votable_bytes(Table({"x": np.arange(3000, dtype=np.int64)}))
    fields = {"LANG": "ADQL", "QUERY": "SELECT * FROM TAP_UPLOAD.t", "UPLOAD": "t,param:t"}
    response = post_multipart(limited.url + "/sync", fields, {"t": ("t.vot", big)})
    assert response.status_code == 413, response.text
    assert status_of(response.content) == ("ERROR", "the request exceeds this service's upload limit of 20000 bytes")

    # The same body, chunked (no Content-Length): refused while reading.
    prepared = requests.Request("POST", limited.url + "/sync", data=fields, files={"t": ("t.vot", big)}).prepare()
    body, content_type = prepared.body, prepared.headers["Content-Type"]
    chunks = (body[i:i + 4096] for i in range(0, len(body), 4096))
    response = requests.post(limited.url + "/sync", data=chunks, headers={"Content-Type": content_type}, timeout=60)
    assert response.status_code == 413 and "20000 bytes" in status_of(response.content)[1]


def test_too_many_rows_and_tables_are_413(limited):
    rows = votable_bytes(Table({"x": np.arange(60, dtype=np.int16)}))
    fields = {"LANG": "ADQL", "QUERY": "SELECT * FROM TAP_UPLOAD.t", "UPLOAD": "t,param:t"}
    response = post_multipart(limited.url + "/sync", fields, {"t": ("t.vot", rows)})
    assert response.status_code == 413
    assert "more than 50 rows" in status_of(response.content)[1]

    small = votable_bytes(Table({"x": [1]}))
    fields["UPLOAD"] = "a,param:a;b,param:b;c,param:c"
    response = post_multipart(limited.url + "/sync", fields, {n: (n, small) for n in "abc"})
    assert response.status_code == 413 and "3 tables" in status_of(response.content)[1]

    # Async: refused when the job is created, and no job is made.
    response = requests.post(limited.url + "/async", data=fields, files={n: (n, small) for n in "abc"},
                             allow_redirects=False, timeout=60)
    assert response.status_code == 413


@pytest.mark.parametrize("upload,files,message", [
    ("1t,param:t", {"t": b"a\n1\n"}, "cannot name a table"),
    ("select,param:t", {"t": b"a\n1\n"}, "cannot name a table"),
    ("t,ftp://example.org/x.vot", {}, "not a source this service reads"),
    ("t,file:///etc/passwd", {}, "not a source this service reads"),
    ("t,param:missing", {"t": b"a\n1\n"}, "no part named missing"),
    ("t,param:t;T,param:t", {"t": b"a\n1\n"}, "names the table"),
    ("t,param:t", {"t": b"<VOTABLE><RESOURCE><TABLE><FIELD name='a' datatype='int'/><DATA><TABLEDATA>"
                        b"<TR><TD>x</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>"}, "UPLOAD t: "),
    ("t,param:t", {"t": b'<?xml version="1.0"?><!DOCTYPE v [<!ENTITY a "aaaa">]><VOTABLE/>'}, "UPLOAD t: "),
    ("t,param:t", {"t": b"\x1f\x8b\x08\x00"}, "compressed"),
    ("t,param:t", {"t": b"A,a\n1,2\n"}, "differ only in case"),
])
def test_bad_uploads_are_400_with_the_reason(server, upload, files, message):
    response = post_multipart(server.url + "/sync", {"LANG": "ADQL", "QUERY": "SELECT * FROM TAP_UPLOAD.t",
                                                     "UPLOAD": upload},
                              {name: (name, content) for name, content in files.items()} or {"x": ("", b"")})
    assert response.status_code == 400, response.text
    state, text = status_of(response.content)
    assert state == "ERROR" and message in text, text


def test_truncated_multipart_is_400(server):
    body = (b"--XyZ\r\nContent-Disposition: form-data; name=\"QUERY\"\r\n\r\nSELECT 1\r\n--XyZ\r\n"
            b"Content-Disposition: form-data; name=\"t\"; filename=\"t\"\r\n\r\nid\n1\n")
    response = requests.post(server.url + "/sync", data=body,
                             headers={"Content-Type": "multipart/form-data; boundary=XyZ"}, timeout=30)
    assert response.status_code == 400 and status_of(response.content)[0] == "ERROR"


def test_temporary_tables_are_gone_after_success_and_failure(server, demo_data_dir):
    service = pyvo.dal.TAPService(server.url)
    service.run_sync("SELECT * FROM TAP_UPLOAD.t", uploads={"t": sample_table()})
    # Fails in the database, after the table was loaded: a division by zero on every row.
    with pytest.raises(pyvo.dal.DALQueryError):
        service.run_sync("SELECT 1 / (id - id) AS boom FROM TAP_UPLOAD.t", uploads={"t": sample_table()})
    # ...and an ADQL error naming an upload column that does not exist: refused before any SQL.
    with pytest.raises(pyvo.dal.DALQueryError, match="nosuch"):
        service.run_sync("SELECT nosuch FROM TAP_UPLOAD.t", uploads={"t": sample_table()})
    assert temporary_tables(demo_data_dir) == 0
    # And nothing is left in the spool.
    spool = os.path.join(demo_data_dir, "uploads")
    assert not os.path.isdir(spool) or os.listdir(spool) == []
