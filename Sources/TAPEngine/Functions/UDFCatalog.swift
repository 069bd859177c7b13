import ADQL

/// The functions of the IVOA UDF catalogue (ivoa-std/udf-catalogue) that this service offers: their ADQL
/// declarations here, their PostgreSQL implementations in `sql`, installed into the schema `tap_udf`.
///
/// All of EN 1.2 (udf-catalogue master) is here except what is listed below; `ivo_epoch_prop` comes from the draft
/// that refines EN 1.2 (branch improve-epoch-prop-null-handling). Functions returning a geometry return its DALI
/// array, which the translator turns into pgsphere's form where another geometry function takes it. A function
/// with several forms (`ivo_healpix_index`, `ivo_geom_transform`) is declared once per form. Not offered:
/// - `ivo_simbadpoint`: it needs the network from inside the database (no untrusted language or HTTP extension).
/// Parameter names are the catalogue's in camel case (refEpoch for ref_epoch): taplint's ADQL 2.0 parser rejects
/// a declared signature whose parameter names contain underscores, and the names are documentation only.
/// `ivo_apply_pm` is not in the catalogue: it was withdrawn before 1.0 ("needs a bit more thought") in favour of
/// `ivo_epoch_prop_pos`.
enum UDFCatalog {
    private static let text = ValueType.char(length: nil)

    private static func udf(
        _ name: String, _ arguments: [UserDefinedFunction.Argument], _ result: ValueType, _ description: String,
        aggregate: Bool = false, sqlName: String? = nil, geometry: UserDefinedFunction.GeometryEncoding = .pgsphere
    ) -> UserDefinedFunction {
        UserDefinedFunction(
            name: name, arguments: arguments, result: result, description: description,
            sqlName: "tap_udf." + (sqlName ?? name), isAggregate: aggregate, geometryArguments: geometry,
            frameArgument: name == "ivo_geom_transform" ? 1 : nil)
    }

    private static let frames = "ICRS, FK5 (J2000, taken as ICRS), FK4 (B1950), GALACTIC, ECLIPTIC (J2000)."

