import ADQL

/// One table a query uploads (TAP 1.1 §2.7.6, DALI 1.1 §3.4.5): `UPLOAD=name,uri`, queried as TAP_UPLOAD.name.
package struct UploadSpec: Sendable, Equatable {
    package enum Source: Sendable, Equatable {
        /// `param:X`: the multipart part named X of the same request.
        case inline(part: String)
        /// `http://…` or `https://…`, fetched by the service.
        case url(String)
    }

    var name: String
    package var source: Source

    /// Every UPLOAD value of a request, each of which may list several tables separated by `;` (as pyvo and
    /// STILTS send them). URLs may hold `;` and `,` themselves, so a value is cut only before `name,`.
    package static func parse(_ values: [String]) throws(TAPError) -> [UploadSpec] {
        var specs: [UploadSpec] = []
        for value in values {
            for item in items(of: value) {
                let spec = try parseItem(item)
                if let other = specs.first(where: { $0.name.lowercased() == spec.name.lowercased() }) {
                    throw TAPError(.badRequest, "UPLOAD names the table \(other.name) twice; give each table its own name")
                }
                specs.append(spec)
            }
        }
        return specs
    }

    static func items(of value: String) -> [Substring] {
        var items: [Substring] = []
        var start = value.startIndex
        var index = value.startIndex
        while index < value.endIndex {
            if value[index] == ";", startsItem(value[value.index(after: index)...]) {
                items.append(value[start..<index])
                start = value.index(after: index)
            }
            index = value.index(after: index)
        }
        items.append(value[start...])
        return items.filter { !$0.allSatisfy(\.isWhitespace) }
    }

    /// Whether text starts with `name,`.
    static func startsItem(_ text: Substring) -> Bool {
        guard let comma = text.firstIndex(of: ","), comma > text.startIndex else { return false }
        return isTableName(text[..<comma])
    }

    static func parseItem(_ item: Substring) throws(TAPError) -> UploadSpec {
        let text = item.trimmingCharacters(in: .whitespaces)
        guard let comma = text.firstIndex(of: ",") else {
            throw TAPError(.badRequest, "UPLOAD=\(text) is not of the form name,uri (e.g. UPLOAD=mine,param:mine)")
        }
        let name = text[..<comma].trimmingCharacters(in: .whitespaces)
        let uri = text[text.index(after: comma)...].trimmingCharacters(in: .whitespaces)
        guard isTableName(Substring(name)) else {
            throw TAPError(
                .badRequest,
                "UPLOAD: '\(name)' cannot name a table: use a letter followed by letters, digits or _, not an ADQL "
                    + "reserved word")
        }
        let lower = uri.lowercased()
        if lower.hasPrefix("param:") {
            let part = String(uri.dropFirst("param:".count))
            guard !part.isEmpty else { throw TAPError(.badRequest, "UPLOAD \(name): param: names no part") }
            return UploadSpec(name: name, source: .inline(part: part))
        }
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            return UploadSpec(name: name, source: .url(uri))
        }
        throw TAPError(
            .badRequest,
            "UPLOAD \(name): '\(uri)' is not a source this service reads: give param:<part> with the table in a "
                + "multipart/form-data part, or an http(s):// URL")
    }

    /// DALI's name syntax, which is also an unquoted ADQL identifier when it is not a reserved word.
    static func isTableName(_ text: Substring) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic,
            text.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }),
            text.count <= 64
        else { return false }
        return !ReservedWords.contains(String(text))
    }
}
