import Testing

@testable import VOTable

/// `discardPartialRow` takes back only a row that was begun and not ended: after a statement fails between rows
/// (a timeout, a division by zero in the next row), every row already ended stays in the result.
@Suite("Discarding a partial row")
struct RowEncoderDiscardTests {
    static let fields = [
        Field(name: "id", datatype: .long),
        Field(name: "label", datatype: .char, arraysize: "*"),
    ]

    enum Kind: String, CaseIterable, CustomStringConvertible {
        case tabledata, binary, binary2, csv, tsv, json, fitsLog
        var description: String { rawValue }

        func encoder() -> any RowEncoder {
            switch self {
            case .tabledata: TableDataEncoder(fields: RowEncoderDiscardTests.fields)
            case .binary: BinaryEncoder(fields: RowEncoderDiscardTests.fields, serialization: .binary)
            case .binary2: BinaryEncoder(fields: RowEncoderDiscardTests.fields, serialization: .binary2)
            case .csv: SeparatedValuesEncoder(dialect: .csv)
            case .tsv: SeparatedValuesEncoder(dialect: .tsv)
            case .json: JSONRowEncoder()
            case .fitsLog: FITSCellLog(fields: RowEncoderDiscardTests.fields)
            }
        }
    }

    static func writeRow(_ id: Int64, to encoder: inout any RowEncoder) {
        encoder.beginRow()
        encoder.append(id)
        encoder.appendText("row \(id)")
        encoder.endRow()
    }

    static func oneRow(_ kind: Kind) -> [UInt8] {
        var encoder = kind.encoder()
        writeRow(1, to: &encoder)
        return encoder.finish()
    }

    @Test("A discard takes back the open row and never an ended one", arguments: Kind.allCases)
    func onlyTheOpenRowGoes(_ kind: Kind) {
        var encoder = kind.encoder()
        Self.writeRow(1, to: &encoder)
        encoder.discardPartialRow()  // no row open: row 1 stays
        encoder.beginRow()
        encoder.append(Int64(2))
        encoder.discardPartialRow()  // row 2 goes
        #expect(encoder.finish() == Self.oneRow(kind))
    }

    @Test("After a drain, a discard takes nothing drained", arguments: Kind.allCases)
    func nothingAfterDrain(_ kind: Kind) {
        var encoder = kind.encoder()
        Self.writeRow(1, to: &encoder)
        let drained = encoder.drain()
        encoder.discardPartialRow()
        #expect(drained + encoder.finish() == Self.oneRow(kind))
    }
}
