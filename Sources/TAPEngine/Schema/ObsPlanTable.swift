// Column metadata follows IVOA ObsLocTAP 1.0 (REC 2021-07-24): names, order, descriptions and NOT NULL
// constraints of Table 1 "ObsPlan columns description" (§3.1); units, utypes and UCDs of Table 2 "TAP Schema
// description" (§3.4), where the utypes carry no "obscore:" prefix and t_planning, category, priority,
// execution_status and tracking_type have neither utype nor UCD; the table utype of §5 (registration).
// The spec says the table "MUST include all the columns listed", so all 26 are std and principal.
// The datatypes map its (real), (integer), (string) and (region) as ivoa.obscore does: double, short/long,
// char(*), and s_region as adql:REGION (a DALI polygon, with pgsphere's spoly derived from it: DerivedColumns).

extension PublishedTable {
    /// The values the spec allows in the enumerated columns (§3.1), as stored and as published.
    public enum ObsPlanValues {
        public static let categories = ["Fixed", "Coordinated", "Window", "Other"]
        public static let priorities = [0, 1, 2]
        public static let executionStatuses = ["Planned", "Scheduled", "Unscheduled", "Performed", "Aborted"]
        public static let trackingTypes = ["Sidereal", "Solar-system-object-tracking", "Fixed-az-el-transit"]
    }

