"""ObsLocTAP 1.0: the ivoa.obsplan table, queried with pyvo the way the spec's use cases (§4) do, and checked by
taplint's ObsLocTAP stage (LOC) together with the table-metadata stages."""
import subprocess

import numpy as np
import pyvo

# The demo's "today" (2026-11-25) as an MJD: performed observations before it, the plan after it.
TODAY = 61369

# ObsLocTAP 1.0 Table 1 (§3.1), in order.
COLUMNS = [
    "t_planning", "target_name", "obs_id", "obs_collection", "s_ra", "s_dec", "s_fov", "s_region", "s_resolution",
    "t_min", "t_max", "t_exptime", "t_resolution", "em_min", "em_max", "em_res_power", "o_ucd", "pol_states",
    "pol_xel", "facility_name", "instrument_name", "t_plan_exptime", "category", "priority", "execution_status",
    "tracking_type",
]


def run(server, adql):
    return pyvo.dal.TAPService(server.url).run_sync(adql)


def test_obsplan_has_the_spec_columns_and_metadata(server):
    result = run(server, "SELECT TOP 3 * FROM ivoa.obsplan")
    assert list(result.fieldnames) == COLUMNS and len(result) == 3
    fields = {field.name: field for field in result.fielddescs}
    region = fields["s_region"]
    assert region.xtype == "adql:REGION" and region.datatype == "char" and region.ucd == "pos.outline;obs.field"
    assert fields["target_name"].utype == "Target.name" and fields["t_planning"].unit == "d"
    assert result.fieldname_with_utype("DataID.observationID") == "obs_id"
    table = result.to_table()
    assert table["priority"].dtype.kind in "iu" and table["t_planning"].dtype.kind == "f"
    tables = run(server, "SELECT utype FROM TAP_SCHEMA.tables WHERE table_name = 'ivoa.obsplan'").to_table()
    assert list(tables["utype"]) == ["ivo://ivoa.net/std/obsloctap#table-1.0"]


def test_schedule_is_in_the_future_and_the_log_in_the_past(server):
    statuses = run(server, """
        SELECT execution_status, COUNT(*) AS n, MIN(t_min) AS earliest, MAX(t_max) AS latest,
               MAX(t_planning) AS planned
        FROM ivoa.obsplan GROUP BY execution_status""").to_table()
    rows = {status: (n, earliest, latest, planned) for status, n, earliest, latest, planned in statuses}
    assert set(rows) == {"Planned", "Scheduled", "Unscheduled", "Performed", "Aborted"}
    assert rows["Scheduled"][1] > TODAY and rows["Planned"][1] > TODAY
    assert rows["Performed"][2] < TODAY and rows["Aborted"][2] < TODAY
    assert all(planned < TODAY for _, _, _, planned in rows.values())
    late = run(server, "SELECT COUNT(*) AS n FROM ivoa.obsplan WHERE t_planning >= t_min").to_table()
    assert late["n"][0] == 0


def test_spec_period_queries(server):
    """§4.1 verbatim (2019: before the demo's log, so empty), then the same overlap pattern on the coming
    month, and §4.2's spectral overlap (400-500 nm) on the coming half year."""
    assert len(run(server, "SELECT * FROM ivoa.obsplan WHERE t_min < 58700 AND t_max > 58500")) == 0
    month = run(server, f"""
        SELECT obs_id, execution_status, t_min, t_max FROM ivoa.obsplan
        WHERE t_min < {TODAY + 30} AND t_max > {TODAY}""").to_table()
    assert len(month) > 0 and set(month["execution_status"]) <= {"Scheduled", "Unscheduled"}
    assert np.all(month["t_min"] < TODAY + 30) and np.all(month["t_max"] > TODAY)
    spectral = run(server, f"""
        SELECT em_min, em_max FROM ivoa.obsplan
        WHERE t_min < {TODAY + 180} AND t_max > {TODAY} AND em_min < 5e-7 AND em_max > 4e-7""").to_table()
    assert len(spectral) > 0 and np.all(spectral["em_min"] < 5e-7) and np.all(spectral["em_max"] > 4e-7)


