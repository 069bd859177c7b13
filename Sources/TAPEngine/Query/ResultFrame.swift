import VOTable

/// What a result document holds around its rows, in each format: the header up to the first row (VOTable's
/// RESOURCE, INFOs, COOSYS and FIELDs; JSON's metadata; the CSV header line) and the trailer after the last, with
/// the query's status where the format has a place for it.
struct ResultFrame: Sendable {
    let format: ResultFormat
    let fields: [Field]
    let infos: [Info]
    let document: VOTableDocument

    init(format: ResultFormat, fields: [Field], infos: [Info]) {
        self.format = format
        self.fields = fields
        self.infos = infos
        var document = VOTableDocument(
            fields: fields, resourceInfos: infos, tableName: "result",
            coordinateSystem: fields.contains { $0.ref == nil && $0.isCelestialPosition } ? .icrs : nil)
        // Positions an ADQL query carried into other frames refer to COOSYS of their own.
        var frames = Set([document.coordinateSystem?.id].compactMap { $0 })
        for field in fields {
            if let ref = field.ref, frames.insert(ref).inserted, let system = CoordinateSystem.frame(ref) {
                document.otherCoordinateSystems.append(system)
            }
        }
        self.document = document
    }

    var header: [UInt8] {
        switch format {
        case .votable(let serialization): document.header(serialization: serialization)
        case .csv: SeparatedValuesEncoder.header(fields: fields, dialect: .csv)
        case .tsv: SeparatedValuesEncoder.header(fields: fields, dialect: .tsv)
        case .json: JSONRowEncoder.header(fields: fields, infos: infos)
        case .fits: []  // FITSResult writes the headers once the rows are counted
        }
    }

    func trailer(_ status: QueryStatus) -> [UInt8] {
        switch format {
        case .votable(let serialization): document.trailer(status: status, serialization: serialization)
        case .csv, .tsv, .fits: []
        case .json: JSONRowEncoder.trailer(status: status)
        }
    }

    /// Which columns are REGIONs stored as DALI polygons, written as the STC-S their FIELD declares.
    var regionColumns: [Bool] { fields.map { $0.xtype?.lowercased() == "adql:region" } }
}
