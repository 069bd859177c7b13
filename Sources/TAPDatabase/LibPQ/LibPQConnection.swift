import CLibPQ
import Foundation
import Synchronization

/// One libpq connection, used by one task at a time (the pool hands it out), always from threads that may block:
/// libpq's calls wait on the socket. Only `cancel()` may be called from elsewhere while another call runs.
package final class LibPQConnection: @unchecked Sendable {
    private let connection: OpaquePointer
    private let canceller: OpaquePointer?
    /// The buffer the last `nextCopyData` returned, freed on the next call.
    private var copyBuffer: UnsafeMutablePointer<CChar>?
    /// Whether the connection can go back to the pool (nothing failed half-way on it). Atomic: `cancel()`
    /// clears it from another thread.
    private let reusable = Atomic<Bool>(true)
    package var isReusable: Bool { reusable.load(ordering: .acquiring) }

    init(conninfo: String) throws(LibPQError) {
        guard let connection = PQconnectdb(conninfo) else {
            throw LibPQError(sqlState: nil, message: "out of memory")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection))
            PQfinish(connection)
            throw LibPQError(sqlState: "08006", message: message)
        }
        self.connection = connection
        self.canceller = PQgetCancel(connection)
    }

    deinit {
        if let copyBuffer { PQfreemem(copyBuffer) }
        if let canceller { PQfreeCancel(canceller) }
        PQfinish(connection)
    }

    package var backendPID: Int32 { PQbackendPID(connection) }

    /// Runs statements that return no rows (SET, BEGIN, ...).
    package func execute(_ sql: String) throws(LibPQError) {
        let result = PQexec(connection, sql)
        defer { PQclear(result) }
        try check(result, expecting: PGRES_COMMAND_OK)
    }

    /// The first column of each row a statement returns, as text (EXPLAIN, counts).
    func firstColumn(of sql: String) throws(LibPQError) -> [String] {
        let result = PQexec(connection, sql)
        defer { PQclear(result) }
        try check(result, expecting: PGRES_TUPLES_OK)
        return (0..<PQntuples(result)).map { String(cString: PQgetvalue(result, $0, 0)) }
    }

    /// The type OID of each column the statement returns, from a describe of it (no rows are read).
    package func columnTypes(of sql: String) throws(LibPQError) -> [UInt32] {
        let prepared = PQprepare(connection, "", sql, 0, nil)
        defer { PQclear(prepared) }
        try check(prepared, expecting: PGRES_COMMAND_OK)
        let described = PQdescribePrepared(connection, "")
        defer { PQclear(described) }
        try check(described, expecting: PGRES_COMMAND_OK)
        return (0..<PQnfields(described)).map { UInt32(PQftype(described, $0)) }
    }

    /// A string as an SQL literal for this connection's settings (quotes doubled, backslashes as E'' needs).
    package func literal(_ text: String) throws(LibPQError) -> String {
        // libpq's result is a C string, so a NUL would end the literal early; PostgreSQL refuses NUL in text anyway.
        guard !text.utf8.contains(0) else {
            throw LibPQError(sqlState: "22021", message: "invalid byte sequence for encoding \"UTF8\": 0x00")
        }
        let utf8 = Array(text.utf8)
        guard let escaped = utf8.withUnsafeBufferPointer({ buffer in
            buffer.withMemoryRebound(to: CChar.self) { PQescapeLiteral(connection, $0.baseAddress, buffer.count) }
        }) else {
            throw LibPQError(sqlState: "22021", message: String(cString: PQerrorMessage(connection)))
        }
        defer { PQfreemem(escaped) }
        return String(cString: escaped)
    }

    /// Starts `COPY ... TO STDOUT`; then `nextCopyData()` until it returns nil, then `finishCopy()`.
    package func startCopyOut(_ sql: String) throws(LibPQError) {
        guard PQsendQuery(connection, sql) == 1 else {
            markUnusable()
            throw LibPQError(sqlState: "08006", message: String(cString: PQerrorMessage(connection)))
        }
        let result = PQgetResult(connection)
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COPY_OUT else {
            let error = Self.error(of: result, connection: connection)
            drainResults()
            throw error
        }
    }

    /// Runs `COPY ... FROM STDIN` with the bytes of the file at `path` (an upload's rows, in COPY text).
    package func copyIn(_ sql: String, fromFile path: String) throws(LibPQError) {
        let started = PQexec(connection, sql)
        defer { PQclear(started) }
        try check(started, expecting: PGRES_COPY_IN)
        var failure: String?
        if let file = fopen(path, "rb") {
            var chunk = [CChar](repeating: 0, count: 256 * 1024)
            while failure == nil {
                let count = fread(&chunk, 1, chunk.count, file)
                if count == 0 { break }
                if PQputCopyData(connection, chunk, Int32(count)) != 1 {
                    failure = String(cString: PQerrorMessage(connection))
                }
            }
            if ferror(file) != 0 { failure = "cannot read \(path)" }
            fclose(file)
        } else {
            failure = "cannot open \(path)"
        }
        // A failure message makes the server abort the COPY, so the transaction knows.
        _ = PQputCopyEnd(connection, failure)
        try finishCopy()
        if let failure {
            markUnusable()
            throw LibPQError(sqlState: "58030", message: failure)
        }
    }

    /// The next CopyData message (one row, or the file header or trailer), valid until the next call; nil at the
    /// end, after which `finishCopy` reports how the statement ended. Blocks until the server sends.
    package func nextCopyData() -> UnsafeRawBufferPointer? {
        if let copyBuffer {
            PQfreemem(copyBuffer)
            self.copyBuffer = nil
        }
        var buffer: UnsafeMutablePointer<CChar>?
        let length = PQgetCopyData(connection, &buffer, 0)
        guard length > 0, let buffer else { return nil }
        copyBuffer = buffer
        return UnsafeRawBufferPointer(start: buffer, count: Int(length))
    }

    /// How the COPY ended: nothing when it completed, the server's error otherwise (a timeout, a cancel, a
    /// division by zero found in row 10 million).
    package func finishCopy() throws(LibPQError) {
        var failure: LibPQError?
        while let result = PQgetResult(connection) {
            if PQresultStatus(result) != PGRES_COMMAND_OK, failure == nil {
                failure = Self.error(of: result, connection: connection)
            }
            PQclear(result)
        }
        if let failure {
            throw failure
        }
    }

    /// Asks the server to cancel what this connection runs (PQcancel opens a connection of its own, so it is
    /// safe from any thread while another call waits). The connection is not reused afterwards.
    package func cancel() {
        markUnusable()
        guard let canceller else { return }
        var message = [CChar](repeating: 0, count: 256)
        _ = PQcancel(canceller, &message, Int32(message.count))
    }

    /// Whether the session is idle and healthy (between uses by the pool).
    var isIdle: Bool {
        PQstatus(connection) == CONNECTION_OK && PQtransactionStatus(connection) == PQTRANS_IDLE
    }

    package func markUnusable() { reusable.store(false, ordering: .releasing) }

    private func drainResults() {
        while let result = PQgetResult(connection) { PQclear(result) }
    }

    private func check(_ result: OpaquePointer?, expecting status: ExecStatusType) throws(LibPQError) {
        guard PQresultStatus(result) == status else { throw Self.error(of: result, connection: connection) }
    }

    private static func error(of result: OpaquePointer?, connection: OpaquePointer) -> LibPQError {
        guard let result else {
            return LibPQError(sqlState: "08006", message: String(cString: PQerrorMessage(connection)))
        }
        let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
        let message = PQresultErrorMessage(result).map { String(cString: $0) } ?? ""
        return LibPQError(sqlState: state, message: message)
    }
}
