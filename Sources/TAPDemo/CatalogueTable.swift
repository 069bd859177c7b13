import TAPEngine

extension PublishedTable {
    /// `cat.sources`: a Gaia-like survey source catalogue filled with deterministic synthetic data
    /// (see `DemoCatalogue`), indexed for cone searches both with pgsphere (`pos`) and q3c (`ra`, `dec`).
    public static let sourceCatalogue = PublishedTable(
        schema: "cat",
        name: "sources",
        description: "Gaia-like demo source catalogue: deterministic synthetic sources, uniform on the sky, "
            + "with astrometry (epoch J2016.0) and G/BP/RP photometry. Not real data.",
        columns: [
            PublishedColumn(
                "source_id", sqlType: "bigint", datatype: "long", ucd: "meta.id;meta.main",
                description: "Unique source identifier, increasing with row number",
                principal: true, indexed: true, nullable: false),
            catDouble(
                "ra", unit: "deg", ucd: "pos.eq.ra;meta.main",
                description: "Right ascension (ICRS) at the reference epoch", principal: true, indexed: true,
                nullable: false),
            catDouble(
                "dec", unit: "deg", ucd: "pos.eq.dec;meta.main",
                description: "Declination (ICRS) at the reference epoch", principal: true, indexed: true,
                nullable: false),
            catDouble(
                "ra_error", unit: "mas", ucd: "stat.error;pos.eq.ra",
                description: "Standard error of ra (times cos dec)", nullable: false),
            catDouble(
                "dec_error", unit: "mas", ucd: "stat.error;pos.eq.dec", description: "Standard error of dec",
                nullable: false),
            catDouble(
                "pmra", unit: "mas/yr", ucd: "pos.pm;pos.eq.ra",
                description: "Proper motion in right ascension (times cos dec); NULL for 2-parameter solutions",
                principal: true),
            catDouble(
                "pmdec", unit: "mas/yr", ucd: "pos.pm;pos.eq.dec",
                description: "Proper motion in declination; NULL for 2-parameter solutions", principal: true),
            catDouble(
                "parallax", unit: "mas", ucd: "pos.parallax",
                description: "Parallax; may be negative, NULL for 2-parameter solutions", principal: true),
            catDouble(
                "parallax_error", unit: "mas", ucd: "stat.error;pos.parallax",
                description: "Standard error of parallax; NULL for 2-parameter solutions"),
            catDouble(
                "phot_g_mean_mag", unit: "mag", ucd: "phot.mag;em.opt.V",
                description: "Mean magnitude in the G band", principal: true, indexed: true),
            catDouble(
                "phot_bp_mean_mag", unit: "mag", ucd: "phot.mag;em.opt.B",
                description: "Mean magnitude in the BP band; NULL when not measured"),
            catDouble(
                "phot_rp_mean_mag", unit: "mag", ucd: "phot.mag;em.opt.R",
                description: "Mean magnitude in the RP band; NULL when not measured"),
            catDouble(
                "ref_epoch", unit: "yr", ucd: "meta.ref;time.epoch",
                description: "Reference epoch of the astrometry (Julian year, TCB)", nullable: false),
        ],
        indexDDL: [
            "ALTER TABLE {table} ADD PRIMARY KEY (source_id)",
            "CREATE INDEX ON {table} (q3c_ang2ipix(ra, dec))",
            "CREATE INDEX ON {table} (phot_g_mean_mag)",
        ],
        derivedColumns: [.point("pos", ra: "ra", dec: "dec")],
        schemaDescription: "Survey source catalogues"
    )

    private static func catDouble(
        _ name: String, unit: String, ucd: String, description: String, principal: Bool = false,
        indexed: Bool = false, nullable: Bool = true
    ) -> PublishedColumn {
        PublishedColumn(
            name, sqlType: "double precision", datatype: "double", unit: unit, ucd: ucd, description: description,
            principal: principal, indexed: indexed, nullable: nullable)
    }
}
