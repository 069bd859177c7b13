"""RESPONSEFORMAT end to end (TAP 1.1 §2.7.1, DALI 1.1 §3.4.3): every format and alias, read by the readers
astronomers use (astropy, STILTS, pyvo, xmllint against the VOTable schema), with the same values as TABLEDATA,
nulls and non-ASCII text intact, and the status where each format can carry it."""
import io
import json
import math
import os
import subprocess

import numpy as np
import pytest
import pyvo
import requests
from astropy.io import fits
from astropy.io.votable import parse
from astropy.table import Table

SCHEMAS = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "schemas")

# Every kind of column a result can have: integers of each width, reals, booleans, text beyond ASCII, timestamps,
# DALI geometry, integer arrays, REGION as STC-S, and nulls of each.
MIXED = """
SELECT TOP 40 s.source_id, s.ra, s.dec, s.phot_g_mean_mag, CAST(s.phot_g_mean_mag AS REAL) AS mag32,
  CAST(MOD(s.source_id, 100) AS SMALLINT) AS small, CAST(MOD(s.source_id, 1000) AS INTEGER) AS medium,
  POINT(s.ra, s.dec) AS pos, CIRCLE(s.ra, s.dec, 0.5) AS field, 'Étoile 雪 "q", x' AS label,
  CAST(NULL AS INTEGER) AS nothing, CAST(NULL AS DOUBLE PRECISION) AS no_double, o.obs_release_date, o.s_region,
  o.obs_id
FROM cat.sources AS s, (SELECT TOP 1 obs_release_date, s_region, obs_id FROM ivoa.obscore
                        ORDER BY obs_publisher_did) AS o
ORDER BY s.source_id
"""

VOTABLE_FORMATS = ["votable", "application/x-votable+xml", "text/xml", "votable/td", "votable/b", "votable/b2",
                   "application/x-votable+xml;serialization=TABLEDATA",
                   "application/x-votable+xml;serialization=BINARY",
                   "application/x-votable+xml; serialization=BINARY2"]


def sync(server, query, fmt=None, **extra):
    data = {"LANG": "ADQL", "QUERY": query, **extra}
    if fmt is not None:
        data["RESPONSEFORMAT"] = fmt
    return requests.post(server.url + "/sync", data=data, timeout=120)


def votable_table(body):
    return parse(io.BytesIO(body), verify="exception").get_first_table().to_table()


def statuses(body):
    resource = parse(io.BytesIO(body)).resources[0]
    return [info.value for info in resource.infos if info.name == "QUERY_STATUS"]


def same(a, b):
    """Cell equality as a reader sees it: masked equals masked, NaN equals NaN, arrays element by element."""
    if np.ma.is_masked(a) or np.ma.is_masked(b):
        return np.ma.is_masked(a) and np.ma.is_masked(b)
    if isinstance(a, (np.ndarray, list)):
        return np.allclose(np.asarray(a, float), np.asarray(b, float), equal_nan=True)
    if isinstance(a, (float, np.floating)) and math.isnan(a):
        return math.isnan(b)
    return a == b


@pytest.fixture(scope="module")
def reference(server):
    response = sync(server, MIXED, "votable/td")
    assert response.status_code == 200
    return votable_table(response.content)


def test_binary2_is_the_default(server):
    response = sync(server, "SELECT TOP 1 obs_id FROM ivoa.obscore")
    assert response.headers["Content-Type"].startswith("application/x-votable+xml")
    assert b"<BINARY2>" in response.content and b'<STREAM encoding="base64">' in response.content


@pytest.mark.parametrize("fmt", VOTABLE_FORMATS)
def test_every_votable_alias_gives_the_same_table(server, reference, fmt, tmp_path):
    response = sync(server, MIXED, fmt)
    assert response.status_code == 200, response.text[:500]
    expected = {"td": b"<TABLEDATA>", "tabledata": b"<TABLEDATA>", "b": b"<BINARY>", "binary": b"<BINARY>"}
    marker = expected.get(fmt.lower().rsplit("/", 1)[-1].rsplit("=", 1)[-1], b"<BINARY2>")
    assert marker in response.content
    table = votable_table(response.content)
    assert table.colnames == reference.colnames and len(table) == len(reference) == 40
    for name in reference.colnames:
        for a, b in zip(reference[name], table[name]):
            assert same(a, b), (fmt, name, a, b)
        assert table[name].unit == reference[name].unit
    assert table["label"][0] == 'Étoile 雪 "q", x'
    assert statuses(response.content) == ["OK", "OK"]
    document = tmp_path / "result.vot"
    document.write_bytes(response.content)
    lint = subprocess.run(
        ["xmllint", "--noout", "--nonet", "--schema", os.path.join(SCHEMAS, "VOTable-1.3-ns.xsd"), str(document)],
        capture_output=True, text=True, env={**os.environ, "XML_CATALOG_FILES": os.path.join(SCHEMAS, "catalog.xml")})
    assert lint.returncode == 0, lint.stderr[-2000:]


