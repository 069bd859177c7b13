import TAPEngine

// The demo archive's worked queries for /examples (DemoArchive.examples). Column names are those of
// PublishedTable.obscore and .sourceCatalogue; functions those of UDFCatalog. Positions and names are chosen so
// that every query returns rows on the demo archive (`tapd demo load`, any size): NGC 4 (RA 314.19, Dec -15.26) is
// the demo's most observed target, and the catalogue cone sits on one of its denser patches. ExamplesTests runs each served query on the database.

extension TAPExample {
    /// Every example of the demo, served or not, in the order of the document.
    public static let demo: [TAPExample] = [
        coneSearch, spectraOfTarget, instrumentsByWavelength, exposureStatistics, footprintOverlap,
        catalogueCone, properMotionPropagation, paging, commonTableExpression, dataLinkReady, stcsRegion,
        pastedPolygon, healpixCoverage, proprietaryData, tableList, uploadCrossmatch, observationSchedule,
    ]

    static let coneSearch = TAPExample(
        id: "cone-search-obscore",
        name: "Datasets around a position (cone search)",
        description: """
            Every dataset whose central position lies within 0.5 degrees of RA 314.19, Dec -15.26 (ICRS, \
            degrees), nearest first. CONTAINS(POINT, CIRCLE) = 1 is the ADQL cone; on s_ra and s_dec it uses \
            the table's spatial index, so it stays fast on the whole archive. For datasets whose footprint \
            merely touches the circle, test s_region with INTERSECTS instead (see below).
            """,
        query: """
            SELECT obs_publisher_did, dataproduct_type, instrument_name, target_name,
              s_ra, s_dec, t_exptime, access_url,
              DISTANCE(POINT('ICRS', s_ra, s_dec), POINT('ICRS', 314.19, -15.26)) AS dist_deg
            FROM ivoa.obscore
            WHERE CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 314.19, -15.26, 0.5)) = 1
            ORDER BY dist_deg
            """,
        tables: ["ivoa.obscore"])

    static let spectraOfTarget = TAPExample(
        id: "spectra-of-target",
        name: "Spectra of a target by name",
        description: """
            All spectra of the object the observers called NGC 4, with their wavelength range (em_min and \
            em_max, in metres), resolving power and exposure time, oldest first (t_min is the start of the \
            observation as an MJD). target_name holds the name given in the observing proposal, so spellings \
            vary between programmes; a cone search on the position finds datasets whatever they were called.
            """,
        query: """
            SELECT obs_publisher_did, instrument_name, t_min, t_exptime,
              em_min, em_max, em_res_power, calib_level, access_url
            FROM ivoa.obscore
            WHERE target_name = 'NGC 4'
              AND dataproduct_type = 'spectrum'
            ORDER BY t_min
            """,
        tables: ["ivoa.obscore"])

    static let instrumentsByWavelength = TAPExample(
        id: "instruments-by-wavelength",
        name: "Instruments covering a wavelength (H-alpha)",
        description: """
            Which instruments have data covering H-alpha at 656.3 nm, and how much. Spectral coordinates in \
            ObsCore are vacuum wavelengths in metres, so 656.3 nm is 6.563e-7; a dataset covers it when em_min \
            is at most and em_max at least that value. GROUP BY gives one row per instrument.
            """,
        query: """
            SELECT instrument_name, dataproduct_type, COUNT(*) AS n_datasets,
              MIN(em_min) AS shortest_wl, MAX(em_max) AS longest_wl,
              MAX(em_res_power) AS best_resolving_power
            FROM ivoa.obscore
            WHERE em_min <= 6.563e-7 AND em_max >= 6.563e-7
            GROUP BY instrument_name, dataproduct_type
            ORDER BY n_datasets DESC
            """,
        tables: ["ivoa.obscore"])

