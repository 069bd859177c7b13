import ADQL
import Hummingbird
import Logging
import PostgresNIO
import TAPDatabase
import TAPEngine

/// Builds the HTTP application over an opened database.
public enum TAPServer {
    /// The application, and a herald to run after it in a service group (see ShutdownHerald); `examples` are what
    /// /examples serves (nil: those published in the database).
    public static func makeApplication(
        database: ServiceDatabase, configuration: TAPConfiguration, host: String, port: Int,
        examples: [TAPExample]? = nil, logger: Logger
    ) async throws -> (application: some ApplicationProtocol, herald: ShutdownHerald) {
        let tables = try await database.readPublishedTables(logger: logger)
        let functions = try await database.readOperatorFunctions(logger: logger)
        let served: [TAPExample]
        if let examples {
            served = examples
        } else {
            served = try await database.readExamples(logger: logger)
        }
        let client = database.makeQueryClient(maximumConnections: 16, logger: logger)
        let copyPool = LibPQPool(conninfo: database.queryConninfo, capacity: configuration.streamConnections)
        let pipeline = QueryPipeline(
            catalog: TableCatalog(published: tables, operatorFunctions: functions), client: client,
            copyPool: copyPool, configuration: configuration, logger: logger)
        SpoolDirectory.sweep(configuration.uploadDirectory)
        let jobs = AsyncJobs.make(database: database, pipeline: pipeline, logger: logger)
        let router = Router(context: TAPRequestContext.self)
        TAPRoutes(pipeline: pipeline, tables: tables, jobs: jobs.jobs, examples: served, logger: logger)
            .register(on: router)
        let application = Application(
            router: router,
            // A watcher per connection, so that a query stops when its client goes (ClientGoneHandler).
            server: .http1(configuration: .init(additionalChannelHandlers: [ClientGoneHandler()])),
            configuration: .init(address: .hostname(host, port: port), serverName: configuration.serviceName),
            services: [client, copyPool, jobs.jobs.store.client, jobs.service],
            logger: logger)
        return (application, ShutdownHerald { [events = jobs.jobs.events] in await events.close() })
    }
}