@pytest.mark.parametrize("fmt", ["votable/td", "votable/b", "votable/b2", "csv", "fits"])
def test_stilts_reads_each_format(server, reference, fmt, tmp_path):
    response = sync(server, MIXED, fmt)
    path = tmp_path / "result"
    path.write_bytes(response.content)
    out = tmp_path / "out.csv"
    ifmt = fmt if fmt in ("csv", "fits") else "votable"
    subprocess.run(["stilts", "-Dfile.encoding=UTF-8", "tpipe", f"ifmt={ifmt}",
                    f"in={path}", "ofmt=csv", f"out={out}"], check=True, capture_output=True, timeout=120)
    read = Table.read(out, format="ascii.csv", encoding="utf-8")
    assert len(read) == 40 and read.colnames == reference.colnames
    assert list(read["source_id"]) == list(reference["source_id"])
    assert np.allclose(read["ra"], reference["ra"])
    # STILTS 3.4 reads CSV bytes as ISO-8859-1, whatever they are, and FITS text as ASCII; VOTables declare their
    # encoding.
    if fmt not in ("csv", "fits"):
        assert read["label"][0] == 'Étoile 雪 "q", x'


def test_pyvo_reads_binary2_and_binary(server, reference):
    service = pyvo.dal.TAPService(server.url)
    for fmt in ("votable/b2", "votable/b"):
        result = service.run_sync(MIXED, format=fmt)
        table = result.to_table()
        assert result.query_status == "OK" and len(table) == 40
        assert list(table["source_id"]) == list(reference["source_id"])


@pytest.mark.parametrize("fmt, kind", [("csv", "ascii.csv"), ("text/csv", "ascii.csv"),
                                       ("tsv", "ascii.tab"), ("text/tab-separated-values", "ascii.tab")])
def test_csv_and_tsv(server, reference, fmt, kind):
    response = sync(server, MIXED, fmt)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv" if "csv" in fmt else "text/tab-separated-values")
    table = Table.read(io.BytesIO(response.content), format=kind, encoding="utf-8")
    assert table.colnames == reference.colnames and len(table) == 40
    assert list(table["source_id"]) == list(reference["source_id"])
    assert np.allclose(table["ra"], reference["ra"]) and np.allclose(table["mag32"], reference["mag32"])
    assert table["label"][0] == 'Étoile 雪 "q", x'
    assert all(np.ma.is_masked(v) for v in table["nothing"])
    assert table["obs_release_date"][0] == reference["obs_release_date"][0]
    assert table["s_region"][0] == reference["s_region"][0] and table["s_region"][0].startswith("Polygon ICRS ")
    assert np.allclose([float(v) for v in table["pos"][0].split()], reference["pos"][0])
    if "csv" in fmt:
        assert response.content.split(b"\r\n")[0].decode() == ",".join(reference.colnames)


def test_json(server, reference):
    for fmt in ("json", "application/json"):
        response = sync(server, MIXED, fmt)
        assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/json")
        document = json.loads(response.content)
        assert [c["name"] for c in document["metadata"]] == reference.colnames
        assert {c["name"]: c["datatype"] for c in document["metadata"]}["source_id"] == "long"
        assert document["status"] == {"value": "OK"}
        rows = document["data"]
        assert len(rows) == 40
        names = reference.colnames
        for row, expected in zip(rows, reference):
            for name, value in zip(names, row):
                if value is None:
                    assert np.ma.is_masked(expected[name]) or (isinstance(expected[name], float)
                                                             and math.isnan(expected[name])), name
                else:
                    assert same(expected[name], value), (name, value, expected[name])


@pytest.mark.parametrize("fmt", ["votable/td", "votable/b", "votable/b2"])
def test_overflow_in_votable(server, fmt):
    response = sync(server, "SELECT source_id FROM cat.sources", fmt, MAXREC="5")
    assert len(votable_table(response.content)) == 5
    assert statuses(response.content) == ["OK", "OVERFLOW"]


def test_overflow_in_json(server):
    document = json.loads(sync(server, "SELECT source_id FROM cat.sources", "json", MAXREC="5").content)
    assert len(document["data"]) == 5
    assert document["status"]["value"] == "OVERFLOW" and "MAXREC=5" in document["status"]["message"]