    static let exposureStatistics = TAPExample(
        id: "exposure-statistics",
        name: "Exposure time statistics per instrument",
        description: """
            How the archive's observing time divides between instruments and product types: the number of \
            datasets, the total exposure time in hours (t_exptime is in seconds) and the mean and longest \
            single exposure. Aggregates skip NULL exposure times.
            """,
        query: """
            SELECT instrument_name, dataproduct_type, COUNT(*) AS n_datasets,
              SUM(t_exptime) / 3600 AS total_hours,
              AVG(t_exptime) AS mean_exptime, MAX(t_exptime) AS max_exptime
            FROM ivoa.obscore
            GROUP BY instrument_name, dataproduct_type
            ORDER BY total_hours DESC
            """,
        tables: ["ivoa.obscore"])

    static let footprintOverlap = TAPExample(
        id: "footprint-intersects",
        name: "Images and cubes whose footprint overlaps a field",
        description: """
            Images and data cubes whose sky footprint (s_region, a polygon) overlaps a 0.5 by 0.5 degree field \
            around NGC 4, with the share of it each covers. Unlike a cone on the central position, INTERSECTS \
            on s_region also finds wide-field exposures centred outside the field. POLYGON takes the vertices \
            as RA, Dec pairs in degrees.
            """,
        query: """
            SELECT obs_publisher_did, instrument_name, dataproduct_type, s_fov, s_region,
              access_url
            FROM ivoa.obscore
            WHERE INTERSECTS(s_region,
                POLYGON('ICRS', 313.94, -15.51, 314.44, -15.51, 314.44, -15.01, 313.94, -15.01)) = 1
              AND dataproduct_type IN ('image', 'cube')
            ORDER BY s_fov DESC
            """,
        tables: ["ivoa.obscore"])

    static let catalogueCone = TAPExample(
        id: "catalogue-cone-magnitude",
        name: "Catalogue sources in a cone, brighter than a magnitude",
        description: """
            Sources of the survey catalogue within 2 degrees of RA 4.5, Dec 4.0 that are brighter than G = 19, \
            brightest first, with their BP - RP colour (NULL when either band was not measured) and distance \
            from the centre in arcseconds. The positions are at the catalogue's reference epoch, J2016.0.
            """,
        query: """
            SELECT source_id, ra, dec, phot_g_mean_mag,
              phot_bp_mean_mag - phot_rp_mean_mag AS bp_rp,
              3600 * DISTANCE(POINT('ICRS', ra, dec), POINT('ICRS', 4.5, 4.0)) AS dist_arcsec
            FROM cat.sources
            WHERE CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 4.5, 4.0, 2.0)) = 1
              AND phot_g_mean_mag < 19
            ORDER BY phot_g_mean_mag
            """,
        tables: ["cat.sources"])

    static let properMotionPropagation = TAPExample(
        id: "proper-motion-propagation",
        name: "Positions propagated to J2000 with proper motions",
        description: """
            Where the fastest-moving bright stars of the catalogue were at J2000.0, to compare with older \
            catalogues or plates. ivo_epoch_prop_pos (IVOA UDF catalogue) propagates a position with its \
            parallax and proper motion from ref_epoch to another epoch (Julian years) and returns a POINT; \
            the radial velocity, not in this catalogue, is given as 0. moved_arcsec is the total proper motion \
            times the time span: how far each star moved since then.
            """,
        query: """
            SELECT TOP 50 source_id, ra, dec, pmra, pmdec, phot_g_mean_mag,
              ivo_epoch_prop_pos(ra, dec, parallax, pmra, pmdec, 0, ref_epoch, 2000.0) AS pos_j2000,
              SQRT(pmra * pmra + pmdec * pmdec) * (ref_epoch - 2000.0) / 1000 AS moved_arcsec
            FROM cat.sources
            WHERE pmra IS NOT NULL AND phot_g_mean_mag < 17
            ORDER BY moved_arcsec DESC
            """,
        tables: ["cat.sources"])

    static let paging = TAPExample(
        id: "paging-offset",
        name: "Paging through a long result with OFFSET",
        description: """
            The second page of 100 HARPS datasets: TOP sets the page size and OFFSET skips the rows of the \
            earlier pages (ADQL 2.1). Order by a unique column, here obs_publisher_did, so that pages neither \
            overlap nor leave gaps; for page n use OFFSET 100 * (n - 1).
            """,
        query: """
            SELECT TOP 100 obs_publisher_did, target_name, t_min, t_exptime
            FROM ivoa.obscore
            WHERE instrument_name = 'HARPS'
            ORDER BY obs_publisher_did
            OFFSET 100
            """,
        tables: ["ivoa.obscore"])

