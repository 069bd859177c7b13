import NIOConcurrencyHelpers
import NIOCore

/// Watches one HTTP connection for its client going away, by a FIN or a reset. Hummingbird neither cancels a
/// handler nor reads the socket while a response is prepared, and writes fail only after the first batch of rows:
/// without this, a query whose client gave up before its first row ran on to its statement timeout, the server's
/// socket in CLOSE-WAIT. Each request registers what stops its work; the actions run once, on the event loop.
///
/// A client that half-closes its side after sending the request and still waits for the answer counts as gone:
/// curl, pyvo, TOPCAT and browsers do not do that.
final class ClientGoneHandler: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    /// The request's parts pass through unread.
    typealias InboundIn = NIOAny

    private struct State {
        var gone = false
        var next = 0
        var actions: [Int: @Sendable () -> Void] = [:]
    }

    // Shared between the event loop and the request's tasks.
    private let state = NIOLockedValueBox(State())

    /// A token for `remove`, or nil when the client is already gone (then `action` has run).
    func onGone(_ action: @escaping @Sendable () -> Void) -> Int? {
        let token = state.withLockedValue { state -> Int? in
            guard !state.gone else { return nil }
            defer { state.next += 1 }
            state.actions[state.next] = action
            return state.next
        }
        if token == nil { action() }
        return token
    }

    func remove(_ token: Int?) {
        guard let token else { return }
        _ = state.withLockedValue { $0.actions.removeValue(forKey: token) }
    }

    var isGone: Bool { state.withLockedValue { $0.gone } }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // Hummingbird allows half-closure, so a client's FIN arrives as this event, not as a closed channel.
        if case .inputClosed? = event as? ChannelEvent { clientWent() }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        clientWent()
        context.fireChannelInactive()
    }

    private func clientWent() {
        let actions = state.withLockedValue { state in
            state.gone = true
            defer { state.actions.removeAll() }
            return Array(state.actions.values)
        }
        for action in actions { action() }
    }
}
