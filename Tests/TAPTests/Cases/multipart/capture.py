"""Captures the multipart/form-data bodies that real TAP clients send, for MultipartFormTests.

    python3 capture.py OUTDIR

Runs a loopback mock TAP service that saves each POST body (de-chunked) and its Content-Type and answers with a
one-row VOTable, then points pyvo, STILTS and curl at it. Writes <client>-sync.body, <client>-sync.content-type and
<client>-sync-upload.* (the table as the client had it). Boundaries are random (pyvo, curl) and STILTS stamps its
VOTable with the time, so a new capture means new constants in MultipartFormTests.Capture.
"""
import http.server
import io
import os
import subprocess
import sys
import threading

import numpy as np
from astropy.table import Table
from pyvo.dal import TAPService

OUT = sys.argv[1]
VOTABLE = b"""<?xml version="1.0" encoding="UTF-8"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results">
<INFO name="QUERY_STATUS" value="OK"/><TABLE><FIELD name="a" datatype="int"/>
<DATA><TABLEDATA><TR><TD>1</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>
"""
captured = {}


class Mock(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            body, sizes = b"", []
            while (size := int(self.rfile.readline().split(b";")[0], 16)) > 0:
                sizes.append(size)
                body += self.rfile.read(size)
                self.rfile.readline()
            while self.rfile.readline() not in (b"\r\n", b""):
                pass
            print("chunks:", sizes)
        else:
            body = self.rfile.read(int(self.headers["Content-Length"]))
        captured["body"], captured["type"] = body, self.headers["Content-Type"]
        self.send_response(200)
        self.send_header("Content-Type", "application/x-votable+xml")
        self.send_header("Content-Length", str(len(VOTABLE)))
        self.end_headers()
        self.wfile.write(VOTABLE)

    def log_message(self, *args):
        pass


def save(client, upload_name, upload_bytes):
    open(os.path.join(OUT, f"{client}-sync.body"), "wb").write(captured["body"])
    open(os.path.join(OUT, f"{client}-sync.content-type"), "w").write(captured["type"])
    open(os.path.join(OUT, f"{client}-sync-upload.{upload_name}"), "wb").write(upload_bytes)
    print(client, captured["type"])


def stilts_upload(body, content_type):
    """The file part of STILTS's body, cut out at its delimiters (Python's email parser drops the < and > of
    STILTS's quoted boundary, so it cannot be used here)."""
    boundary = content_type.split("boundary=", 1)[1].strip('"').encode()
    file_part = body.split(b"\r\n--" + boundary)[-2]
    return file_part.split(b"\r\n\r\n", 1)[1]


server = http.server.HTTPServer(("127.0.0.1", 0), Mock)
threading.Thread(target=server.serve_forever, daemon=True).start()
tap = f"http://127.0.0.1:{server.server_port}/tap"
os.makedirs(OUT, exist_ok=True)

table = Table({"id": np.array([1, 2], dtype=np.int64), "ra": np.array([10.5, 200.25]), "name": ["alpha", "b"]})
TAPService(tap).run_sync("SELECT * FROM TAP_UPLOAD.t", uploads={"t": table})
written = io.BytesIO()
table.write(written, format="votable")
save("pyvo", "xml", written.getvalue())

csv = os.path.join(OUT, "x.csv")
open(csv, "w").write("id,ra,name\n1,10.5,alpha\n2,200.25,b\n")
subprocess.run(["stilts", "tapquery", f"tapurl={tap}", "adql=SELECT * FROM TAP_UPLOAD.up1", "nupload=1",
                "upload1=x.csv", "ufmt1=csv", "upname1=up1", "sync=true"],
               check=True, stdout=subprocess.DEVNULL, cwd=OUT)
os.remove(csv)
save("stilts", "xml", stilts_upload(captured["body"], captured["type"]))

vot = b'<?xml version="1.0"?>\n<VOTABLE version="1.4"><RESOURCE><TABLE><FIELD name="x" datatype="int"/><DATA>' \
    b"<TABLEDATA><TR><TD>7</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>\n"
mine = os.path.join(OUT, "mine.vot")
open(mine, "wb").write(vot)
subprocess.run(["curl", "-s", "-o", "/dev/null", "-H", "Expect:", "-F", "REQUEST=doQuery", "-F", "LANG=ADQL",
                "-F", "QUERY=SELECT * FROM TAP_UPLOAD.t", "-F", "UPLOAD=t,param:t", "-F", "t=@mine.vot",
                f"{tap}/sync"], check=True, cwd=OUT)
os.remove(mine)
save("curl", "vot", vot)
server.shutdown()