    static let functions: [UserDefinedFunction] = [
        // §2.1 HEALPix-related.
        udf(
            "ivo_healpix_index", [.init("hpxOrder", .integer), .init("long", .double), .init("lat", .double)], .bigint,
            "The NESTED index of the HEALPix cell of order hpxOrder containing the point (long, lat), in degrees."),
        udf(
            "ivo_healpix_index", [.init("hpxOrder", .integer), .init("p", .point)], .bigint,
            "The NESTED index of the HEALPix cell of order hpxOrder containing the POINT p."),
        udf(
            "ivo_healpix_center", [.init("hpxOrder", .integer), .init("hpxIndex", .bigint)], .point,
            "The centre of the HEALPix cell hpxIndex (NESTED numbering) at order hpxOrder."),
        // §2.2 Astrometry.
        udf(
            "ivo_epoch_prop_pos",
            [
                .init("ra", .double), .init("dec", .double), .init("parallax", .double), .init("pmra", .double),
                .init("pmdec", .double), .init("radialVelocity", .double), .init("refEpoch", .double),
                .init("outEpoch", .double),
            ], .point,
            "The position at outEpoch of an object with the given astrometry (deg, mas, mas/yr, km/s) at refEpoch "
                + "(Julian years), assuming linear motion (Lindegren's rigorous treatment)."),
        udf(
            "ivo_epoch_prop",
            [
                .init("ra", .double), .init("dec", .double), .init("parallax", .double), .init("pmra", .double),
                .init("pmdec", .double), .init("radialVelocity", .double), .init("refEpoch", .double),
                .init("outEpoch", .double),
            ], .array(element: .double, length: 6),
            "ivo_epoch_prop_pos's propagation returning all six parameters at outEpoch: ra, dec (deg), parallax "
                + "(mas), pmra, pmdec (mas/yr), radial velocity (km/s); inputs that are NULL are NULL (NaN) out."),
        udf(
            "ivo_geom_transform", [.init("fromSys", text), .init("toSys", text), .init("geo", .point)], .point,
            "The POINT geo rotated from reference frame fromSys to toSys: " + frames),
        udf(
            "ivo_geom_transform", [.init("fromSys", text), .init("toSys", text), .init("geo", .circle)], .circle,
            "The CIRCLE geo rotated from reference frame fromSys to toSys (its radius kept): " + frames,
            sqlName: "ivo_geom_transform_circle", geometry: .dali),
        udf(
            "ivo_geom_transform", [.init("fromSys", text), .init("toSys", text), .init("geo", .polygon)], .polygon,
            "The POLYGON geo rotated from reference frame fromSys to toSys (each vertex): " + frames,
            sqlName: "ivo_geom_transform_polygon", geometry: .dali),
        // §2.3 Dates and times.
        udf(
            "ivo_to_jd", [.init("d", .timestamp)], .double,
            "The Julian Date of a timestamp, naively (no time zones or time scales)."),
        udf(
            "ivo_to_mjd", [.init("d", .timestamp)], .double,
            "The Modified Julian Date of a timestamp, naively (no time zones or time scales)."),
        // §2.4 Text-related.
        udf(
            "ivo_string_agg", [.init("expression", text), .init("delimiter", text)], .unicodeChar,
            "Aggregate: the non-NULL values of expression concatenated with delimiter.", aggregate: true),
        udf(
            "ivo_nocasematch", [.init("value", text), .init("pattern", text)], .integer,
            "1 if value matches the LIKE pattern case-insensitively, 0 otherwise."),
        udf(
            "ivo_hasword", [.init("haystack", text), .init("needle", text)], .integer,
            "1 if every word of needle occurs in haystack (case-insensitive, English stemming), 0 otherwise."),
        udf(
            "ivo_hashlist_has", [.init("hashlist", text), .init("item", text)], .integer,
            "1 if item is, case-insensitively, one of the #-separated words of hashlist, 0 otherwise."),
        // §2.5 Statistics.
        udf(
            "ivo_histogram",
            [.init("val", .double), .init("lower", .double), .init("upper", .double), .init("nbins", .integer)],
            .array(element: .integer, length: nil),
            "Aggregate: counts of val in nbins equal bins over [lower, upper), with underflows (and NULLs) first "
                + "and overflows last.", aggregate: true),
        udf(
            "ivo_normal_random", [.init("mu", .double), .init("sigma", .double)], .double,
            "A random number from the normal distribution with mean mu and standard deviation sigma."),
        // §2.6 Convenience functions.
        udf(
            "ivo_interval_overlaps",
            [.init("a1", .double), .init("b1", .double), .init("a2", .double), .init("b2", .double)], .integer,
            "1 if the interval [a1, b1] overlaps [a2, b2] (touching counts), 0 otherwise."),
        // §2.7 Celestial conversion functions.
        udf(
            "ivo_hms_to_degrees", [.init("hms", text)], .double,
            "Degrees from hours, minutes, seconds as 'h:m:s', 'hhmmss' or 'hHmMsS'; NULL if unparsable."),
        udf(
            "ivo_dms_to_degrees", [.init("dms", text)], .double,
            "Degrees from signed degrees, minutes, seconds as 'd:m:s', 'ddmmss' or 'dDmMsS'; NULL if unparsable."),
    ]

    /// Idempotent statements creating the implementations (CREATE OR REPLACE), one statement each. pgsphere's
    /// functions are called schema-qualified so that the bodies do not depend on the caller's search_path.
    static let sql: [String] = healpix + astrometry + times + textFunctions + statistics + convenience + sexagesimal

    private static let healpix = [
        """
        CREATE OR REPLACE FUNCTION tap_udf.ivo_healpix_index(
            hpx_order bigint, lon double precision, lat double precision)
        RETURNS bigint LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT public.healpix_nest(hpx_order::integer, public.spoint(radians(lon), radians(lat))) $$
        """,
        """
        CREATE OR REPLACE FUNCTION tap_udf.ivo_healpix_index(hpx_order bigint, p public.spoint)
        RETURNS bigint LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT public.healpix_nest(hpx_order::integer, p) $$
        """,
        // §2.1.3 advises failing on a floating point index: with only a bigint parameter, PostgreSQL refuses
        // one (no implicit cast), while integer columns of any width still fit.
        """
        CREATE OR REPLACE FUNCTION tap_udf.ivo_healpix_center(hpx_order bigint, hpx_index bigint)
        RETURNS double precision[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$
            SELECT ARRAY[degrees(public.long(c)), degrees(public.lat(c))]
            FROM (SELECT public.centre_of_healpix_nest(hpx_order::integer, hpx_index) AS c) AS centre
        $$
        """,
    ]