    /// `ivoa.obsplan`: the 26 ObsLocTAP 1.0 columns describing planned, scheduled and performed
    /// observations, stored with pgsphere (`s_region`) and q3c (`s_ra`, `s_dec`) indexes like `ivoa.obscore`.
    public static let obsPlan = PublishedTable(
        schema: "ivoa",
        name: "obsplan",
        description: "IVOA ObsLocTAP 1.0 observation plan: one row per planned, scheduled or performed observation "
            + "(demo ESO-like observing schedule).",
        utype: "ivo://ivoa.net/std/obsloctap#table-1.0",
        columns: [
            .standardDouble(
                "t_planning", unit: "d", ucd: nil, utype: nil,
                description: "Time in MJD when this observation has been added or modified into the planning log",
                indexed: true, nullable: false),
            .standardText(
                "target_name", ucd: "meta.id;src", utype: "Target.name",
                description: "Astronomical object observed, if any", indexed: true),
            .standardText(
                "obs_id", ucd: "meta.id", utype: "DataID.observationID", description: "Observation ID",
                indexed: true, nullable: false),
            .standardText(
                "obs_collection", ucd: "meta.id", utype: "DataID.collection",
                description: "Name of the data collection"),
            .standardDouble(
                "s_ra", unit: "deg", ucd: "pos.eq.ra",
                utype: "Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C1",
                description: "Central right ascension, ICRS", indexed: true),
            .standardDouble(
                "s_dec", unit: "deg", ucd: "pos.eq.dec",
                utype: "Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C2",
                description: "Central declination, ICRS", indexed: true),
            .standardDouble(
                "s_fov", unit: "deg", ucd: "phys.angSize;instr.fov",
                utype: "Char.SpatialAxis.Coverage.Bounds.Extent.diameter",
                description: "Diameter (bounds) of the covered region"),
            // ObsLocTAP Table 2 types it (region) with no unit: adql:REGION as in ivoa.obscore, STC-S text of the
            // stored DALI polygon. (As a DALI polygon array, BINARY2 results of it trip STILTS 3.4.7's votlint,
            // which reads the array's length twice, and so taplint's LOC stage.)
            PublishedColumn(
                "s_region", sqlType: "double precision[]", datatype: "char", arraysize: "*", xtype: "adql:REGION",
                ucd: "pos.outline;obs.field", utype: "Char.SpatialAxis.Coverage.Support.Area",
                description: "Sky region covered by the data product (expressed in ICRS frame)",
                principal: true, indexed: true, std: true),
            .standardDouble(
                "s_resolution", unit: "arcsec", ucd: "pos.angResolution",
                utype: "Char.SpatialAxis.Resolution.Refval.value", description: "Spatial resolution of data as FWHM"),
            .standardDouble(
                "t_min", unit: "d", ucd: "time.start;obs.exposure",
                utype: "Char.TimeAxis.Coverage.Bounds.Limits.StartTime",
                description: "Start time in MJD (not null for execution_status Scheduled or Performed)",
                indexed: true),
            .standardDouble(
                "t_max", unit: "d", ucd: "time.end;obs.exposure",
                utype: "Char.TimeAxis.Coverage.Bounds.Limits.StopTime",
                description: "Stop time in MJD (not null for execution_status Scheduled or Performed)",
                indexed: true),
            .standardDouble(
                "t_exptime", unit: "s", ucd: "time.duration;obs.exposure",
                utype: "Char.TimeAxis.Coverage.Support.Extent",
                description: "Total exposure time (not null for execution_status Scheduled or Performed)"),
            .standardDouble(
                "t_resolution", unit: "s", ucd: "time.resolution", utype: "Char.TimeAxis.Resolution.Refval.value",
                description: "Temporal resolution FWHM"),
            .standardDouble(
                "em_min", unit: "m", ucd: "em.wl;stat.min", utype: "Char.SpectralAxis.Coverage.Bounds.Limits.LoLimit",
                description: "Start in spectral coordinates (vacuum wavelength)"),
            .standardDouble(
                "em_max", unit: "m", ucd: "em.wl;stat.max", utype: "Char.SpectralAxis.Coverage.Bounds.Limits.HiLimit",
                description: "Stop in spectral coordinates (vacuum wavelength)"),
            .standardDouble(
                "em_res_power", ucd: "spect.resolution", utype: "Char.SpectralAxis.Resolution.ResolPower.refVal",
                description: "Spectral resolving power"),
            .standardText(
                "o_ucd", ucd: "meta.ucd", utype: "Char.ObservableAxis.ucd",
                description: "UCD of observable (e.g., phot.flux.density, phot.count, etc.)"),
            .standardText(
                "pol_states", ucd: "meta.code;phys.polarization", utype: "Char.PolarizationAxis.stateList",
                description: "List of polarization states or NULL if not applicable"),
            PublishedColumn(
                "pol_xel", sqlType: "bigint", datatype: "long", ucd: "meta.number",
                utype: "Char.PolarizationAxis.numBins", description: "Number of polarization samples",
                principal: true, std: true),
            .standardText(
                "facility_name", ucd: "meta.id;instr.tel", utype: "Provenance.ObsConfig.Facility.name",
                description: "Name of the facility used for this observation", nullable: false),
            .standardText(
                "instrument_name", ucd: "meta.id;instr", utype: "Provenance.ObsConfig.Instrument.name",
                description: "Name of the instrument used for this observation", indexed: true),
            .standardDouble(
                "t_plan_exptime", unit: "s", ucd: "time.duration;obs.exposure",
                utype: "Char.TimeAxis.Coverage.Support.Extent", description: "Planned or scheduled exposure time"),
            .standardText(
                "category", ucd: nil, utype: nil,
                description: "Observation category. One of the following values: Fixed, Coordinated, Window, Other",
                nullable: false),
            PublishedColumn(
                "priority", sqlType: "smallint", datatype: "short",
                description: "Priority level {0, 1, 2}: 2 cannot be removed from the planning or is hard to "
                    + "re-schedule, 0 can easily be shifted to a different time",
                principal: true, std: true, nullable: false),
            .standardText(
                "execution_status", ucd: nil, utype: nil,
                description: "One of the following values: Planned, Scheduled, Unscheduled, Performed, Aborted",
                indexed: true, nullable: false),
            .standardText(
                "tracking_type", ucd: nil, utype: nil,
                description: "One of the following values: Sidereal, Solar-system-object-tracking, "
                    + "Fixed-az-el-transit",
                nullable: false),
        ],
        indexDDL: [
            "ALTER TABLE {table} ADD PRIMARY KEY (obs_id)",
            // The value lists and the conditional NOT NULL of ObsLocTAP §3.1, enforced on every ingest.
            "ALTER TABLE {table} ADD CONSTRAINT obsplan_category_check CHECK (category IN ("
                + sqlList(ObsPlanValues.categories) + "))",
            "ALTER TABLE {table} ADD CONSTRAINT obsplan_priority_check CHECK (priority IN ("
                + ObsPlanValues.priorities.map(String.init).joined(separator: ", ") + "))",
            "ALTER TABLE {table} ADD CONSTRAINT obsplan_execution_status_check CHECK (execution_status IN ("
                + sqlList(ObsPlanValues.executionStatuses) + "))",
            "ALTER TABLE {table} ADD CONSTRAINT obsplan_tracking_type_check CHECK (tracking_type IN ("
                + sqlList(ObsPlanValues.trackingTypes) + "))",
            "ALTER TABLE {table} ADD CONSTRAINT obsplan_times_check CHECK (execution_status NOT IN "
                + "('Scheduled', 'Performed') OR (t_min IS NOT NULL AND t_max IS NOT NULL AND t_exptime IS NOT NULL))",
            "CREATE INDEX ON {table} (q3c_ang2ipix(s_ra, s_dec))",
            "CREATE INDEX ON {table} (t_planning)",
            "CREATE INDEX ON {table} (t_min)",
            "CREATE INDEX ON {table} (t_max)",
            "CREATE INDEX ON {table} (instrument_name)",
            "CREATE INDEX ON {table} (target_name)",
            "CREATE INDEX ON {table} (execution_status)",
        ],
        derivedColumns: [
            DerivedColumn(name: "s_region_spoly", source: .polygon("s_region")),
            .point("s_point", ra: "s_ra", dec: "s_dec"),
        ],
        schemaDescription: PublishedTable.ivoaSchemaDescription
    )

    private static func sqlList(_ values: [String]) -> String {
        values.map { "'" + $0 + "'" }.joined(separator: ", ")
    }
}
