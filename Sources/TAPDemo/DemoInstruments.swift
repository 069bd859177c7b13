/// The instruments `DemoObsCore` pretends to have observed with: ESO La Silla Paranal instruments with
/// roughly realistic fields of view, wavelength settings, resolving powers and detector formats.
struct DemoInstrument: Sendable {
    /// An instrument setting (grating, arm, filter or mode).
    struct Setting: Sendable {
        var emMinNM: Double
        var emMaxNM: Double
        /// Resolving power range; nil for imaging (em_res_power is NULL).
        var resolvingPower: ClosedRange<Double>?
        /// Overrides of the instrument's field (arcsec) and spatial resolution (arcsec), e.g. for AO modes.
        var field: (width: Double, height: Double)?
        var spatialResolution: ClosedRange<Double>?
        /// pol_states and pol_xel for polarimetric modes.
        var polarization: (states: String, count: Int)?
    }

    var name: String
    var facilities: [String]
    /// A later move to another telescope, from the given MJD on.
    var movedTo: (facility: String, fromMJD: Int)? = nil
    var productType: String
    /// Observation dates (MJD) the instrument was in operation.
    var firstMJD: Int
    var lastMJD: Int = Int.max
    var weight: Double
    /// Field width × height in arcsec: slit, fibre, IFU or detector field.
    var field: (width: Double, height: Double)
    /// Whether the field is rotated on the sky (slits, IFUs and most imagers follow a position angle).
    var rotates: Bool
    /// Sigma of pointing offsets around the target, arcsec.
    var dither: Double
    var exposure: ClosedRange<Double>
    var spatialResolution: ClosedRange<Double>
    /// Spatial axis lengths of the product (for raw spectra: of the detector).
    var pixels: (Int, Int)
    /// Spectral axis length of cubes; spectra derive it from range and resolving power.
    var cubeSpectralPixels: Int?
    var settings: SplitMix64.Weighted<Setting>

    var isSpectrum: Bool { productType == "spectrum" }
}

extension DemoInstrument {
    private static func band(_ minNM: Double, _ maxNM: Double) -> Setting {
        Setting(emMinNM: minNM, emMaxNM: maxNM)
    }

    private static func spectral(_ minNM: Double, _ maxNM: Double, _ power: ClosedRange<Double>) -> Setting {
        Setting(emMinNM: minNM, emMaxNM: maxNM, resolvingPower: power)
    }