def test_overflow_in_csv_is_a_trailer(server):
    """CSV has no place for the status: a chunked trailer field says it (curl shows trailers with its headers)."""
    result = subprocess.run(
        ["curl", "-s", "-D", "-", "-o", "/dev/null", "--data-urlencode", "QUERY=SELECT source_id FROM cat.sources",
         "-d", "MAXREC=5", "-d", "RESPONSEFORMAT=csv", server.url + "/sync"],
        capture_output=True, text=True, timeout=60, check=True)
    assert "tap-query-status: overflow" in result.stdout.lower(), result.stdout
    ok = subprocess.run(
        ["curl", "-s", "-D", "-", "-o", "/dev/null", "--data-urlencode", "QUERY=SELECT TOP 3 source_id FROM cat.sources",
         "-d", "RESPONSEFORMAT=csv", server.url + "/sync"],
        capture_output=True, text=True, timeout=60, check=True)
    assert "tap-query-status: ok" in ok.stdout.lower(), ok.stdout


def test_maxrec_zero_is_metadata_only_in_every_format(server):
    for fmt in ("votable/td", "votable/b", "votable/b2"):
        response = sync(server, "SELECT source_id, ra FROM cat.sources", fmt, MAXREC="0")
        table = votable_table(response.content)
        assert len(table) == 0 and table.colnames == ["source_id", "ra"]
    assert sync(server, "SELECT source_id, ra FROM cat.sources", "csv", MAXREC="0").text.strip() == "source_id,ra"
    assert json.loads(sync(server, "SELECT source_id FROM cat.sources", "json", MAXREC="0").content)["data"] == []


def test_unknown_format_names_the_offered_ones(server):
    response = sync(server, "SELECT TOP 1 obs_id FROM ivoa.obscore", "application/x-nothing")
    assert response.status_code == 400
    message = [i for i in parse(io.BytesIO(response.content)).resources[0].infos if i.name == "QUERY_STATUS"][0]
    for offered in ("votable/b2", "votable/td", "csv", "tsv", "json"):
        assert offered in message.content


def test_async_job_results_in_the_requested_format(server):
    service = pyvo.dal.TAPService(server.url)
    job = service.submit_job("SELECT TOP 4 source_id, ra FROM cat.sources ORDER BY source_id", format="csv")
    job.run().wait(timeout=60)
    response = requests.get(job.result_uri, timeout=60)
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.text.split("\r\n")[0] == "source_id,ra" and len(response.text.strip().split("\r\n")) == 5
    job.delete()


def fits_result(body, tmp_path):
    """The table astropy reads from a FITS result, and its extension's header, after astropy's verifier."""
    path = tmp_path / "result.fits"
    path.write_bytes(body)
    with fits.open(path) as hdus:
        hdus.verify("exception")
        header = hdus[1].header.copy()
    return Table.read(path, format="fits"), header


@pytest.mark.parametrize("fmt", ["fits", "application/fits"])
def test_fits(server, reference, fmt, tmp_path):
    response = sync(server, MIXED, fmt)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["Content-Type"] == "application/fits"
    assert len(response.content) % 2880 == 0
    table, header = fits_result(response.content, tmp_path)
    assert header["QUERY_STATUS"] == "OK" and header["NAXIS2"] == 40
    assert table.colnames == reference.colnames and len(table) == 40
    for name in reference.colnames:
        for a, b in zip(reference[name], table[name]):
            # astropy reads an empty FITS string as masked, where the VOTable's is a null or empty string.
            if isinstance(b, str) or np.ma.is_masked(b) and reference[name].dtype.kind in "OUS":
                a = "" if np.ma.is_masked(a) else a
                b = "" if np.ma.is_masked(b) else b
            assert same(a, b), (name, a, b)
        if reference[name].unit is not None:
            assert table[name].unit == reference[name].unit, name
    assert table["label"][0] == 'Étoile 雪 "q", x'
    assert header["TFORM8"] == "2D" and header["TTYPE8"] == "pos"
    assert header["TNULL11"] == -2147483648 and np.ma.is_masked(table["nothing"][0])


def test_overflow_and_maxrec_zero_in_fits(server, tmp_path):
    table, header = fits_result(sync(server, "SELECT source_id FROM cat.sources", "fits", MAXREC="5").content,
                                tmp_path)
    assert len(table) == 5 and header["QUERY_STATUS"] == "OVERFLOW"
    assert any("MAXREC=5" in str(line) for line in header["COMMENT"])
    table, header = fits_result(sync(server, "SELECT source_id, ra FROM cat.sources", "fits", MAXREC="0").content,
                                tmp_path)
    assert len(table) == 0 and table.colnames == ["source_id", "ra"]