    static let commonTableExpression = TAPExample(
        id: "with-imaging-and-spectra",
        name: "Targets with both images and spectra (WITH)",
        description: """
            Targets observed both in imaging and in spectroscopy, with the number of datasets of each kind. \
            WITH names two intermediate results, spectra and images, which the main query then joins like \
            tables; it keeps a query made of steps readable (ADQL 2.1 common table expressions).
            """,
        query: """
            WITH spectra AS (
              SELECT target_name, COUNT(*) AS n_spectra
              FROM ivoa.obscore
              WHERE dataproduct_type = 'spectrum'
              GROUP BY target_name
            ), images AS (
              SELECT target_name, COUNT(*) AS n_images
              FROM ivoa.obscore
              WHERE dataproduct_type = 'image'
              GROUP BY target_name
            )
            SELECT TOP 50 s.target_name, s.n_spectra, i.n_images
            FROM spectra AS s
            JOIN images AS i ON s.target_name = i.target_name
            ORDER BY s.n_spectra DESC
            """,
        tables: ["ivoa.obscore"])

    static let dataLinkReady = TAPExample(
        id: "datalink-ready",
        name: "Science-ready public data, ready to download",
        description: """
            Public, science-ready (calib_level 2 or more) datasets of M 1 with what a client needs to fetch \
            them: the publisher's dataset identifier (obs_publisher_did, the ID a DataLink service takes), \
            the access_url, the access_format (MIME type) and the estimated size in kilobytes. Clients such \
            as TOPCAT or pyvo follow access_url directly, or through DataLink when access_format says so.
            """,
        query: """
            SELECT obs_publisher_did, access_url, access_format, access_estsize,
              dataproduct_type, calib_level, instrument_name, obs_release_date
            FROM ivoa.obscore
            WHERE target_name = 'M 1'
              AND calib_level >= 2
              AND data_rights = 'public'
            ORDER BY obs_release_date DESC
            """,
        tables: ["ivoa.obscore"])

    static let stcsRegion = TAPExample(
        id: "stcs-region",
        name: "Searching with an STC-S region (REGION)",
        description: """
            A region written in STC-S, as other tools (Aladin, DS9 exports, older services) give it, passed \
            to REGION: here a 1 by 1 degree box centred on NGC 4 (Box frame RA Dec width height, degrees). \
            This service reads the Position, Circle, Box and Polygon shapes; for new queries prefer POINT, \
            CIRCLE and POLYGON.
            """,
        query: """
            SELECT obs_publisher_did, instrument_name, dataproduct_type, s_ra, s_dec
            FROM ivoa.obscore
            WHERE CONTAINS(POINT('ICRS', s_ra, s_dec), REGION('Box ICRS 314.19 -15.26 1.0 1.0')) = 1
            ORDER BY obs_publisher_did
            """,
        tables: ["ivoa.obscore"])

    static let pastedPolygon = TAPExample(
        id: "pasted-polygon",
        name: "A footprint pasted as text (CAST to POLYGON)",
        description: """
            Re-using a footprint copied from a query result: the points, circles and polygons a query selects \
            (POINT(...), CIRCLE(...), POLYGON(...)) are delivered as DALI arrays of numbers (RA Dec pairs for a \
            polygon), and CAST turns such text back into a POLYGON (also POINT and CIRCLE; ADQL 2.1). Here: the \
            datasets overlapping a given field.
            """,
        query: """
            SELECT obs_publisher_did, instrument_name, dataproduct_type, t_min
            FROM ivoa.obscore
            WHERE INTERSECTS(s_region,
                CAST('314.0 -15.5 314.5 -15.5 314.5 -15.0 314.0 -15.0' AS POLYGON)) = 1
            ORDER BY t_min
            """,
        tables: ["ivoa.obscore"])

