import ServiceLifecycle

/// A service that does nothing until the process is asked to stop, and then acts at once. Placed after the
/// HTTP application in a service group it hears the signal first (groups stop in reverse order), so that it
/// can end what would hold up the server's draining of requests, such as clients blocked in a job WAIT.
public struct ShutdownHerald: Service {
    let action: @Sendable () async -> Void

    public init(_ action: @escaping @Sendable () async -> Void) {
        self.action = action
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await action()
    }
}
