import Hummingbird

/// CORS for browser clients (Aladin Lite, web portals) on every endpoint. The origin is "*", so browsers send no
/// credentials across origins and a page elsewhere can never act as a logged-in user. Unlike Hummingbird's
/// CORSMiddleware it also names the headers a script may read on the actual responses (the Fetch standard reads
/// Access-Control-Expose-Headers there, not from the preflight), so a page can follow an async job's Location.
struct CORS<Context: RequestContext>: RouterMiddleware {
    static var allowedMethods: String { "GET, POST, HEAD, DELETE, OPTIONS" }
    static var allowedHeaders: String { "Accept, Authorization, Content-Type, Origin" }
    static var exposedHeaders: String { "Location, Content-Type, Content-Length" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            return Response(status: .noContent, headers: [
                .accessControlAllowOrigin: "*", .accessControlAllowMethods: Self.allowedMethods,
                .accessControlAllowHeaders: Self.allowedHeaders, .accessControlMaxAge: "3600",
            ])
        }
        var response = try await next(request, context)
        if request.headers[.origin] != nil {
            response.headers[.accessControlAllowOrigin] = "*"
            response.headers[.accessControlExposeHeaders] = Self.exposedHeaders
        }
        return response
    }
}
