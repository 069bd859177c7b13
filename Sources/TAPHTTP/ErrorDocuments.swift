import Hummingbird
import Logging
import TAPEngine

/// Every error a handler throws becomes its answer here, inside the middleware chain: Hummingbird turns an
/// HTTPResponseError into a response only outside it, where CORS would no longer add its headers and a browser
/// page could not read the error. Any other error is logged and answered as the service's own failure, as a DALI
/// document that names nothing internal.
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
            logger.error("request failed: \(String(reflecting: error))")
            return TAPError(.executionFailed, "the service failed to answer; please tell its operators").response
        }
    }
}
