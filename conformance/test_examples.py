"""/tap/examples (DALI 1.1 §2.3, TAP 1.1 §2.2.4) as clients read it: pyvo runs every example, taplint checks it."""
import re
import shutil
import subprocess
import urllib.request
import xml.etree.ElementTree as ET

import pytest
import pyvo

VOCAB = "http://www.ivoa.net/rdf/examples#"
XHTML = "{http://www.w3.org/1999/xhtml}"

# Warnings taplint gives that are about the validator, not the document. Debian's STILTS 3.4.7 checks example
# queries with the ADQL library 1.5, which parses ADQL 2.0 only (our UDF parameter names are camel case because
# its declaration parser refuses underscores). Each entry: example id -> a fragment of the one W-EXA-EXVL message allowed for it. Everything else fails.
VALIDATOR_LIMITS = {
    "paging-offset": 'syntax error for example paging-offset:  Encountered "OFFSET"',  # ADQL 2.1 OFFSET
    "with-imaging-and-spectra": 'syntax error for example with-imaging-and-spectra:  Encountered "WITH"',
    "pasted-polygon": "syntax error for example pasted-polygon:",  # ADQL 2.1 CAST to POLYGON
}


def fetch(url):
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.status, response.headers, response.read()


def examples_of(document):
    """(id, resource, {property: [texts]}) of every typeof="example" element, read as plain XML."""
    root = ET.fromstring(document)
    found = []
    for element in root.iter():
        if element.get("typeof") != "example":
            continue
        properties = {}
        for child in element.iter():
            if child is not element and child.get("property"):
                assert len(child) == 0, f"property {child.get('property')} has markup inside"
                properties.setdefault(child.get("property"), []).append(child.text or "")
        found.append((element.get("id"), element.get("resource"), properties))
    return root, found


def test_document_is_xhtml_with_the_dali_rdfa(server):
    status, headers, body = fetch(server.url + "/examples")
    assert status == 200
    assert headers["Content-Type"].split(";")[0].strip() in ("application/xhtml+xml", "text/html")
    root, examples = examples_of(body)
    assert root.tag == XHTML + "html"
    assert [e.get("vocab") for e in root.iter() if e.get("vocab") is not None] == [VOCAB]
    assert len(examples) >= 12
    ids = [id for id, _, _ in examples]
    assert len(set(ids)) == len(ids)
    for id, resource, properties in examples:
        assert resource == "#" + id
        assert len(properties["name"]) == 1 and properties["name"][0].strip()
        assert len(properties["query"]) == 1 and properties["query"][0].strip()
        assert properties["capability"] == ["ivo://ivoa.net/std/TAP"]
        assert properties.get("table"), f"{id} names no table"


def test_pyvo_runs_every_example_and_gets_rows(server):
    service = pyvo.dal.TAPService(server.url)
    examples = service.examples
    assert len(examples) >= 12
    for example in examples:
        query = example["QUERY"]
        if "TAP_UPLOAD" in query.upper():
            continue  # test_upload_crossmatch_example runs it with a table
        result = service.run_sync(query)
        assert result.query_status == "OK", query
        assert len(result) > 0, f"no rows on the demo archive for:\n{query}"


def test_upload_crossmatch_example_with_an_uploaded_table(server):
    """The crossmatch example, with positions of catalogue sources (slightly offset) uploaded from astropy."""
    from astropy.table import Table
    service = pyvo.dal.TAPService(server.url)
    example = next(e for e in service.examples if "TAP_UPLOAD" in e["QUERY"].upper())
    sources = service.run_sync("SELECT TOP 20 source_id, ra, dec FROM cat.sources ORDER BY source_id").to_table()
    mine = Table({"name": [f"s{i}" for i in range(len(sources))],
                  "ra": [float(r) + 1e-4 for r in sources["ra"]], "dec": [float(d) for d in sources["dec"]]})
    result = service.run_sync(example["QUERY"], uploads={"mine": mine}).to_table()
    assert result.meta is not None
    matched = set(int(s) for s in result["source_id"])
    assert set(int(s) for s in sources["source_id"]) <= matched
    assert max(result["dist_arcsec"]) < 5


def test_each_example_runs_from_its_link(server):
    """The document's "run" links are relative sync URLs that give the same query."""
    _, _, body = fetch(server.url + "/examples")
    root, examples = examples_of(body)
    links = [a.get("href") for a in root.iter(XHTML + "a") if (a.get("href") or "").startswith("sync?")]
    assert len(links) == len(examples)
    status, _, result = fetch(server.url + "/" + links[0])
    assert status == 200 and b'<INFO name="QUERY_STATUS" value="OK"' in result


@pytest.mark.skipif(shutil.which("stilts") is None, reason="needs stilts (Debian package stilts)")
def test_taplint_examples_stage(server):
    # TME first, so that EXA checks table and column names against /tables too.
    result = subprocess.run(
        ["stilts", "taplint", f"tapurl={server.url}", "stages=TME EXA", "report=EWSIF", "maxrepeat=1000",
         "truncate=2000"],
        capture_output=True, text=True, timeout=600)
    output = result.stdout
    section = output[output.index("Section EXA"):]
    section = section[:section.index("\nTotals")] if "\nTotals" in section else section
    reports = [line for line in section.splitlines() if re.match(r"^[EWF]-EXA-", line)]
    unexplained = []
    allowed = dict(VALIDATOR_LIMITS)
    for line in reports:
        key = next((id for id, fragment in allowed.items() if line.startswith("W-EXA-EXVL-") and fragment in line),
                   None)
        if key is None:
            unexplained.append(line)
        else:
            del allowed[key]
    assert not unexplained, "taplint EXA errors/warnings:\n" + "\n".join(unexplained)
    summary = re.search(r"S-EXA-XNUM-\d+ Found (\d+) examples", section)
    assert summary and int(summary.group(1)) >= 12
    executed = re.search(r"Execution success/attempt: (\d+)/(\d+)", section)
    assert executed and executed.group(1) == executed.group(2), section