    static let healpixCoverage = TAPExample(
        id: "healpix-coverage",
        name: "Sky coverage map by HEALPix cell",
        description: """
            Where the archive has observed: datasets and exposure hours per HEALPix cell of order 4 (3072 \
            cells of about 3.7 degrees), busiest first. ivo_healpix_index (IVOA UDF catalogue) gives the NESTED \
            index of the cell containing a position; plot the result as a HEALPix map in TOPCAT, or use a \
            higher order for a finer grid.
            """,
        query: """
            SELECT ivo_healpix_index(4, s_ra, s_dec) AS hpx4,
              COUNT(*) AS n_datasets, SUM(t_exptime) / 3600 AS hours
            FROM ivoa.obscore
            WHERE s_ra IS NOT NULL
            GROUP BY hpx4
            ORDER BY n_datasets DESC
            """,
        tables: ["ivoa.obscore"])

    static let proprietaryData = TAPExample(
        id: "release-dates",
        name: "Proprietary data becoming public soon",
        description: """
            Datasets still in their proprietary period (data_rights) that become public before 1 June 2027, \
            per instrument, with the first and last release dates: to plan a request for them. \
            obs_release_date is a timestamp; ivo_to_mjd (IVOA UDF catalogue) turns it into a Modified Julian \
            Date, the unit of t_min and t_max, to compare with a number: MJD 61557 is 2027-06-01.
            """,
        query: """
            SELECT instrument_name, COUNT(*) AS n_datasets,
              MIN(obs_release_date) AS first_release, MAX(obs_release_date) AS last_release
            FROM ivoa.obscore
            WHERE data_rights = 'proprietary'
              AND ivo_to_mjd(obs_release_date) < 61557
            GROUP BY instrument_name
            ORDER BY first_release
            """,
        tables: ["ivoa.obscore"])

    static let tableList = TAPExample(
        id: "tap-schema-tables",
        name: "What tables are there (TAP_SCHEMA)",
        description: """
            The tables this service publishes, with their descriptions, from the TAP_SCHEMA metadata every \
            TAP service has; TAP_SCHEMA.columns likewise lists the columns of each table, with units, UCDs and \
            descriptions.
            """,
        query: """
            SELECT schema_name, table_name, table_type, description
            FROM TAP_SCHEMA.tables
            ORDER BY schema_name, table_name
            """,
        tables: ["TAP_SCHEMA.tables"])

    static let uploadCrossmatch = TAPExample(
        id: "upload-crossmatch",
        name: "Crossmatch your own table with the catalogue (upload)",
        description: """
            Your own list of positions, uploaded with the query as the table mine (UPLOAD=mine,param:file \
            with a VOTable having ra and dec columns in degrees; TOPCAT and pyvo do this for you), matched to \
            the catalogue within 5 arcseconds. Uploaded tables are in the TAP_UPLOAD schema for the duration \
            of the query. Every pair within the radius is returned, nearest first for each of your rows.
            """,
        query: """
            SELECT mine.*, s.source_id, s.ra AS source_ra, s.dec AS source_dec, s.phot_g_mean_mag,
              3600 * DISTANCE(POINT('ICRS', mine.ra, mine.dec), POINT('ICRS', s.ra, s.dec)) AS dist_arcsec
            FROM TAP_UPLOAD.mine AS mine
            JOIN cat.sources AS s
              ON DISTANCE(POINT('ICRS', mine.ra, mine.dec), POINT('ICRS', s.ra, s.dec)) < 5.0 / 3600
            ORDER BY ra, dec, dist_arcsec
            """,
        tables: ["cat.sources"],
        requires: [.uploads])

    static let observationSchedule = TAPExample(
        id: "obsloctap-schedule",
        name: "Is my target scheduled? (ObsLocTAP)",
        description: """
            Planned and scheduled observations near a position from the ObsLocTAP observation plan, in time \
            order: when (t_min and t_max, MJD), with which instrument and for how long. execution_status tells \
            whether an observation is still Planned, already Scheduled, or was Performed or Aborted.
            """,
        query: """
            SELECT obs_id, target_name, t_min, t_max, t_plan_exptime,
              facility_name, instrument_name, execution_status
            FROM ivoa.obsplan
            WHERE CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 314.19, -15.26, 1.0)) = 1
              AND execution_status IN ('Planned', 'Scheduled')
            ORDER BY t_min
            """,
        tables: ["ivoa.obsplan"],
        requires: [.obsLocTAP])
}
