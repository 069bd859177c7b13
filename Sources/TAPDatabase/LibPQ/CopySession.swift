/// Statements around a query's COPY on its connection, run on the pool's thread: before it, a job's statement
/// timeout and the upload tables' transaction; after it, their clean-up, so the connection goes back to the pool as
/// it came.
package struct CopySession: Sendable {
    package var before: @Sendable (LibPQConnection) throws(LibPQError) -> Void
    package var after: @Sendable (LibPQConnection) throws(LibPQError) -> Void

    package init(
        before: @escaping @Sendable (LibPQConnection) throws(LibPQError) -> Void = { _ in },
        after: @escaping @Sendable (LibPQConnection) throws(LibPQError) -> Void = { _ in }
    ) {
        self.before = before
        self.after = after
    }

    /// This session's statements around `inner`'s.
    package func around(_ inner: CopySession) -> CopySession {
        CopySession(
            before: { connection throws(LibPQError) in
                try before(connection)
                try inner.before(connection)
            },
            after: { connection throws(LibPQError) in
                try inner.after(connection)
                try after(connection)
            })
    }
}
