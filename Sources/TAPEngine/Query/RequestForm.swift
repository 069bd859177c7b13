/// A request's DALI parameters and the files it carried, whatever HTTP request they came from (the HTTP face
/// reads them: RequestForm+HTTP.swift). Files are spooled parts on disk.
package struct RequestForm: Sendable {
    package var parameters: DALIParameters
    /// Parts held on disk, by part name: files, and parts too big to be a parameter (an upload sent without a
    /// filename, as `curl -F 't=<file'` does).
    package var files: [String: String]
    /// Where the files are; removed by `remove()`.
    package var spool: SpoolDirectory?

    package init(
        parameters: DALIParameters = DALIParameters(), files: [String: String] = [:], spool: SpoolDirectory? = nil
    ) {
        self.parameters = parameters
        self.files = files
        self.spool = spool
    }

    package func remove() { spool?.remove() }

    /// The upload tables the request names.
    package func uploads() throws(TAPError) -> [UploadSpec] {
        try UploadSpec.parse(parameters.all("UPLOAD"))
    }

    /// Parameters a part holding an upload may not be named after: a job lists its uploads as parameters.
    static func isParameterName(_ name: String) -> Bool {
        ["QUERY", "UPLOAD", "LANG", "MAXREC", "RESPONSEFORMAT", "FORMAT", "REQUEST", "RUNID", "PHASE",
         "EXECUTIONDURATION", "DESTRUCTION", "ACTION"].contains(name.uppercased())
    }

    package static func tooLarge(_ bytes: Int) -> TAPError {
        TAPError(.contentTooLarge, "the request exceeds this service's upload limit of \(bytes) bytes")
    }
}
