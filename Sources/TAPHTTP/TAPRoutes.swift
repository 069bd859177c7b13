import ADQL
import Hummingbird
import Logging
import TAPDatabase
import TAPEngine

/// The HTTP face of the service: thin handlers that parse, call the domain and stream.
public struct TAPRoutes: Sendable {
    let pipeline: QueryPipeline
    let tables: [PublishedTable]
    let configuration: TAPConfiguration
    let jobs: AsyncJobs?
    let examples: [TAPExample]
    let logger: Logger

    init(
        pipeline: QueryPipeline, tables: [PublishedTable], jobs: AsyncJobs?, examples: [TAPExample], logger: Logger
    ) {
        self.pipeline = pipeline
        self.tables = tables
        self.configuration = pipeline.configuration
        self.jobs = jobs
        self.examples = examples
        self.logger = logger
    }

    public func register(on router: Router<TAPRequestContext>, path: String = "tap") {
        router.add(middleware: CORS())
        router.add(middleware: ErrorDocuments(logger: logger))
        let group = router.group(RouterPath(path))
        let sync = SyncRoute(pipeline: pipeline)
        group.get("sync") { request, context in try await sync.handle(request, context: context) }
        group.post("sync") { request, context in try await sync.handle(request, context: context) }
        if let jobs {
            let authenticator = Authenticator(
                accounts: UserAccounts(client: jobs.store.client, logger: logger), realm: configuration.serviceName)
            AsyncRoutes(jobs: jobs, authenticator: authenticator, configuration: configuration)
                .register(on: group)
        }
        group.get("availability") { _, _ in try await availability() }
        let examplesDocument = ExamplesDocument(serviceName: configuration.serviceName, catalogue: examples)
        group.get("examples") { _, _ in examplesDocument.response }
        let functions = pipeline.catalog.functions.values.flatMap { $0 }.sorted { $0.signature < $1.signature }
        group.get("capabilities") { _, _ in
            xml(VOSIDocuments.capabilities(configuration, functions: functions))
        }
        group.get("tables") { request, _ in
            let detail = request.uri.queryParameters["detail"].map(String.init)
            return xml(VOSIDocuments.tableset(tables, withColumns: detail?.lowercased() != "min"))
        }
        group.get("tables/{name}") { _, context in
            let name = context.parameters.get("name") ?? ""
            guard let table = tables.first(where: { $0.qualifiedName.lowercased() == name.lowercased() }) else {
                throw TAPError(.notFound, "no table named '\(name)'")
            }
            return xml(VOSIDocuments.table(table, withColumns: true, standalone: true))
        }
        group.get("") { _, _ in landingPage() }
    }

    func availability() async throws -> Response {
        // A pool that cannot lend a connection soon means the service cannot answer.
        let available = await pipeline.isDatabaseReachable(within: .seconds(3))
        let note = available ? "The service is accepting queries" : "The database is not reachable"
        return xml(VOSIDocuments.availability(available: available, note: note))
    }

    func landingPage() -> Response {
        let text = """
            \(configuration.serviceName): an IVOA TAP 1.1 service.
            Endpoints: \(configuration.baseURL)/sync, /capabilities, /availability, /tables
            Example: curl '\(configuration.baseURL)/sync?LANG=ADQL&QUERY=SELECT+TOP+5+obs_id,s_ra,s_dec+FROM+ivoa.obscore'

            """
        return document(text, type: "text/plain; charset=utf-8")
    }
}

func xml(_ text: String) -> Response {
    document(text, type: "text/xml; charset=utf-8")
}

/// A small document, whole, with its content type.
func document(_ text: String, type: String) -> Response {
    var headers = HTTPFields()
    headers[.contentType] = type
    return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
}
