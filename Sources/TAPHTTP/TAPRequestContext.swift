import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's basics, and the connection, whose ClientGoneHandler tells
/// a query when its client has left.
public struct TAPRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// The connection's watcher; nil where there is none (HummingbirdTesting's router mode has no real socket).
    func clientWatch() async -> ClientGoneHandler? {
        try? await channel.pipeline.handler(type: ClientGoneHandler.self).get()
    }
}