    // MJDs of first light (approximately) and of NACO's decommissioning.
    static let all: [DemoInstrument] = [
        DemoInstrument(
            name: "UVES", facilities: ["ESO-VLT-U2"], productType: "spectrum", firstMJD: 51_330, weight: 10,
            field: (1, 10), rotates: true, dither: 0.3, exposure: 300...5400, spatialResolution: 0.5...1.5,
            pixels: (2048, 4096),
            settings: .init([
                (spectral(303, 388, 40_000...80_000), 2), (spectral(326, 454, 40_000...80_000), 3),
                (spectral(373, 499, 40_000...80_000), 2), (spectral(414, 621, 40_000...110_000), 2),
                (spectral(476, 684, 40_000...110_000), 4), (spectral(566, 946, 40_000...110_000), 2),
                (spectral(660, 1060, 40_000...110_000), 1),
            ])),
        DemoInstrument(
            name: "XSHOOTER", facilities: ["ESO-VLT-U2"], productType: "spectrum", firstMJD: 54_900, weight: 10,
            field: (0.9, 11), rotates: true, dither: 0.3, exposure: 300...3600, spatialResolution: 0.5...1.4,
            pixels: (2048, 3000),
            settings: .init([
                (spectral(300, 560, 4_000...9_700), 1), (spectral(550, 1020, 5_000...18_000), 1),
                (spectral(1020, 2480, 4_000...11_600), 1),
            ])),
        DemoInstrument(
            name: "HARPS", facilities: ["ESO-3.6"], productType: "spectrum", firstMJD: 52_700, weight: 15,
            field: (1, 1), rotates: false, dither: 0.2, exposure: 60...3600, spatialResolution: 0.6...1.6,
            pixels: (4096, 4096),
            settings: .init([(spectral(378, 691, 115_000...115_000), 9), (spectral(378, 691, 80_000...80_000), 1)])),
        DemoInstrument(
            name: "MUSE", facilities: ["ESO-VLT-U4"], productType: "cube", firstMJD: 56_658, weight: 12,
            field: (60, 60), rotates: true, dither: 4, exposure: 300...3600, spatialResolution: 0.5...1.2,
            pixels: (320, 320), cubeSpectralPixels: 3681,
            settings: .init([
                (spectral(480, 930, 1_800...3_600), 6), (spectral(465, 930, 1_800...3_600), 2),
                (Setting(
                    emMinNM: 480, emMaxNM: 930, resolvingPower: 1_800...3_600, field: (7.5, 7.5),
                    spatialResolution: 0.05...0.10), 1),
            ])),
        DemoInstrument(
            name: "FORS2", facilities: ["ESO-VLT-U1"], productType: "image", firstMJD: 51_300, weight: 8,
            field: (408, 408), rotates: true, dither: 20, exposure: 10...1800, spatialResolution: 0.5...1.5,
            pixels: (2048, 2048),
            settings: .init([
                (band(340, 374), 1), (band(380, 500), 2), (band(480, 620), 3), (band(590, 750), 3),
                (band(700, 980), 2), (band(820, 1000), 1),
            ])),
        DemoInstrument(
            name: "HAWKI", facilities: ["ESO-VLT-U4"], productType: "image", firstMJD: 54_320, weight: 8,
            field: (450, 450), rotates: true, dither: 30, exposure: 10...1800, spatialResolution: 0.4...1.2,
            pixels: (4096, 4096),
            settings: .init([
                (band(973, 1077), 1), (band(1181, 1335), 3), (band(1483, 1781), 3), (band(1984, 2308), 4),
                (band(2084, 2104), 1),
            ])),
        DemoInstrument(
            name: "ESPRESSO", facilities: ["ESO-VLT-U1", "ESO-VLT-U2", "ESO-VLT-U3", "ESO-VLT-U4"],
            productType: "spectrum", firstMJD: 58_360, weight: 5, field: (1, 1), rotates: false, dither: 0.2,
            exposure: 300...3600, spatialResolution: 0.4...1.3, pixels: (9216, 9232),
            settings: .init([
                (spectral(378, 789, 140_000...140_000), 7), (spectral(378, 789, 190_000...190_000), 1),
                (spectral(378, 789, 70_000...70_000), 2),
            ])),
        DemoInstrument(
            name: "SPHERE", facilities: ["ESO-VLT-U3"], productType: "image", firstMJD: 56_780, weight: 5,
            field: (11, 11), rotates: true, dither: 0.5, exposure: 16...3600, spatialResolution: 0.04...0.08,
            pixels: (1024, 1024),
            settings: .init([
                (band(1150, 1350), 2), (band(1480, 1800), 3), (band(1950, 2300), 2),
                (Setting(emMinNM: 580, emMaxNM: 700, field: (3.5, 3.5), polarization: ("/I/Q/U/", 3)), 1),
                (Setting(emMinNM: 700, emMaxNM: 860, field: (3.5, 3.5), polarization: ("/I/Q/U/", 3)), 1),
            ])),
        DemoInstrument(
            name: "KMOS", facilities: ["ESO-VLT-U1"], productType: "cube", firstMJD: 56_300, weight: 5,
            field: (2.8, 2.8), rotates: true, dither: 60, exposure: 300...1800, spatialResolution: 0.5...1.2,
            pixels: (14, 14), cubeSpectralPixels: 2048,
            settings: .init([
                (spectral(780, 1080, 2_800...4_200), 1), (spectral(1025, 1344, 3_000...4_000), 2),
                (spectral(1456, 1846, 3_800...4_200), 2), (spectral(1934, 2460, 3_800...4_200), 3),
                (spectral(1484, 2442, 1_800...2_100), 2),
            ])),
        DemoInstrument(
            name: "VIRCAM", facilities: ["VISTA"], productType: "image", firstMJD: 55_120, weight: 10,
            field: (5400, 3600), rotates: false, dither: 3600, exposure: 8...240, spatialResolution: 0.7...1.3,
            pixels: (15_930, 10_620),
            settings: .init([
                (band(830, 925), 1), (band(970, 1071), 1), (band(1170, 1336), 2), (band(1490, 1780), 2),
                (band(1980, 2300), 3),
            ])),
        DemoInstrument(
            name: "OMEGACAM", facilities: ["VST"], productType: "image", firstMJD: 55_780, weight: 8,
            field: (3600, 3600), rotates: false, dither: 3600, exposure: 30...1800, spatialResolution: 0.6...1.2,
            pixels: (17_000, 17_000),
            settings: .init([(band(320, 380), 1), (band(400, 550), 2), (band(550, 700), 3), (band(690, 840), 2)])),
        DemoInstrument(
            name: "NACO", facilities: ["ESO-VLT-U4"], movedTo: ("ESO-VLT-U1", 56_658), productType: "image",
            firstMJD: 52_300, lastMJD: 58_760, weight: 4, field: (28, 28), rotates: true, dither: 3,
            exposure: 10...1800, spatialResolution: 0.06...0.12, pixels: (1024, 1024),
            settings: .init([
                (band(1160, 1340), 2), (band(1480, 1780), 3), (band(1950, 2320), 3), (band(3400, 4100), 2),
            ])),
    ]
}
