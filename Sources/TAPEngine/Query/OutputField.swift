import ADQL
import VOTable

extension Field {
    /// The FIELD of one result column: metadata from TAP_SCHEMA for column references, and the type the
    /// checker derived for computed columns.
    init(_ column: OutputColumn) {
        let (datatype, arraysize, xtype) = Self.votableType(of: column.type)
        self.init(
            name: column.name, datatype: datatype, arraysize: arraysize, xtype: xtype, unit: column.unit,
            ucd: column.ucd, utype: column.utype, description: column.description,
            ref: column.frame.map { CoordinateSystem.frame($0)?.id ?? "" })
    }

    /// DALI 1.1 §3 for the xtypes; text is `char` with variable size, as TAP_SCHEMA publishes it.
    static func votableType(of type: ValueType) -> (Datatype, String?, String?) {
        switch type {
        case .boolean: return (.boolean, nil, nil)
        case .smallint: return (.short, nil, nil)
        case .integer: return (.int, nil, nil)
        case .bigint: return (.long, nil, nil)
        case .real: return (.float, nil, nil)
        case .double, .null, .unknown: return (.double, nil, nil)
        // One character is a scalar char (arraysize="1" is deprecated since VOTable 1.3 Erratum 3).
        case .char(let length): return (.char, length == 1 ? nil : length.map(String.init) ?? "*", nil)
        case .unicodeChar: return (.unicodeChar, "*", nil)
        case .timestamp: return (.char, "*", "timestamp")
        case .point: return (.double, "2", "point")
        case .circle: return (.double, "3", "circle")
        case .polygon: return (.double, "*", "polygon")
        case .region: return (.char, "*", "adql:REGION")
        case .array(let element, let length):
            let size = length.map(String.init) ?? "*"
            switch element {
            case .smallint: return (.short, size, nil)
            case .integer: return (.int, size, nil)
            case .bigint: return (.long, size, nil)
            case .real: return (.float, size, nil)
            case .double: return (.double, size, nil)
            }
        }
    }
}
