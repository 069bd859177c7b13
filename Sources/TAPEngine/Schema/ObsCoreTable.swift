// Column metadata follows IVOA ObsCore 1.1 (REC 2017-05-09 with errata): names and order of Table 4 (§4),
// units, UCDs and utypes of Appendix C (TAP_SCHEMA.columns values), NOT NULL constraints of Table 4.
// The spec states "all mandatory fields are principal", hence principal=true on all 30 of them.

extension PublishedTable {
    /// `ivoa.obscore`: the 30 mandatory ObsCore 1.1 columns plus the optional `obs_release_date`,
    /// `data_rights` and `proposal_id`, stored with pgsphere (`s_region`) and q3c (`s_ra`, `s_dec`) indexes.
    public static let obscore = PublishedTable(
        schema: "ivoa",
        name: "obscore",
        description: "IVOA ObsCore 1.1 table: one row per published dataset (demo ESO-like archive holdings).",
        utype: "ivo://ivoa.net/std/obscore#table-1.1",
        columns: [
            .obsText(
                "dataproduct_type", ucd: "meta.code.class", utype: "ObsDataset.dataProductType",
                description: "Data product (file content) primary type: image, cube, spectrum, sed, timeseries, "
                    + "visibility, event or measurements"),
            PublishedColumn(
                "calib_level", sqlType: "smallint", datatype: "short", ucd: "meta.code;obs.calib",
                utype: "obscore:ObsDataset.calibLevel",
                description: "Calibration level: 0 raw, 1 instrumental standard format, 2 science ready, "
                    + "3 enhanced, 4 analysis product",
                principal: true, std: true, nullable: false),
            .obsText(
                "obs_collection", ucd: "meta.id", utype: "DataID.collection",
                description: "Name of the data collection", nullable: false),
            .obsText(
                "obs_id", ucd: "meta.id", utype: "DataID.observationID",
                description: "Observation identifier, shared by all products of one observation",
                indexed: true, nullable: false),
            .obsText(
                "obs_publisher_did", ucd: "meta.ref.ivoid", utype: "Curation.publisherDID",
                description: "IVOA dataset identifier given by the publisher", indexed: true, nullable: false),
            .obsText(
                "access_url", ucd: "meta.ref.url", utype: "Access.reference",
                description: "URL used to access (download) the dataset"),
            .obsText(
                "access_format", ucd: "meta.code.mime", utype: "Access.format",
                description: "Content format (MIME type) of the dataset"),
            .obsInteger(
                "access_estsize", unit: "kbyte", ucd: "phys.size;meta.file", utype: "Access.size",
                description: "Estimated size of the dataset in kilobytes"),
            .obsText(
                "target_name", ucd: "meta.id;src", utype: "Target.name",
                description: "Astronomical object observed, if any", indexed: true),
            .obsDouble(
                "s_ra", unit: "deg", ucd: "pos.eq.ra",
                utype: "Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C1",
                description: "Central right ascension, ICRS", indexed: true),
            .obsDouble(
                "s_dec", unit: "deg", ucd: "pos.eq.dec",
                utype: "Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C2",
                description: "Central declination, ICRS", indexed: true),
            .obsDouble(
                "s_fov", unit: "deg", ucd: "phys.angSize;instr.fov",
                utype: "Char.SpatialAxis.Coverage.Bounds.Extent.diameter",
                description: "Diameter of a circle containing the covered region"),
            PublishedColumn(
                // ObsCore 1.1 types it adql:REGION (STC-S text, no unit), as ESO publishes it; it is stored as a DALI
                // polygon, written out as STC-S (PostgresBinaryValue) and queried through its pgsphere column.
                "s_region", sqlType: "double precision[]", datatype: "char", arraysize: "*", xtype: "adql:REGION",
                ucd: "pos.outline;obs.field", utype: "obscore:Char.SpatialAxis.Coverage.Support.Area",
                description: "Sky region covered by the data product, ICRS, as STC-S (Polygon ICRS ra dec ...)",
                principal: true, indexed: true, std: true),
            .obsDouble(
                "s_resolution", unit: "arcsec", ucd: "pos.angResolution",
                utype: "Char.SpatialAxis.Resolution.Refval.value",
                description: "Spatial resolution of the data as FWHM of the PSF"),
            .obsInteger(
                "s_xel1", ucd: "meta.number", utype: "Char.SpatialAxis.numBins1",
                description: "Number of elements along the first spatial axis"),
            .obsInteger(
                "s_xel2", ucd: "meta.number", utype: "Char.SpatialAxis.numBins2",
                description: "Number of elements along the second spatial axis"),
            .obsDouble(
                "t_min", unit: "d", ucd: "time.start;obs.exposure",
                utype: "Char.TimeAxis.Coverage.Bounds.Limits.StartTime",
                description: "Start time of the observation (MJD)", indexed: true),
            .obsDouble(
                "t_max", unit: "d", ucd: "time.end;obs.exposure",
                utype: "Char.TimeAxis.Coverage.Bounds.Limits.StopTime",
                description: "Stop time of the observation (MJD)"),
            .obsDouble(
                "t_exptime", unit: "s", ucd: "time.duration;obs.exposure",
                utype: "Char.TimeAxis.Coverage.Support.Extent", description: "Total exposure time"),
            .obsDouble(
                "t_resolution", unit: "s", ucd: "time.resolution", utype: "Char.TimeAxis.Resolution.Refval.value",
                description: "Temporal resolution"),
            .obsInteger(
                "t_xel", ucd: "meta.number", utype: "Char.TimeAxis.numBins",
                description: "Number of elements along the time axis"),
            .obsDouble(
                "em_min", unit: "m", ucd: "em.wl;stat.min", utype: "Char.SpectralAxis.Coverage.Bounds.Limits.LoLimit",
                description: "Start in spectral coordinates (vacuum wavelength)", indexed: true),
            .obsDouble(
                "em_max", unit: "m", ucd: "em.wl;stat.max", utype: "Char.SpectralAxis.Coverage.Bounds.Limits.HiLimit",
                description: "Stop in spectral coordinates (vacuum wavelength)", indexed: true),
            .obsDouble(
                "em_res_power", ucd: "spect.resolution", utype: "Char.SpectralAxis.Resolution.ResolPower.refVal",
                description: "Spectral resolving power lambda / delta lambda"),
            .obsInteger(
                "em_xel", ucd: "meta.number", utype: "Char.SpectralAxis.numBins",
                description: "Number of elements along the spectral axis"),
            .obsText(
                "o_ucd", ucd: "meta.ucd", utype: "Char.ObservableAxis.ucd",
                description: "UCD of the observable (e.g. phot.flux.density, phot.count)"),
            .obsText(
                "pol_states", ucd: "meta.code;phys.polarization", utype: "Char.PolarizationAxis.stateList",
                description: "List of polarization states, or NULL if not applicable"),
            .obsInteger(
                "pol_xel", ucd: "meta.number", utype: "Char.PolarizationAxis.numBins",
                description: "Number of polarization samples"),
            .obsText(
                "facility_name", ucd: "meta.id;instr.tel", utype: "Provenance.ObsConfig.Facility.name",
                description: "Name of the facility (telescope) used for the observation"),
            .obsText(
                "instrument_name", ucd: "meta.id;instr", utype: "Provenance.ObsConfig.Instrument.name",
                description: "Name of the instrument used for the observation", indexed: true),
            // Optional ObsCore 1.1 fields (Appendix C, optional table): standard names and utypes, not principal.
            PublishedColumn(
                "obs_release_date", sqlType: "timestamp", datatype: "char", arraysize: "*", xtype: "timestamp",
                ucd: "time.release", utype: "obscore:Curation.releaseDate",
                description: "Date the dataset becomes (or became) public", indexed: true, std: true),
            .obsText(
                "data_rights", ucd: "meta.code", utype: "Curation.rights",
                description: "Access rights: public or proprietary", principal: false),
            .obsText(
                "proposal_id", ucd: "meta.id;obs.proposal", utype: "Provenance.Proposal.identifier",
                description: "Identifier of the proposal the observation belongs to", principal: false),
        ],
        indexDDL: [
            "ALTER TABLE {table} ADD PRIMARY KEY (obs_publisher_did)",
            "CREATE INDEX ON {table} (q3c_ang2ipix(s_ra, s_dec))",
            "CREATE INDEX ON {table} (obs_id)",
            "CREATE INDEX ON {table} (t_min)",
            "CREATE INDEX ON {table} (em_min)",
            "CREATE INDEX ON {table} (em_max)",
            "CREATE INDEX ON {table} (instrument_name)",
            "CREATE INDEX ON {table} (target_name)",
            "CREATE INDEX ON {table} (obs_release_date)",
        ],
        derivedColumns: [
            DerivedColumn(name: "s_region_spoly", source: .polygon("s_region")),
            .point("s_point", ra: "s_ra", dec: "s_dec"),
        ],
        schemaDescription: PublishedTable.ivoaSchemaDescription
    )
}

// Shorthands keep the 33 column definitions readable; utypes are given without the "obscore:" prefix here.
extension PublishedColumn {
    fileprivate static func obsText(
        _ name: String, ucd: String, utype: String, description: String, principal: Bool = true,
        indexed: Bool = false, nullable: Bool = true
    ) -> PublishedColumn {
        standardText(
            name, ucd: ucd, utype: "obscore:" + utype, description: description, principal: principal,
            indexed: indexed, nullable: nullable)
    }

    fileprivate static func obsDouble(
        _ name: String, unit: String? = nil, ucd: String, utype: String, description: String, indexed: Bool = false
    ) -> PublishedColumn {
        standardDouble(name, unit: unit, ucd: ucd, utype: "obscore:" + utype, description: description, indexed: indexed)
    }

    fileprivate static func obsInteger(
        _ name: String, unit: String? = nil, ucd: String, utype: String, description: String
    ) -> PublishedColumn {
        PublishedColumn(
            name, sqlType: "bigint", datatype: "long", unit: unit, ucd: ucd, utype: "obscore:" + utype,
            description: description, principal: true, std: true)
    }
}
