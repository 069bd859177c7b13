/// A COOSYS element (VOTable 1.4 §3.4), which position columns name through their `ref` attribute.
///
/// `refposition` is left out on purpose: it exists only from VOTable 1.5, and these documents say version 1.4.
public struct CoordinateSystem: Sendable, Equatable {
    /// The `ID` attribute (required): what `Field.ref` points at.
    public var id: String
    /// The `system` attribute, a term of the IVOA refframe vocabulary such as `ICRS`.
    public var system: String
    /// The `equinox` attribute (an astroYear such as `J2000`), for FK4/FK5 and ecliptic systems.
    public var equinox: String?
    /// The `epoch` attribute (an astroYear such as `J2016.0`).
    public var epoch: String?

    /// Creates a COOSYS element.
    public init(id: String, system: String, equinox: String? = nil, epoch: String? = nil) {
        self.id = id
        self.system = system
        self.equinox = equinox
        self.epoch = epoch
    }

    /// ICRS with ID `ICRS`, what most TAP services use for their positions.
    public static let icrs = CoordinateSystem(id: "ICRS", system: "ICRS")

    /// A frame of the IVOA refframe vocabulary by its term, with the equinox its realisation implies, ID'd by
    /// the term; nil for terms outside the few that positions are commonly transformed to.
    public static func frame(_ term: String) -> CoordinateSystem? {
        switch term {
        case "ICRS": return .icrs
        case "FK5": return CoordinateSystem(id: "FK5", system: "FK5", equinox: "J2000")
        case "FK4": return CoordinateSystem(id: "FK4", system: "FK4", equinox: "B1950")
        case "GALACTIC": return CoordinateSystem(id: "GALACTIC", system: "GALACTIC")
        case "ECLIPTIC": return CoordinateSystem(id: "ECLIPTIC", system: "ECLIPTIC", equinox: "J2000")
        default: return nil
        }
    }
}