    /// §2.3: naive, i.e. the timestamp's nominal seconds since 1970-01-01T00:00 (JD 2440587.5, MJD 40587).
    private static let times = [
        """
        CREATE OR REPLACE FUNCTION tap_udf.ivo_to_jd(d timestamp)
        RETURNS double precision LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT extract(epoch FROM d)::double precision / 86400 + 2440587.5 $$
        """,
        """
        CREATE OR REPLACE FUNCTION tap_udf.ivo_to_mjd(d timestamp)
        RETURNS double precision LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT extract(epoch FROM d)::double precision / 86400 + 40587 $$
        """,
    ]

    private static let textFunctions = [
        // PostgreSQL's own string_agg machinery: linear in the group's size, NULL values leave no trace.
        """
        CREATE OR REPLACE AGGREGATE tap_udf.ivo_string_agg(text, text) (
            SFUNC = pg_catalog.string_agg_transfn, STYPE = internal, FINALFUNC = pg_catalog.string_agg_finalfn)
        """,
        """
        CREATE OR REPLACE FUNCTION tap_udf.ivo_nocasematch(value text, pattern text)
        RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT CASE WHEN value ILIKE pattern THEN 1 ELSE 0 END $$
        """,
        // §2.4.3 leaves "token" open and encourages search-engine behaviour: PostgreSQL's English text search
        // (case folding, stemming, stop words). A needle of stop words only ('to be') would make an empty query,
        // which matches nothing, so it is then matched word for word; a needle without words gives 0. (The
        // to_tsvector tests keep plainto_tsquery from raising a NOTICE per row for such needles.)
        """
        CREATE OR REPLACE FUNCTION tap_udf.ivo_hasword(haystack text, needle text)
        RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$
            SELECT CASE
                WHEN length(to_tsvector('english'::regconfig, needle)) > 0 THEN
                    CASE WHEN to_tsvector('english'::regconfig, haystack)
                        @@ plainto_tsquery('english'::regconfig, needle) THEN 1 ELSE 0 END
                WHEN length(to_tsvector('simple'::regconfig, needle)) > 0 THEN
                    CASE WHEN to_tsvector('simple'::regconfig, haystack)
                        @@ plainto_tsquery('simple'::regconfig, needle) THEN 1 ELSE 0 END
                ELSE 0 END
        $$
        """,
        // §2.4.4: an item containing '#' must give 0.
        """
        CREATE OR REPLACE FUNCTION tap_udf.ivo_hashlist_has(hashlist text, item text)
        RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$
            SELECT CASE WHEN strpos(item, '#') > 0 THEN 0
                WHEN lower(item) = ANY (string_to_array(lower(hashlist), '#')) THEN 1 ELSE 0 END
        $$
        """,
    ]