def test_fits_error_after_rows_is_a_dali_error(server):
    """FITS is written once the rows are counted, so a query failing at its 20th row still gets a DALI error."""
    ids = votable_table(sync(server, "SELECT TOP 20 source_id FROM cat.sources ORDER BY source_id").content)
    late = int(ids["source_id"][19])
    response = sync(server, f"SELECT source_id, 1 / (source_id - {late}) AS q FROM cat.sources ORDER BY source_id",
                    "fits")
    assert response.status_code >= 400 and response.headers["Content-Type"].startswith("application/x-votable+xml")
    assert statuses(response.content) == ["ERROR"]
    assert b"division by zero" in response.content


def test_fits_from_an_async_job_and_with_an_upload(server, tmp_path):
    service = pyvo.dal.TAPService(server.url)
    job = service.submit_job("SELECT TOP 4 source_id, ra FROM cat.sources ORDER BY source_id", format="fits")
    job.run().wait(timeout=60)
    response = requests.get(job.result_uri, timeout=60)
    assert response.headers["Content-Type"] == "application/fits"
    table, header = fits_result(response.content, tmp_path)
    assert len(table) == 4 and header["QUERY_STATUS"] == "OK"
    job.delete()
    upload = "id,name\r\n1,Ångström\r\n2,b\r\n"
    response = requests.post(server.url + "/sync", timeout=60,
                             data={"LANG": "ADQL", "RESPONSEFORMAT": "fits", "UPLOAD": "t,param:t",
                                   "QUERY": "SELECT id, name FROM TAP_UPLOAD.t ORDER BY id"},
                             files={"t": ("t.csv", upload.encode(), "text/csv")})
    assert response.status_code == 200, response.text[:500]
    table, header = fits_result(response.content, tmp_path)
    assert list(table["id"]) == [1, 2] and list(table["name"]) == ["Ångström", "b"]


def test_result_says_its_query_parameters_and_service(server):
    """DALI 1.1 §4.4.3: the request's parameters echoed in INFOs (MAXREC as applied), the standardID, and the
    DataOrigin query INFOs, which astropy reads back."""
    from astropy.io.votable.dataorigin import extract_data_origin
    query = "SELECT TOP 3 source_id FROM cat.sources"
    response = sync(server, query, "votable/td", MAXREC="2")
    votable = parse(io.BytesIO(response.content))
    infos = {info.name: info.value for info in votable.resources[0].infos if info.name != "QUERY_STATUS"}
    assert infos["QUERY"] == query and infos["LANG"] == "ADQL" and infos["MAXREC"] == "2"
    assert infos["RESPONSEFORMAT"] == "votable/td" and infos["standardID"] == "ivo://ivoa.net/std/TAP"
    origin = extract_data_origin(votable).query
    assert origin.query == query and origin.service_protocol == "ivo://ivoa.net/std/TAP"
    assert origin.server_software.startswith("SwiftTAP") and origin.publisher
    assert origin.request_date.endswith("Z") and origin.request_date[:4].isdigit()
    # MAXREC as applied: the default when none is given.
    default = parse(io.BytesIO(sync(server, query, "votable/td").content)).resources[0].infos
    assert [i.value for i in default if i.name == "MAXREC"] == ["100000"]
    # JSON keeps them as keys, one per name.
    document = json.loads(sync(server, query, "json", MAXREC="2").content)
    assert document["maxrec"] == "2" and document["standardid"] == "ivo://ivoa.net/std/TAP"


def test_fits_refuses_more_columns_than_it_can_hold(server):
    columns = ", ".join(f"{i} AS c{i}" for i in range(1000))
    response = sync(server, f"SELECT TOP 1 {columns} FROM cat.sources", "fits")
    assert response.status_code == 400 and statuses(response.content) == ["ERROR"]
    assert b"at most 999" in response.content
    assert sync(server, f"SELECT TOP 1 {columns} FROM cat.sources", "votable/b2").status_code == 200


@pytest.mark.parametrize("fmt", ["votable/td", "votable/b2", "json"])
def test_rows_before_a_late_error_are_all_there(server, fmt):
    """A query failing at its 20th row (a division by zero there): the 19 rows PostgreSQL sent are all in the
    result, then the ERROR status."""
    ids = votable_table(sync(server, "SELECT TOP 20 source_id FROM cat.sources ORDER BY source_id").content)
    late = int(ids["source_id"][19])
    response = sync(server, f"SELECT source_id, 1 / (source_id - {late}) AS q FROM cat.sources ORDER BY source_id",
                    fmt)
    if fmt == "json":
        document = json.loads(response.content)
        rows, status = len(document["data"]), document["status"]["value"]
    else:
        rows, status = len(parse(io.BytesIO(response.content)).get_first_table().array), statuses(response.content)[-1]
    assert (rows, status) == (19, "ERROR")
