/// The UDF catalogue's astrometry (§2.2): epoch propagation and reference frame rotations.
extension UDFCatalog {
    static let astrometry = [longitude] + epochPropagation + frameTransforms

    /// atan2 in degrees, in [0, 360): a tiny negative angle plus 360 would round to 360 itself.
    private static let longitude = """
        CREATE OR REPLACE FUNCTION tap_udf.lon_degrees(y double precision, x double precision)
        RETURNS double precision LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$
            SELECT CASE WHEN l >= 0 THEN l WHEN l + 360 < 360 THEN l + 360 ELSE 0 END
            FROM (SELECT degrees(atan2(y, x)) AS l) AS angle
        $$
        """

    /// §2.2.1, Lindegren's rigorous treatment (ESA SP-1200, vol. 1, §1.5.5): with t the time since the reference
    /// epoch, r0 the unit vector, μ0 = μα* p0 + μδ q0 the proper motion vector and ζ0 = vr ϖ0 / A the radial
    /// proper motion (all per year, in radians), f = (1 + 2 ζ0 t + (μ0² + ζ0²) t²)^(-1/2) and
    ///     u = (r0 (1 + ζ0 t) + μ0 t) f,     μ = (μ0 (1 + ζ0 t) − r0 μ0² t) f³,
    ///     ϖ = ϖ0 f,                         ζ = (ζ0 + (μ0² + ζ0²) t) f².
    /// The two public functions treat NULLs differently, so `epoch_prop_rigorous` takes complete input, a parallax
    /// of 0 standing for an infinitely remote object (ζ0 = 0, and the radial velocity passes through).
    private static let epochPropagation = [
        """
        CREATE OR REPLACE FUNCTION tap_udf.epoch_prop_rigorous(
            lon double precision, lat double precision, parallax double precision, pmlon double precision,
            pmlat double precision, radial_velocity double precision, t double precision)
        RETURNS double precision[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
        AS $$
        DECLARE
            mas constant double precision := pi() / 180 / 3600000;
            -- The astronomical unit in km yr/s.
            a_v constant double precision := 4.740470446;
            sa constant double precision := sin(radians(lon));
            ca constant double precision := cos(radians(lon));
            sd constant double precision := sin(radians(lat));
            cd constant double precision := cos(radians(lat));
            r constant double precision[] := ARRAY[cd * ca, cd * sa, sd];
            -- p0 = (-sin α, cos α, 0), q0 = (-sin δ cos α, -sin δ sin α, cos δ).
            mu0 constant double precision[] := ARRAY[
                (-sa * pmlon - sd * ca * pmlat) * mas, (ca * pmlon - sd * sa * pmlat) * mas, cd * pmlat * mas];
            mu2 constant double precision := mu0[1] * mu0[1] + mu0[2] * mu0[2] + mu0[3] * mu0[3];
            zeta0 constant double precision := radial_velocity * parallax * mas / a_v;
            f constant double precision := 1 / sqrt(1 + 2 * zeta0 * t + (mu2 + zeta0 * zeta0) * t * t);
            u double precision[];
            mu double precision[];
            lon1 double precision;
            lat1 double precision;
        BEGIN
            u := ARRAY[
                (r[1] * (1 + zeta0 * t) + mu0[1] * t) * f, (r[2] * (1 + zeta0 * t) + mu0[2] * t) * f,
                (r[3] * (1 + zeta0 * t) + mu0[3] * t) * f];
            mu := ARRAY[
                (mu0[1] * (1 + zeta0 * t) - r[1] * mu2 * t) * f * f * f,
                (mu0[2] * (1 + zeta0 * t) - r[2] * mu2 * t) * f * f * f,
                (mu0[3] * (1 + zeta0 * t) - r[3] * mu2 * t) * f * f * f];
            lon1 := atan2(u[2], u[1]);
            lat1 := atan2(u[3], sqrt(u[1] * u[1] + u[2] * u[2]));
            RETURN ARRAY[
                tap_udf.lon_degrees(u[2], u[1]), degrees(lat1), parallax * f,
                (-sin(lon1) * mu[1] + cos(lon1) * mu[2]) / mas,
                (-sin(lat1) * cos(lon1) * mu[1] - sin(lat1) * sin(lon1) * mu[2] + cos(lat1) * mu[3]) / mas,
                -- vr = ζ A / ϖ.
                CASE WHEN parallax = 0 THEN radial_velocity
                    ELSE (zeta0 + (mu2 + zeta0 * zeta0) * t) * f * f * a_v / (parallax * f * mas) END];
        END
        $$
        """,
        // §2.2.1: NULL positions and epochs are errors; other NULLs are 0, and a NULL parallax means infinitely
        // remote. Not STRICT, then.
        """
        CREATE OR REPLACE FUNCTION tap_udf.ivo_epoch_prop_pos(
            lon double precision, lat double precision, parallax double precision, pmlon double precision,
            pmlat double precision, radial_velocity double precision, ref_epoch double precision,
            out_epoch double precision)
        RETURNS double precision[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
        AS $$
        BEGIN
            IF lon IS NULL OR lat IS NULL OR ref_epoch IS NULL OR out_epoch IS NULL THEN
                RAISE EXCEPTION 'ivo_epoch_prop_pos: ra, dec, ref_epoch and out_epoch must not be NULL'
                    USING ERRCODE = '22004';
            END IF;
            RETURN (tap_udf.epoch_prop_rigorous(
                lon, lat, coalesce(parallax, 0), coalesce(pmlon, 0), coalesce(pmlat, 0),
                coalesce(radial_velocity, 0), out_epoch - ref_epoch))[1:2];
        END
        $$
        """,
        // The draft's rules (udf-catalogue branch improve-epoch-prop-null-handling): what is NULL in is NULL out;
        // a proper motion with one NULL component is NULL as a whole, and not applied (as the draft's example
        // shows); without a parallax the radial velocity passes through unchanged.
        """
        CREATE OR REPLACE FUNCTION tap_udf.ivo_epoch_prop(
            lon double precision, lat double precision, parallax double precision, pmlon double precision,
            pmlat double precision, radial_velocity double precision, ref_epoch double precision,
            out_epoch double precision)
        RETURNS double precision[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
        AS $$
        DECLARE
            has_pm constant boolean := pmlon IS NOT NULL AND pmlat IS NOT NULL;
            result double precision[];
        BEGIN
            IF lon IS NULL OR lat IS NULL OR ref_epoch IS NULL OR out_epoch IS NULL THEN
                RAISE EXCEPTION 'ivo_epoch_prop: ra, dec, ref_epoch and out_epoch must not be NULL'
                    USING ERRCODE = '22004';
            END IF;
            result := tap_udf.epoch_prop_rigorous(
                lon, lat, coalesce(parallax, 0), CASE WHEN has_pm THEN pmlon ELSE 0 END,
                CASE WHEN has_pm THEN pmlat ELSE 0 END, coalesce(radial_velocity, 0), out_epoch - ref_epoch);
            IF parallax IS NULL THEN
                result[3] := NULL;
                result[6] := radial_velocity;
            END IF;
            IF NOT has_pm THEN
                result[4] := NULL;
                result[5] := NULL;
            END IF;
            IF radial_velocity IS NULL THEN
                result[6] := NULL;
            END IF;
            RETURN result;
        END
        $$
        """,
    ]

