import ADQL
import Foundation
import NIOCore
import VOTable

/// An uploaded table read and checked, ready for the database: its columns, its rows as a COPY file in the
/// request's spool folder, and the metadata under which the query sees it as TAP_UPLOAD.<name>. Nothing here
/// has touched the database: every limit and every value was checked while reading.
package struct UploadTable: Sendable {
    var name: String
    /// The temporary table's name, generated (never the user's).
    var storageName: String
    var columns: [UploadColumn]
    /// The stored names of the columns that make its position, when it has one (for crossmatch).
    var position: (ra: String, dec: String)?
    var copyFile: String
    var rows: Int

    /// Reads the spooled upload at `path`; `rowBudget` is what is left of the query's row limit.
    static func read(
        _ name: String, from path: String, index: Int, rowBudget: Int, limits: UploadLimits, spool: SpoolDirectory
    ) throws(TAPError) -> UploadTable {
        var columns: [UploadColumn] = []
        var copy: UploadCopyText?
        let copyFile = spool.path(for: "copy-\(index)")
        let sink: FileSink
        do {
            sink = try FileSink(path: copyFile)
        } catch {
            throw TAPError(.unavailable, "the service cannot spool uploads; please tell its operators")
        }
        defer { try? sink.close() }
        let rows: Int
        do {
            rows = try UploadReader.read(
                contentsOf: path, maximumRows: rowBudget, maximumColumns: limits.maximumColumns,
                header: { header in
                    columns = try Self.columns(of: header.fields)
                    copy = UploadCopyText(columns: columns)
                },
                row: { cells in
                    try copy!.append(cells)
                    if copy!.bytes.count >= 64 * 1024 {
                        try sink.write(ByteBuffer(bytes: copy!.bytes))
                        copy!.bytes.removeAll(keepingCapacity: true)
                    }
                })
            if let copy { try sink.write(ByteBuffer(bytes: copy.bytes)) }
        } catch let error as UploadReadError {
            throw Self.error(error, name: name, limits: limits)
        } catch let error as TAPError {
            throw TAPError(error.kind, "UPLOAD \(name): " + error.message)
        } catch {
            throw TAPError(.unavailable, "the service cannot spool uploads; please tell its operators")
        }
        return UploadTable(
            name: name, storageName: "tap_upload_\(index)", columns: columns, position: Self.position(in: columns),
            copyFile: copyFile, rows: rows)
    }

    static func error(_ error: UploadReadError, name: String, limits: UploadLimits) -> TAPError {
        switch error.kind {
        case .tooManyRows:
            return TAPError(
                .contentTooLarge,
                "UPLOAD \(name): the uploads hold more than \(limits.maximumRows) rows, the most this service takes "
                    + "per query")
        case .tooManyColumns:
            return TAPError(
                .contentTooLarge,
                "UPLOAD \(name): more than \(limits.maximumColumns) columns, the most this service takes in a table")
        case .invalid:
            return TAPError(.badRequest, "UPLOAD \(name): \(error.message)")
        }
    }

    static func columns(of fields: [Field]) throws(TAPError) -> [UploadColumn] {
        guard !fields.isEmpty else { throw TAPError(.badRequest, "the table has no columns") }
        var seen: [String: String] = [:]
        for field in fields {
            if let other = seen.updateValue(field.name, forKey: field.name.lowercased()) {
                throw TAPError(
                    .badRequest,
                    "the columns \(other) and \(field.name) differ only in case, which ADQL cannot tell apart")
            }
        }
        return fields.enumerated().map { UploadColumn(field: $1, index: $0) }
    }

    /// The columns that hold a position in degrees, by UCD (the main one first) and else by the names people give
    /// them, so that POINT(t.ra, t.dec) in a crossmatch uses an index.
    static func position(in columns: [UploadColumn]) -> (ra: String, dec: String)? {
        let candidates = columns.filter {
            $0.kind == .real && ($0.field.unit.map { ["deg", "degree", "degrees", ""].contains($0.lowercased()) } ?? true)
        }
        func ucd(_ word: String) -> [UploadColumn] {
            let matching = candidates.filter { $0.field.ucd?.lowercased().split(separator: ";").first == Substring(word) }
            return matching.filter { $0.field.ucd?.lowercased().contains("meta.main") == true } + matching
        }
        if let ra = ucd("pos.eq.ra").first, let dec = ucd("pos.eq.dec").first { return (ra.storageName, dec.storageName) }
        for (raName, decNames) in positionNames {
            if let ra = candidates.first(where: { $0.field.name.lowercased() == raName }),
                let dec = candidates.first(where: { decNames.contains($0.field.name.lowercased()) })
            {
                return (ra.storageName, dec.storageName)
            }
        }
        return nil
    }

    static let positionNames: [(String, [String])] = [
        ("ra", ["dec", "de"]), ("ra_deg", ["dec_deg", "de_deg"]), ("raj2000", ["dej2000", "decj2000"]),
        ("_raj2000", ["_dej2000", "_decj2000"]), ("ra_icrs", ["de_icrs", "dec_icrs"]), ("s_ra", ["s_dec"]),
        ("alpha", ["delta"]),
    ]

    /// What the checker and translator know of it.
    var metadata: TableMetadata {
        var derived: [DerivedPoint] = []
        if let position, let ra = columns.first(where: { $0.storageName == position.ra }),
            let dec = columns.first(where: { $0.storageName == position.dec })
        {
            derived.append(DerivedPoint(ra: ra.field.name, dec: dec.field.name, storageName: "_pos"))
        }
        return TableMetadata(
            schema: "TAP_UPLOAD", name: name, columns: columns.map(\.metadata), storageSchema: "pg_temp",
            storageName: storageName, derivedPoints: derived)
    }

    /// CREATE TEMPORARY TABLE, dropped when the transaction ends whichever way.
    var createStatement: String {
        var definitions = columns.flatMap(\.definitions)
        if let position {
            // pgsphere takes NaN and a declination of 95° without complaint and gives nonsense: no point then.
            definitions.append(
                "_pos public.spoint GENERATED ALWAYS AS (CASE WHEN \(position.dec) BETWEEN -90 AND 90 AND "
                    + "\(position.ra) BETWEEN -360 AND 720 THEN public.spoint(radians(\(position.ra)), "
                    + "radians(\(position.dec))) END) STORED")
        }
        return "CREATE TEMPORARY TABLE \(storageName) (" + definitions.joined(separator: ", ") + ") ON COMMIT DROP"
    }

    /// GiST indexes on the geometry, made after COPY (faster than maintaining them row by row).
    var indexStatements: [String] {
        var indexed = columns.filter(\.isGeometry).map { $0.storageName + "_g" }
        if position != nil { indexed.append("_pos") }
        return indexed.map { "CREATE INDEX ON \(storageName) USING gist (\($0))" }
    }
}
