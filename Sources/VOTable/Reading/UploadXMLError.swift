/// libxml2's error codes (libxml/xmlerror.h), as Foundation's XMLParser reports them: it passes the code on
/// without libxml2's message, and its own `XMLParser.ErrorCode` names are off by one on Linux.
enum UploadXMLError {
    /// Warnings come through the same channel as errors; a relative namespace URI, or XML 1.1, is no reason to
    /// refuse a table.
    static func isWarning(_ code: Int) -> Bool {
        [27, 93, 97, 98, 99, 100, 102, 106, 107].contains(code)
    }

    /// What went wrong, for the message; the commonest problems by name, the others by number.
    static func describe(_ code: Int) -> String {
        switch code {
        case 4: "the document is empty"
        // Both a document cut short and text after the root element.
        case 5: "the document does not end where its root element does"
        case 9: "a character that XML does not allow"
        case 23: "an entity reference without ';'"
        case 26: "an undeclared entity"
        case 34, 39, 41: "an attribute without a quoted value"
        case 38: "'<' in an attribute value"
        case 42: "an attribute given twice"
        case 45: "a comment that is not closed"
        case 47: "a processing instruction that is not closed"
        case 64: "a second XML declaration"
        case 68, 73: "a malformed tag"
        case 76: "an end tag that does not match its start tag"
        case 77: "the data end inside an element"
        case 81: "bytes that are not in the document's encoding"
        case 201: "an undeclared namespace prefix"
        default: "libxml2 error \(code)"
        }
    }
}