    /// §2.5. The histogram's state is the count array itself, created on the first row of a group; an empty
    /// group gives NULL since its bin count is unknown.
    private static let statistics = [
        """
        CREATE OR REPLACE FUNCTION tap_udf.ivo_histogram_step(
            counts integer[], val double precision, lo double precision, hi double precision, nbins bigint)
        RETURNS integer[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
        AS $$
        DECLARE
            bin integer;
        BEGIN
            IF counts IS NULL THEN
                IF nbins IS NULL OR nbins < 1 OR nbins > 1000000 THEN
                    RAISE EXCEPTION 'ivo_histogram: nbins must be between 1 and 1000000, not %', nbins
                        USING ERRCODE = '22023';
                END IF;
                IF lo IS NULL OR hi IS NULL OR NOT hi > lo THEN
                    RAISE EXCEPTION 'ivo_histogram: upper (%) must be greater than lower (%)', hi, lo
                        USING ERRCODE = '22023';
                END IF;
                counts := array_fill(0, ARRAY[nbins::integer + 2]);
            END IF;
            -- A NULL value counts as an underflow (§2.5.1); bins are half-open, so val = upper overflows.
            IF val IS NULL OR val < lo THEN
                bin := 0;
            ELSIF val >= hi THEN
                bin := nbins + 1;
            ELSE
                -- least() guards against rounding just below hi landing in bin nbins + 1.
                bin := least(floor((val - lo) / (hi - lo) * nbins)::integer + 1, nbins::integer);
            END IF;
            counts[bin + 1] := counts[bin + 1] + 1;
            RETURN counts;
        END
        $$
        """,
        """
        CREATE OR REPLACE FUNCTION tap_udf.ivo_histogram_combine(a integer[], b integer[])
        RETURNS integer[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$
            SELECT CASE WHEN a IS NULL THEN b WHEN b IS NULL THEN a
                ELSE ARRAY(SELECT x + y FROM unnest(a, b) WITH ORDINALITY AS u(x, y, i) ORDER BY i) END
        $$
        """,
        """
        CREATE OR REPLACE AGGREGATE tap_udf.ivo_histogram(
            double precision, double precision, double precision, bigint) (
            SFUNC = tap_udf.ivo_histogram_step, STYPE = integer[], COMBINEFUNC = tap_udf.ivo_histogram_combine,
            PARALLEL = SAFE)
        """,
        // Box-Muller rather than the note's sum of ten uniforms: exact, and as cheap. 1 - random() is in (0, 1],
        // so the logarithm is finite. random() is parallel restricted, and so is this.
        """
        CREATE OR REPLACE FUNCTION tap_udf.ivo_normal_random(mu double precision, sigma double precision)
        RETURNS double precision LANGUAGE sql VOLATILE STRICT PARALLEL RESTRICTED
        AS $$ SELECT mu + sigma * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) $$
        """,
    ]

    private static let convenience = [
        // §2.6.1: touching intervals overlap; an interval with lower > upper overlaps nothing.
        """
        CREATE OR REPLACE FUNCTION tap_udf.ivo_interval_overlaps(
            a1 double precision, b1 double precision, a2 double precision, b2 double precision)
        RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT CASE WHEN a1 <= b1 AND a2 <= b2 AND a1 <= b2 AND a2 <= b1 THEN 1 ELSE 0 END $$
        """,
        // Integers compare exactly, even beyond 2^53.
        """
        CREATE OR REPLACE FUNCTION tap_udf.ivo_interval_overlaps(a1 bigint, b1 bigint, a2 bigint, b2 bigint)
        RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT CASE WHEN a1 <= b1 AND a2 <= b2 AND a1 <= b2 AND a2 <= b1 THEN 1 ELSE 0 END $$
        """,
    ]

    /// §2.7: the three syntaxes each, with integer hours (degrees) and minutes and decimal seconds; anything
    /// else, including minutes or seconds of 60 or more, is unparsable and gives NULL. One parser serves both:
    /// `unit` is the letter of the h/d syntax, and only degrees take a sign.
    private static let sexagesimal = [
        #"""
        CREATE OR REPLACE FUNCTION tap_udf.sexagesimal_value(value text, unit text)
        RETURNS double precision LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
        AS $$
        DECLARE
            parts text[] := coalesce(
                regexp_match(value, '^\s*([+-]?)(\d+):(\d+):(\d+(?:\.\d*)?)\s*$'),
                regexp_match(value, '^\s*([+-]?)(\d+)[' || unit || '](\d+)[mM](\d+(?:\.\d*)?)[sS]?\s*$'),
                regexp_match(value, '^\s*([+-]?)(\d\d)(\d\d)(\d\d(?:\.\d*)?)\s*$'));
        BEGIN
            IF parts IS NULL OR parts[3]::double precision >= 60 OR parts[4]::double precision >= 60 THEN
                RETURN NULL;
            END IF;
            RETURN CASE WHEN parts[1] = '-' THEN -1 ELSE 1 END
                * (parts[2]::double precision + parts[3]::double precision / 60 + parts[4]::double precision / 3600);
        END
        $$
        """#,
        #"""
        CREATE OR REPLACE FUNCTION tap_udf.ivo_hms_to_degrees(hms text)
        RETURNS double precision LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT CASE WHEN hms ~ '^\s*[+-]' THEN NULL ELSE 15 * tap_udf.sexagesimal_value(hms, 'hH') END $$
        """#,
        #"""
        CREATE OR REPLACE FUNCTION tap_udf.ivo_dms_to_degrees(dms text)
        RETURNS double precision LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT tap_udf.sexagesimal_value(dms, 'dD') $$
        """#,
    ]
}
