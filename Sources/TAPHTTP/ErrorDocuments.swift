import Hummingbird
import Logging
import TAPEngine

/// Every error a handler throws becomes its answer here, inside the middleware chain: Hummingbird turns an
/// HTTPResponseError into a response only outside it, where CORS would no longer add its headers and a browser
/// page could not read the error. Any other error comes from the database layer (a job store or a pool out of
/// reach) and goes through DatabaseErrorMapper, the one place such errors become a user's, which logs it.
struct ErrorDocuments<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            return try error.response(from: request, context: context)
        } catch {
            return DatabaseErrorMapper.map(error, logger: logger).response
        }
    }
}
