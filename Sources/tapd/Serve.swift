import ArgumentParser
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import TAPEngine
import TAPHTTP

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

    @Option(help: "Async jobs this process runs at once; more wait in QUEUED for any process's free slot.")
    var jobSlots: Int = 2

    @Option(help: "Seconds an async job may run when it asks no executionDuration.")
    var jobDuration: Int = 3600

    @Option(help: "The longest executionDuration, in seconds, a job may ask for.")
    var maxJobDuration: Int = 4 * 3600

    @Option(help: "Days an async job and its result are kept when it asks no destruction time.")
    var jobRetentionDays: Int = 7

    @Option(help: "Seconds after which another process takes over a job whose process stopped renewing it.")
    var jobLease: Int = 30

    @Option(help: "The most bytes the uploaded tables of one query may hold (advertised in /capabilities).")
    var uploadMaxBytes: Int = 100_000_000

    @Option(help: "The most rows the uploaded tables of one query may hold.")
    var uploadMaxRows: Int = 1_000_000

    @Option(help: "The most tables one query may upload.")
    var uploadMaxTables: Int = 10

    @Flag(help: "Let UPLOAD URLs name loopback and private addresses (off: the service is no proxy into its network).")
    var uploadsFromPrivateAddresses = false

    @Option(help: ArgumentHelp(
        "A JSON file of the examples /examples serves, instead of those published in the database.",
        discussion: "An array of objects with id, name, description, query and tables (and requires, a list of "
            + "features: uploads, obsLocTAP)."))
    var examples: String?

    func run() async throws {
        let logger = Logger(label: "tapd")
        var configuration = TAPConfiguration()
        configuration.defaultMaxRecords = defaultMaxrec
        configuration.baseURL = publicUrl ?? "http://\(host):\(port)/tap"
        guard jobSlots >= 0, jobDuration > 0, maxJobDuration >= jobDuration, jobRetentionDays > 0, jobLease >= 3 else {
            throw ValidationError("job settings must be positive, with --max-job-duration at least --job-duration")
        }
        configuration.jobSlots = jobSlots
        configuration.defaultExecutionDuration = jobDuration
        configuration.maximumExecutionDuration = maxJobDuration
        configuration.defaultRetention = .seconds(jobRetentionDays * 24 * 3600)
        configuration.maximumRetention = max(configuration.maximumRetention, configuration.defaultRetention)
        configuration.jobLease = .seconds(jobLease)
        configuration.jobDirectory = options.dataDir + "/jobs"
        guard uploadMaxBytes > 0, uploadMaxRows > 0, uploadMaxTables > 0 else {
            throw ValidationError("upload limits must be positive")
        }
        configuration.uploadLimits.maximumBytes = uploadMaxBytes
        configuration.uploadLimits.advisoryBytes = min(configuration.uploadLimits.advisoryBytes, uploadMaxBytes)
        configuration.uploadLimits.maximumRows = uploadMaxRows
        configuration.uploadLimits.maximumTables = uploadMaxTables
        configuration.uploadsFromPrivateAddresses = uploadsFromPrivateAddresses
        configuration.uploadDirectory = options.dataDir + "/uploads"
        let database = try await ServiceDatabase.open(
            url: options.database, dataDirectory: options.dataDir, statementTimeoutSeconds: options.queryTimeout,
            logger: logger)
        defer { database.close() }
        let served = try examples.map(Self.readExamples)
        let (app, herald) = try await TAPServer.makeApplication(
            database: database, configuration: configuration, host: host, port: port, examples: served,
            logger: logger)
        print("""
            SwiftTAP is serving TAP at \(configuration.baseURL)
            Try: curl '\(configuration.baseURL)/sync?LANG=ADQL&QUERY=SELECT+TOP+5+obs_id,s_ra,s_dec+FROM+ivoa.obscore'
            Press Ctrl-C to stop.
            """)
        fflush(nil)  // a log file should show the banner now, not at exit
        let services = ServiceGroup(configuration: .init(
            services: [.init(service: app), .init(service: herald)], gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await services.run()
    }

    static func readExamples(_ path: String) throws -> [TAPExample] {
        do {
            return try JSONDecoder().decode([TAPExample].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ValidationError("cannot read the examples in \(path): \(error)")
        }
    }
}
