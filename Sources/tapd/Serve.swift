import ArgumentParser
import Hummingbird
import Logging
import TAPService

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve TAP over HTTP.")

    @OptionGroup var options: DatabaseOptions

    @Option(help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port: Int = 8080

    @Option(help: "MAXREC when a request gives none.")
    var defaultMaxrec: Int64 = 100_000

    @Option(help: "The URL clients use to reach the service (default: http://HOST:PORT/tap).")
    var publicUrl: String?

    func run() async throws {
        let logger = Logger(label: "tapd")
        var configuration = TAPConfiguration()
        configuration.defaultMaxRecords = defaultMaxrec
        configuration.baseURL = publicUrl ?? "http://\(host):\(port)/tap"
        let database = try await ServiceDatabase.open(
            url: options.database, dataDirectory: options.dataDir, statementTimeoutSeconds: options.queryTimeout,
            logger: logger)
        defer { database.close() }
        let app = try await TAPServer.makeApplication(
            database: database, configuration: configuration, host: host, port: port, logger: logger)
        print("""
            SwiftTAP is serving TAP at \(configuration.baseURL)
            Try: curl '\(configuration.baseURL)/sync?LANG=ADQL&QUERY=SELECT+TOP+5+obs_id,s_ra,s_dec+FROM+ivoa.obscore'
            Press Ctrl-C to stop.
            """)
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
