import ADQL
import ADQLToPostgres
import Foundation
import Logging
import PostgresNIO
import TAPDatabase
import VOTable

/// parse → check → translate → execute → stream, in one screen. Everything a client can get wrong is
/// reported before the database is asked anything.
package struct QueryPipeline: Sendable {
    package let catalog: TableCatalog
    /// For metadata and estimates; results come through `copyPool`.
    package let client: PostgresClient
    /// libpq connections that stream results as binary COPY.
    let copyPool: LibPQPool
    package let configuration: TAPConfiguration
    let logger: Logger

    package init(
        catalog: TableCatalog, client: PostgresClient, copyPool: LibPQPool, configuration: TAPConfiguration,
        logger: Logger
    ) {
        self.catalog = catalog
        self.client = client
        self.copyPool = copyPool
        self.configuration = configuration
        self.logger = logger
    }

    package struct Prepared: Sendable {
        var adql: String
        var statement: SQLStatement
        var fields: [Field]
        var maxRecords: Int64
        package var format: ResultFormat
        /// The RESOURCE's INFOs: the query, its parameters, the service (ResultInfos).
        var infos: [Info]
    }

    /// Everything a client can get wrong, checked; `uploads` are the query's TAP_UPLOAD tables.
    package func prepare(_ parameters: DALIParameters, uploads: [UploadTable] = []) throws(TAPError) -> Prepared {
        try Self.validateLanguage(parameters)
        let format = try ResultFormat.requested(by: parameters)
        guard let adql = parameters["QUERY"], !adql.allSatisfy(\.isWhitespace) else {
            throw TAPError(.badRequest, "missing parameter QUERY: the ADQL query to run")
        }
        let maxRecords = try maxRecords(parameters)
        let checked: CheckedQuery
        do {
            var catalog = self.catalog
            catalog.tables += uploads.map(\.metadata)
            checked = try Checker.parseAndCheck(adql, catalog: catalog)
        } catch {
            throw TAPError(diagnostics: error)
        }
        // One row more than MAXREC tells whether the result overflowed (TAP 1.1 §2.7.4).
        let statement = Translator.translate(checked, limits: .init(rowLimit: maxRecords + 1))
        guard statement.binds.count <= SQLStatement.maximumBinds else {
            throw TAPError(
                .badRequest,
                "the query has \(statement.binds.count) distinct literal values; at most \(SQLStatement.maximumBinds) "
                    + "fit in one query: upload a long list as a table (TAP_UPLOAD) and join it instead")
        }
        if let maximum = format.maximumColumns, checked.outputColumns.count > maximum {
            throw TAPError(
                .badRequest,
                "the query selects \(checked.outputColumns.count) columns; a FITS table holds at most \(maximum): "
                    + "ask for a VOTable, or for fewer columns")
        }
        return Prepared(
            adql: adql, statement: statement, fields: checked.outputColumns.map(Field.init), maxRecords: maxRecords,
            format: format,
            infos: ResultInfos.make(parameters, adql: adql, maxRecords: maxRecords, configuration: configuration))
    }

    package static func validateLanguage(_ parameters: DALIParameters) throws(TAPError) {
        if let request = parameters["REQUEST"], request.caseInsensitiveCompare("doQuery") != .orderedSame {
            throw TAPError(.badRequest, "REQUEST=\(request) is not supported: use doQuery or leave it out")
        }
        let language = parameters["LANG"] ?? "ADQL"
        guard ["ADQL", "ADQL-2.0", "ADQL-2.1"].contains(language.uppercased()) else {
            throw TAPError(.badRequest, "LANG=\(language) is not supported: this service speaks ADQL, ADQL-2.0, ADQL-2.1")
        }
    }

    func maxRecords(_ parameters: DALIParameters) throws(TAPError) -> Int64 {
        guard let text = parameters["MAXREC"] else { return configuration.defaultMaxRecords }
        guard let value = Int64(text.trimmingCharacters(in: .whitespaces)), value >= 0 else {
            throw TAPError(.badRequest, "MAXREC must be a whole number of 0 or more, not '\(text)'")
        }
        return min(value, configuration.hardMaxRecords)
    }

    /// The query's rows as binary COPY, begun (so that what the database refuses is an error before anything is
    /// sent), on `lease` when the caller holds one.
    package func startCopy(
        _ prepared: Prepared, lease: LibPQLease? = nil, session: CopySession = CopySession()
    ) async throws(TAPError) -> CopyResultStream {
        try await CopyResultStream.start(
            prepared, pool: copyPool, lease: lease, session: session, batchBytes: configuration.writeBatchBytes,
            logger: logger)
    }

    /// A monitor's probe: whether the query pool lends a connection that answers within `wait`.
    package func isDatabaseReachable(within wait: Duration) async -> Bool {
        do {
            _ = try await client.rows("SELECT 1", within: wait, logger: logger)
            return true
        } catch {
            return false
        }
    }

    /// PostgreSQL's estimate of the whole plan's cost (the top node's total cost), for job quotes.
    func estimatedCost(_ prepared: Prepared, within wait: Duration) async throws -> Double? {
        var explain = PostgresQuery(prepared.statement)
        explain.sql = "EXPLAIN " + explain.sql
        for row in try await client.rows(explain, within: wait, logger: logger) {
            let line = try row.decode(String.self)
            // "Limit  (cost=0.00..123.45 rows=10 width=8)"
            guard let range = line.range(of: "..") else { return nil }
            let rest = line[range.upperBound...]
            return Double(rest.prefix { $0.isNumber || $0 == "." })
        }
        return nil
    }
}