def test_planned_observations_of_an_instrument(server):
    upcoming = run(server, f"""
        SELECT instrument_name, COUNT(*) AS n FROM ivoa.obsplan
        WHERE execution_status IN ('Planned', 'Scheduled') AND t_min > {TODAY}
        GROUP BY instrument_name ORDER BY n DESC""").to_table()
    instrument, n = upcoming[0]["instrument_name"], upcoming[0]["n"]
    rows = run(server, f"""
        SELECT obs_id, facility_name, t_min FROM ivoa.obsplan
        WHERE instrument_name = '{instrument}' AND execution_status IN ('Planned', 'Scheduled')
          AND t_min < {TODAY + 200} AND t_max > {TODAY} ORDER BY t_min""").to_table()
    assert len(rows) == n and np.all(np.diff(rows["t_min"]) > 0)


def test_target_of_opportunity_follow_up(server):
    """§4.4: newly planned observations near a target, with the spec's empty coordinate system."""
    chosen = run(server, """
        SELECT TOP 1 obs_id, s_ra, s_dec, t_planning, t_max FROM ivoa.obsplan
        WHERE execution_status = 'Scheduled' AND s_region IS NOT NULL ORDER BY t_planning DESC""").to_table()[0]
    found = run(server, f"""
        SELECT obs_id FROM ivoa.obsplan
        WHERE t_planning > {chosen['t_planning'] - 1} AND t_max < {chosen['t_max'] + 1}
          AND 1=INTERSECTS(s_region, CIRCLE('', {chosen['s_ra']}, {chosen['s_dec']}, 0.016666))""").to_table()
    assert chosen["obs_id"] in set(found["obs_id"])


def test_performed_observations_are_in_the_archive(server):
    """The performed part of the plan is the archive's latest observations: the same obs_id and times."""
    performed = run(server, "SELECT COUNT(*) AS n FROM ivoa.obsplan WHERE execution_status = 'Performed'").to_table()
    joined = run(server, """
        SELECT COUNT(*) AS n FROM ivoa.obsplan AS p JOIN ivoa.obscore AS o ON o.obs_id = p.obs_id
        WHERE p.execution_status = 'Performed' AND p.t_min = o.t_min AND p.t_exptime = o.t_exptime""").to_table()
    assert performed["n"][0] > 0 and joined["n"][0] == performed["n"][0]
    # ... and a cone on one of them finds it through its footprint.
    one = run(server, "SELECT TOP 1 obs_id, s_ra, s_dec FROM ivoa.obsplan "
                      "WHERE execution_status = 'Performed' ORDER BY t_min DESC").to_table()[0]
    near = run(server, f"""
        SELECT obs_id FROM ivoa.obsplan WHERE execution_status = 'Performed'
          AND 1 = INTERSECTS(s_region, CIRCLE('ICRS', {one['s_ra']}, {one['s_dec']}, 0.1))""").to_table()
    assert one["obs_id"] in set(near["obs_id"])


def test_taplint_obsloctap_stage_is_clean(server):
    """taplint: table metadata (VOSI tables, TAP_SCHEMA, their agreement) and the ObsLocTAP stage, which checks
    the columns' utypes, UCDs, units and types, the value lists and the NOT NULL rules."""
    result = subprocess.run(["stilts", "taplint", f"tapurl={server.url}", "stages=TMV TME TMS TMC LOC"],
                            capture_output=True, text=True, timeout=300)
    totals = [line for line in result.stdout.splitlines() if line.startswith("Totals:")]
    assert len(totals) == 1 and "Errors: 0; Warnings: 0;" in totals[0] and "Failures: 0" in totals[0], \
        result.stdout[-3000:]
    assert "ivoa.obsplan columns: 26/26 required" in result.stdout
