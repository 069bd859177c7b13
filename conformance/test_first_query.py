"""The foundation's user-visible promises, checked with the clients astronomers use."""
import json
import os
import re
import signal
import time
import subprocess
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import numpy as np
import pytest
import pyvo
import requests

from conftest import Server, cluster_url, start_cluster, stop_cluster

VOT = "{http://www.ivoa.net/xml/VOTable/v1.3}"


def fetch(url, data=None):
    try:
        with urllib.request.urlopen(url, data=data, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def query_status(document):
    root = ET.fromstring(document)
    infos = [i for i in root.iter(VOT + "INFO") if i.get("name") == "QUERY_STATUS"]
    return infos[-1].get("value"), (infos[-1].text or "")


def test_pyvo_top5_has_float_positions(server):
    service = pyvo.dal.TAPService(server.url)
    result = service.run_sync("SELECT TOP 5 obs_id, s_ra, s_dec FROM ivoa.obscore")
    table = result.to_table()
    assert len(table) == 5
    assert table["s_ra"].dtype.kind == "f" and table["s_dec"].dtype.kind == "f"
    assert np.all((table["s_ra"] >= 0) & (table["s_ra"] < 360))
    assert np.all(np.abs(table["s_dec"]) <= 90)
    assert all(isinstance(v, str) and v for v in table["obs_id"])


def test_maxrec_overflow_is_reported_after_the_rows(server):
    status, _, body = fetch(server.url + "/sync?" + urllib.parse.urlencode(
        {"LANG": "ADQL", "MAXREC": "7", "QUERY": "SELECT obs_id FROM ivoa.obscore", "RESPONSEFORMAT": "votable/td"}))
    assert status == 200
    root = ET.fromstring(body)
    assert len(list(root.iter(VOT + "TR"))) == 7
    value, text = query_status(body)
    assert value == "OVERFLOW" and "MAXREC=7" in text
    # pyvo sees the same (it warns only when the client did not ask for the limit itself)
    service = pyvo.dal.TAPService(server.url)
    result = service.run_sync("SELECT obs_id FROM ivoa.obscore", maxrec=7)
    assert result.query_status == "OVERFLOW" and len(result) == 7


def test_top_within_maxrec_is_not_an_overflow(server):
    status, _, body = fetch(server.url + "/sync", data=urllib.parse.urlencode(
        {"lang": "ADQL", "maxrec": "10", "query": "SELECT TOP 10 obs_id FROM ivoa.obscore", "responseformat": "votable/td"}).encode())
    assert status == 200
    assert query_status(body)[0] == "OK"
    assert len(list(ET.fromstring(body).iter(VOT + "TR"))) == 10


def test_where_and_order_by(server):
    service = pyvo.dal.TAPService(server.url)
    table = service.run_sync(
        "SELECT TOP 20 obs_id, t_exptime, instrument_name FROM ivoa.obscore "
        "WHERE instrument_name = 'MUSE' AND t_exptime > 100 ORDER BY t_exptime DESC").to_table()
    assert len(table) > 0
    assert all(name == "MUSE" for name in table["instrument_name"])
    exposure = list(table["t_exptime"])
    assert exposure == sorted(exposure, reverse=True) and min(exposure) > 100


def test_adql_error_is_a_dali_error_with_position(server):
    status, headers, body = fetch(server.url + "/sync?" + urllib.parse.urlencode(
        {"LANG": "ADQL", "QUERY": "SELECT obs_id,\n  s_raa FROM ivoa.obscore"}))
    assert status == 400
    value, text = query_status(body)
    assert value == "ERROR"
    assert "2:3" in text and "s_raa" in text and "s_ra" in text
    assert "postgres" not in text.lower() and "t0" not in text


def test_missing_query_and_bad_lang(server):
    status, _, body = fetch(server.url + "/sync?LANG=ADQL")
    assert status == 400 and query_status(body)[0] == "ERROR"
    status, _, body = fetch(server.url + "/sync?LANG=SQL&QUERY=SELECT+1")
    assert status == 400 and "LANG" in query_status(body)[1]


def test_vosi_documents_exist(server):
    for path in ("/availability", "/capabilities", "/tables"):
        status, headers, body = fetch(server.url + path)
        assert status == 200, path
        ET.fromstring(body)
    assert b"ivoa.obscore" in fetch(server.url + "/tables")[2]
    assert b"TAP_SCHEMA.columns" in fetch(server.url + "/tables")[2]


def test_tap_schema_describes_itself(server):
    service = pyvo.dal.TAPService(server.url)
    tables = service.run_sync("SELECT table_name FROM TAP_SCHEMA.tables").to_table()
    names = set(tables["table_name"])
    assert {"ivoa.obscore", "cat.sources", "TAP_SCHEMA.columns", "TAP_SCHEMA.tables"} <= names


def test_stilts_tapquery(server, tmp_path):
    out = tmp_path / "result.csv"
    subprocess.run(
        ["stilts", "tapquery", f"tapurl={server.url}", "sync=true",
         "adql=SELECT TOP 5 obs_id, s_ra, s_dec FROM ivoa.obscore", "ofmt=csv", f"out={out}"],
        check=True, capture_output=True, timeout=180)
    lines = out.read_text().strip().splitlines()
    assert lines[0].split(",") == ["obs_id", "s_ra", "s_dec"] and len(lines) == 6


@pytest.mark.parametrize("stage", ["CAP", "AVV", "TMV TME TMS TMC"])
def test_taplint_stage_is_clean(server, stage):
    """taplint: capabilities (every language feature and UDF), availability, and table metadata (VOSI
    tables, TAP_SCHEMA with its keys, and their agreement)."""
    result = subprocess.run(["stilts", "taplint", f"tapurl={server.url}", f"stages={stage}"],
                            capture_output=True, text=True, timeout=300)
    totals = [line for line in result.stdout.splitlines() if line.startswith("Totals:")]
    assert len(totals) == 1 and "Errors: 0; Warnings: 0;" in totals[0] and "Failures: 0" in totals[0], \
        result.stdout[-3000:]


def test_new_data_folder_serves_an_empty_archive_and_survives_sigkill(tmp_path):
    """A new data folder gets schemas and TAP_SCHEMA only; a server killed with SIGKILL leaves its PostgreSQL
    running, and the next start adopts it."""
    data_dir = str(tmp_path / "data")
    first = Server(data_dir).start()
    service = pyvo.dal.TAPService(first.url)
    assert len(service.run_sync("SELECT obs_id FROM ivoa.obscore").to_table()) == 0
    first.stop(signal.SIGKILL)
    second = Server(data_dir).start()
    try:
        tables = pyvo.dal.TAPService(second.url).run_sync("SELECT table_name FROM TAP_SCHEMA.tables").to_table()
        assert "ivoa.obscore" in set(tables["table_name"])
    finally:
        assert second.stop() == 0
    # the clean stop took the cluster with it
    assert not os.path.exists(os.path.join(data_dir, "pg", "postmaster.pid"))


def test_a_database_of_its_own_gets_only_the_standard_tables(tmp_path):
    """`tapd serve --database URL` on an operator's database creates the standard tables and no demo table, and
    serves the examples it is given, or none."""
    data_dir = str(tmp_path / "own")
    start_cluster(data_dir)
    try:
        url = cluster_url(data_dir)
        examples = tmp_path / "examples.json"
        examples.write_text(json.dumps([{
            "id": "count-datasets", "name": "How many datasets", "description": "Counts the ObsCore rows.",
            "query": "SELECT COUNT(*) FROM ivoa.obscore", "tables": ["ivoa.obscore"]}]))
        for extra, expected_examples in [([], []), (["--examples", str(examples)], ["count-datasets"])]:
            server = Server(data_dir, extra_args=["--database", url, *extra], log_name="own.log").start()
            try:
                service = pyvo.dal.TAPService(server.url)
                names = set(service.run_sync("SELECT table_name FROM TAP_SCHEMA.tables").to_table()["table_name"])
                assert names == {"ivoa.obscore", "ivoa.obsplan", "TAP_SCHEMA.schemas", "TAP_SCHEMA.tables",
                                 "TAP_SCHEMA.columns", "TAP_SCHEMA.keys", "TAP_SCHEMA.key_columns"}, names
                served = requests.get(server.url + "/examples", timeout=30).text
                assert re.findall(r'typeof="example" id="([^"]+)"', served) == expected_examples
            finally:
                server.stop_cleanly()
        found = subprocess.run(["psql", "-qAt", url, "-c", "SELECT to_regclass('cat.sources') IS NULL"],
                               check=True, capture_output=True, text=True).stdout.strip()
        assert found == "t", "a demo table was created"
    finally:
        stop_cluster(data_dir)


def test_restart_after_the_machine_lost_power(tmp_path):
    """tapd and its PostgreSQL both killed: the stale postmaster.pid is cleared and PostgreSQL recovers."""
    data_dir = str(tmp_path / "data")
    first = Server(data_dir).start()
    with open(os.path.join(data_dir, "pg", "postmaster.pid")) as f:
        postmaster = int(f.readline())
    first.stop(signal.SIGKILL)
    os.kill(postmaster, signal.SIGKILL)
    for _ in range(100):
        try:
            os.kill(postmaster, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    assert os.path.exists(os.path.join(data_dir, "pg", "postmaster.pid"))
    second = Server(data_dir).start()
    try:
        tables = pyvo.dal.TAPService(second.url).run_sync("SELECT TOP 1 table_name FROM TAP_SCHEMA.tables")
        assert len(tables) == 1
    finally:
        assert second.stop() == 0


SCHEMAS = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "shared", "schemas"))


