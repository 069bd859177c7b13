/// The `Content-Disposition` of one part of a multipart/form-data body (RFC 7578 §4.2): disposition type
/// `form-data`, a `name`, and a `filename` when the part is a file.
///
/// `filename*` (RFC 5987) is ignored: RFC 7578 §4.2 says it must not be used in form data. Other parameters are
/// ignored too; a repeated `name` or `filename` is refused, since either reading of it would be a guess.
struct ContentDisposition: Equatable {
    var name: String
    var filename: String?

    init(name: String, filename: String? = nil) {
        self.name = name
        self.filename = filename
    }

    /// Parses the header's value, throwing `.malformed` with the reason in the client's terms.
    init(parsing text: String) throws(MultipartError) {
        guard let value = MultipartHeaderValue(parsing: text) else {
            let excerpt = MultipartError.excerpt(text)
            throw .malformed("its Content-Disposition \"\(excerpt)\" is not valid (RFC 7578 §4.2)")
        }
        guard value.type == "form-data" else {
            let excerpt = MultipartError.excerpt(value.type)
            throw .malformed(
                "its Content-Disposition is \"\(excerpt)\", and multipart/form-data parts must be form-data "
                    + "(RFC 7578 §4.2)")
        }
        let names = value.values(of: "name")
        let filenames = value.values(of: "filename")
        guard names.count < 2, filenames.count < 2 else {
            throw .malformed("its Content-Disposition gives the name or filename twice")
        }
        guard let name = names.first, !name.isEmpty else {
            throw .malformed("its Content-Disposition has no name (RFC 7578 §4.2)")
        }
        self.init(name: name, filename: filenames.first)
    }
}
