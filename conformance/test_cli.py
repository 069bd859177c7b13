"""`tapd parse` and `tapd translate`, as operators and scripts use them."""
import subprocess

from conftest import TAPD


def run(*args, stdin=None):
    return subprocess.run([TAPD, *args], input=stdin, capture_output=True, text=True, timeout=60)


def test_parse_accepts_a_valid_query():
    result = run("parse", "SELECT TOP 5 obs_id FROM ivoa.obscore WHERE CONTAINS(POINT(s_ra, s_dec), CIRCLE(10, 20, 1)) = 1")
    assert result.returncode == 0 and result.stdout.strip() == "ok"


def test_parse_reports_every_problem_as_line_column_message_from_stdin():
    result = run("parse", stdin="SELECT s_raa,\n  nosuch FROM ivoa.obscore\n")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "1:8: no column named 's_raa'; did you mean 's_ra'?",
        "2:3: no column named 'nosuch'",
    ]


def test_parse_reports_syntax_errors_with_the_quoting_hint():
    result = run("parse", "SELECT distance FROM ivoa.obscore")
    assert result.returncode == 1
    assert result.stderr.startswith("1:8: ") and '"distance"' in result.stderr


def test_translate_prints_sql_and_binds():
    result = run("translate", "SELECT obs_id FROM ivoa.obscore WHERE target_name = 'M 31'")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == ('SELECT "t0"."obs_id" AS "c0" FROM "ivoa"."obscore" AS "t0" '
                        'WHERE ("t0"."target_name" = $1)')
    assert lines[1] == "$1 = 'M 31'"
