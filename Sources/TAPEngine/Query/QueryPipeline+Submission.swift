import TAPDatabase

/// A query ready to run, for /sync and async jobs alike: its uploaded tables read and checked (from a request's
/// parts or a job's stored files), then the query parsed, checked and translated against them.
package struct Submission: Sendable {
    package let prepared: QueryPipeline.Prepared
    package let uploads: [UploadTable]
    /// The spool this submission made for its uploads, when the caller had none; `remove()` deletes it.
    private let ownSpool: SpoolDirectory?

    fileprivate init(prepared: QueryPipeline.Prepared, uploads: [UploadTable], ownSpool: SpoolDirectory?) {
        self.prepared = prepared
        self.uploads = uploads
        self.ownSpool = ownSpool
    }

    /// The upload tables' statements around the query's COPY, on its connection.
    package var session: CopySession { UploadTransaction.session(uploads) }

    /// Once the COPY has begun the uploads are in the database, and their spooled files can go.
    package func remove() { ownSpool?.remove() }
}

extension QueryPipeline {
    /// The one preparation of a query: `files` are the parts UPLOAD may name (`param:NAME`), `spool` where uploads
    /// fetched from URLs go (a new one when nil).
    package func submit(
        _ parameters: DALIParameters, files: [String: String], spool: SpoolDirectory?
    ) async throws(TAPError) -> Submission {
        let specs = try UploadSpec.parse(parameters.all("UPLOAD"))
        guard !specs.isEmpty else {
            return Submission(prepared: try prepare(parameters), uploads: [], ownSpool: nil)
        }
        try Self.validateLanguage(parameters)
        let own = spool == nil ? try SpoolDirectory.make(under: configuration.uploadDirectory) : nil
        do {
            let tables = try await QueryUploads.read(
                specs, files: files, spool: spool ?? own!, configuration: configuration)
            return Submission(prepared: try prepare(parameters, uploads: tables), uploads: tables, ownSpool: own)
        } catch {
            own?.remove()
            throw error
        }
    }
}