    /// §2.2.2: simple rotations between frames of the IVOA refframe vocabulary, each given by the rows of the 3×3
    /// matrix taking ICRS unit vectors into it. GALACTIC is the IAU 1958 system carried to J2000 (north pole
    /// α = 192.8594812065348°, δ = 27.12825118085622°, l of the celestial pole 122.9319185680026°) after the IAU
    /// 2006 frame bias, as astropy has it; the catalogue's ICRS example agrees to 1e-9°. FK4 (B1950, without
    /// E-terms) hangs on the IAU 1958 definition itself (pole α = 192.25°, δ = 27.4°, l of the celestial pole
    /// 123°). FK5 (J2000) is ICRS, as in the catalogue's GALACTIC-to-FK5 example (the frame bias, 0.03″, is below
    /// what such rotations claim). ECLIPTIC (J2000) turns about x by the IAU 2006 obliquity, 84381.406″.
    /// Identifiers are case-sensitive (§2.2.2); any other is an error.
    private static let frameTransforms = [
        """
        CREATE OR REPLACE FUNCTION tap_udf.refframe_from_icrs(frame text)
        RETURNS double precision[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
        AS $$
        DECLARE
            galactic constant double precision[] := ARRAY[
                -0.05487565771259179, -0.873437051955616, -0.4838350736167155,
                0.4941094371927275, -0.44482972122329556, 0.7469821839866676,
                -0.8676661375596587, -0.19807633727300075, 0.4559838136873016];
            -- Galactic from FK4 B1950: Rz(180° - 123°) Ry(90° - 27.4°) Rz(192.25°).
            fk4_galactic constant double precision[] := ARRAY[
                -0.06698873941515084, -0.8727557658519927, -0.48353891463218424,
                0.49272846607532356, -0.4503469580199614, 0.7445846332830311,
                -0.8676008111514348, -0.18837460172292037, 0.4601997847838517];
            obliquity constant double precision := radians(84381.406 / 3600);
            m double precision[] := array_fill(0::double precision, ARRAY[9]);
        BEGIN
            CASE frame
                WHEN 'ICRS', 'FK5' THEN
                    RETURN ARRAY[1, 0, 0, 0, 1, 0, 0, 0, 1]::double precision[];
                WHEN 'GALACTIC' THEN
                    RETURN galactic;
                WHEN 'FK4' THEN
                    -- The transpose of fk4_galactic, times galactic.
                    FOR i IN 0..2 LOOP
                        FOR j IN 0..2 LOOP
                            m[i * 3 + j + 1] := fk4_galactic[i + 1] * galactic[j + 1]
                                + fk4_galactic[i + 4] * galactic[j + 4] + fk4_galactic[i + 7] * galactic[j + 7];
                        END LOOP;
                    END LOOP;
                    RETURN m;
                WHEN 'ECLIPTIC' THEN
                    RETURN ARRAY[1, 0, 0, 0, cos(obliquity), sin(obliquity), 0, -sin(obliquity), cos(obliquity)];
                ELSE
                    RAISE EXCEPTION 'ivo_geom_transform: unsupported reference frame ''%''', frame
                        USING ERRCODE = '22023', HINT = 'Supported (case-sensitive): ICRS FK5 FK4 GALACTIC ECLIPTIC';
            END CASE;
        END
        $$
        """,
        // A position (degrees) carried from one frame to another: w = aᵀ v, the point in ICRS; u = b w, in to_sys.
        """
        CREATE OR REPLACE FUNCTION tap_udf.refframe_rotate(
            from_sys text, to_sys text, lon double precision, lat double precision)
        RETURNS double precision[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
        AS $$
        DECLARE
            a constant double precision[] := tap_udf.refframe_from_icrs(from_sys);
            b constant double precision[] := tap_udf.refframe_from_icrs(to_sys);
            v constant double precision[] := ARRAY[
                cos(radians(lat)) * cos(radians(lon)), cos(radians(lat)) * sin(radians(lon)), sin(radians(lat))];
            w constant double precision[] := ARRAY[
                a[1] * v[1] + a[4] * v[2] + a[7] * v[3], a[2] * v[1] + a[5] * v[2] + a[8] * v[3],
                a[3] * v[1] + a[6] * v[2] + a[9] * v[3]];
            u constant double precision[] := ARRAY[
                b[1] * w[1] + b[2] * w[2] + b[3] * w[3], b[4] * w[1] + b[5] * w[2] + b[6] * w[3],
                b[7] * w[1] + b[8] * w[2] + b[9] * w[3]];
        BEGIN
            RETURN ARRAY[tap_udf.lon_degrees(u[2], u[1]), degrees(atan2(u[3], sqrt(u[1] * u[1] + u[2] * u[2])))];
        END
        $$
        """,
        // The three forms: a rotation keeps a circle's radius and carries a polygon's vertices (great-circle edges
        // stay great circles). Circles and polygons arrive in their DALI form, as they leave.
        """
        CREATE OR REPLACE FUNCTION tap_udf.ivo_geom_transform(from_sys text, to_sys text, geo public.spoint)
        RETURNS double precision[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT tap_udf.refframe_rotate(from_sys, to_sys, degrees(public.long(geo)), degrees(public.lat(geo))) $$
        """,
        """
        CREATE OR REPLACE FUNCTION tap_udf.ivo_geom_transform_circle(from_sys text, to_sys text, geo double precision[])
        RETURNS double precision[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT tap_udf.refframe_rotate(from_sys, to_sys, geo[1], geo[2]) || geo[3] $$
        """,
        """
        CREATE OR REPLACE FUNCTION tap_udf.ivo_geom_transform_polygon(from_sys text, to_sys text, geo double precision[])
        RETURNS double precision[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$
            SELECT array_agg(c ORDER BY i, k)
            FROM generate_series(1, array_length(geo, 1) - 1, 2) AS i,
                 unnest(tap_udf.refframe_rotate(from_sys, to_sys, geo[i], geo[i + 1])) WITH ORDINALITY AS r(c, k)
        $$
        """,
    ]
}
