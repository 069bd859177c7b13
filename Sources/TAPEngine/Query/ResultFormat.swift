import VOTable

/// What RESPONSEFORMAT asks for (TAP 1.1 §2.7.1, DALI 1.1 §3.4.3), with every alias TAPRegExt lists and those
/// clients send; the VOTable default is BINARY2, which TOPCAT and pyvo read fastest.
package enum ResultFormat: Sendable, Equatable {
    case votable(Serialization)
    case csv
    case tsv
    case json
    /// A FITS binary table (FITS 4.0 §7.3), which needs its row count first: the rows are logged to disk, then
    /// written (FITSResult).
    case fits

    /// One offered format: its MIME type, the aliases that name it, and its TAPRegExt standard identifier.
    package struct Offer: Sendable {
        var format: ResultFormat
        package var mime: String
        package var aliases: [String]
        package var ivoID: String?
    }

    package static let offers: [Offer] = [
        Offer(
            format: .votable(.binary2), mime: "application/x-votable+xml;serialization=BINARY2",
            aliases: ["votable/b2", "votable", "application/x-votable+xml", "text/xml"],
            ivoID: "ivo://ivoa.net/std/TAPRegExt#output-votable-binary2"),
        Offer(
            format: .votable(.tabledata), mime: "application/x-votable+xml;serialization=TABLEDATA",
            aliases: ["votable/td"], ivoID: "ivo://ivoa.net/std/TAPRegExt#output-votable-td"),
        Offer(
            format: .votable(.binary), mime: "application/x-votable+xml;serialization=BINARY",
            aliases: ["votable/b"], ivoID: "ivo://ivoa.net/std/TAPRegExt#output-votable-binary"),
        Offer(format: .csv, mime: "text/csv", aliases: ["csv"], ivoID: nil),
        Offer(format: .tsv, mime: "text/tab-separated-values", aliases: ["tsv"], ivoID: nil),
        Offer(format: .json, mime: "application/json", aliases: ["json"], ivoID: nil),
        Offer(format: .fits, mime: "application/fits", aliases: ["fits"], ivoID: nil),
    ]

    /// RESPONSEFORMAT (or FORMAT, as TAP 1.0 clients send it); values compare without case and spaces, and a MIME
    /// type may carry a `header=present` parameter (text/csv).
    static func requested(by parameters: DALIParameters) throws(TAPError) -> ResultFormat {
        guard let text = parameters["RESPONSEFORMAT"] ?? parameters["FORMAT"] else { return .votable(.binary2) }
        let normalised = text.lowercased().filter { !$0.isWhitespace }.replacingOccurrences(of: ";header=present", with: "")
        for offer in offers where offer.mime.lowercased() == normalised || offer.aliases.contains(normalised) {
            return offer.format
        }
        throw TAPError(
            .badRequest,
            "RESPONSEFORMAT=\(text) is not offered; this service writes "
                + offers.map { ([$0.mime] + $0.aliases).joined(separator: " or ") }.joined(separator: "; "))
    }

    /// The Content-Type of the response.
    package var contentType: String {
        switch self {
        case .votable: "application/x-votable+xml"
        case .csv: "text/csv; header=present; charset=utf-8"
        case .tsv: "text/tab-separated-values; charset=utf-8"
        case .json: "application/json"
        case .fits: "application/fits"
        }
    }

    /// Whether the format says how many rows it holds before it holds them (FITS's NAXIS2): its rows are logged to
    /// disk and counted first (QueryPipeline.logFITS), and the document is written from the log.
    package var countsRowsFirst: Bool {
        self == .fits
    }

    /// The most columns the format can hold (FITS: TFIELDS and the TTYPEn keywords have three digits, FITS 4.0
    /// §7.3.1), or nil for no limit.
    var maximumColumns: Int? {
        self == .fits ? 999 : nil
    }

    /// Whether the format has a place for the status after the rows (CSV and TSV have none).
    package var carriesStatus: Bool {
        switch self {
        case .votable, .json, .fits: true
        case .csv, .tsv: false
        }
    }
}