@pytest.mark.parametrize("path, schema", [
    ("/availability", "VOSIAvailability-v1.0.xsd"),
    ("/capabilities", "capabilities-all.xsd"),
    ("/tables", "tables-all.xsd"),
    ("/tables?detail=min", "tables-all.xsd"),
    ("/sync?LANG=ADQL&QUERY=SELECT+TOP+3+*+FROM+ivoa.obscore", "VOTable-1.3-ns.xsd"),
    ("/sync?LANG=ADQL&QUERY=SELECT+nothing+FROM+ivoa.obscore", "VOTable-1.3-ns.xsd"),
])
def test_documents_validate_against_the_ivoa_schemas(server, tmp_path, path, schema):
    status, _, body = fetch(server.url + path)
    document = tmp_path / "document.xml"
    document.write_bytes(body)
    result = subprocess.run(
        ["xmllint", "--noout", "--nonet", "--schema", os.path.join(SCHEMAS, schema), str(document)],
        capture_output=True, text=True, env={**os.environ, "XML_CATALOG_FILES": os.path.join(SCHEMAS, "catalog.xml")})
    assert result.returncode == 0, result.stderr[-2000:]


def test_response_formats(server):
    for fmt in ("votable", "application/x-votable+xml", "text/xml", "votable/td",
                "application/x-votable+xml;serialization=TABLEDATA"):
        status, _, body = fetch(server.url + "/sync?" + urllib.parse.urlencode(
            {"LANG": "ADQL", "RESPONSEFORMAT": fmt, "QUERY": "SELECT TOP 1 obs_id FROM ivoa.obscore"}))
        assert status == 200 and query_status(body)[0] == "OK", fmt
    status, _, body = fetch(server.url + "/sync?" + urllib.parse.urlencode(
        {"LANG": "ADQL", "RESPONSEFORMAT": "application/x-nothing", "QUERY": "SELECT TOP 1 obs_id FROM ivoa.obscore"}))
    assert status == 400 and "votable" in query_status(body)[1]


def test_integer_array_results_reach_clients(server):
    """ivo_histogram returns an integer array; astropy must read it back as numbers summing to the row count."""
    service = pyvo.dal.TAPService(server.url)
    total = int(service.run_sync("SELECT COUNT(*) AS n FROM cat.sources").to_table()["n"][0])
    histogram = service.run_sync(
        "SELECT ivo_histogram(phot_g_mean_mag, 8, 21, 5) AS h FROM cat.sources").to_table()["h"][0]
    assert len(histogram) == 7 and int(sum(histogram)) == total
