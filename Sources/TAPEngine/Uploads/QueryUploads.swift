import Foundation

/// The uploaded tables of one query (a sync request, or a job when it runs), read and checked against the limits
/// before the database sees any of them.
package enum QueryUploads {
    /// `files` maps the request's file parts (or a job's stored uploads) by part name to where they are.
    package static func read(
        _ specs: [UploadSpec], files: [String: String], spool: SpoolDirectory, configuration: TAPConfiguration
    ) async throws(TAPError) -> [UploadTable] {
        let limits = configuration.uploadLimits
        try checkCount(specs, limits: limits)
        var bytes = files.values.reduce(0) { $0 + Self.size(of: $1) }
        var tables: [UploadTable] = []
        var rows = 0
        for (index, spec) in specs.enumerated() {
            let path: String
            switch spec.source {
            case .inline(let part):
                guard let file = files[part] ?? files.first(where: { $0.key.lowercased() == part.lowercased() })?.value
                else {
                    throw TAPError(
                        .badRequest,
                        "UPLOAD \(spec.name): the request has no part named \(part); send the table as a "
                            + "multipart/form-data part of that name in the same request")
                }
                path = file
            case .url(let url):
                path = spool.path(for: "fetched-\(index)")
                let fetcher = UploadFetcher(
                    allowPrivateAddresses: configuration.uploadsFromPrivateAddresses,
                    timeout: limits.fetchTimeout)
                bytes += try await fetcher.fetch(url, for: spec.name, to: path, maximumBytes: limits.maximumBytes - bytes)
            }
            let table = try UploadTable.read(
                spec.name, from: path, index: index, rowBudget: limits.maximumRows - rows, limits: limits, spool: spool)
            rows += table.rows
            tables.append(table)
        }
        return tables
    }

    static func checkCount(_ specs: [UploadSpec], limits: UploadLimits) throws(TAPError) {
        guard specs.count <= limits.maximumTables else {
            throw TAPError(
                .contentTooLarge,
                "UPLOAD: \(specs.count) tables; this service takes at most \(limits.maximumTables) per query")
        }
    }

    static func size(of path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
