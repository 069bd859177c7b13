import Foundation
import Hummingbird
import TAPEngine
import UWS
import XMLEscaping

/// The service's `/examples` document: XHTML with RDFa Lite markup as DALI 1.1 §2.3 defines it, with TAP 1.1's
/// `query` and `table` properties. It is well-formed XML (no named entities beyond XML's five, no DTD needed),
/// readable in a browser without CSS or scripts, and parsed by clients (TOPCAT, pyvo, taplint) as XML.
///
/// Each example is a `div` with `typeof="example"`, an `id` and `resource="#id"`, holding exactly one
/// `property="name"` heading and one `property="query"` `pre`, plus `property="table"` and
/// `property="capability"` spans of plain text. Links (to the table's description, to run the query) carry no
/// RDFa property, so that RDFa readers do not take their targets for the properties' values.
public struct ExamplesDocument: Sendable {
    /// The `vocab` of DALI 1.1 (Erratum 1 and later), the one taplint's EXA stage accepts without a warning.
    public static let vocabulary = "http://www.ivoa.net/rdf/examples#"
    /// TAP 1.1 §2.2.4 allows application/xhtml+xml or text/html; the document is XML, so it says so.
    public static let contentType = "application/xhtml+xml; charset=utf-8"
    /// The capability every example is for (DALI's `capability` property: the standardID).
    public static let capability = "ivo://ivoa.net/std/TAP"

    public var serviceName: String
    /// The examples served, in order.
    public var examples: [TAPExample]

    /// The examples of `catalogue` that a service offering `features` can run.
    public init(
        serviceName: String, features: Set<TAPExample.Feature> = TAPExample.Feature.implemented,
        catalogue: [TAPExample]
    ) {
        self.serviceName = serviceName
        self.examples = catalogue.filter { $0.isRunnable(with: features) }
    }

    var response: Response { document(xhtml, type: Self.contentType) }

    public var xhtml: String {
        let title = escape("\(serviceName): example queries")
        var text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
            <head>
            <meta charset="utf-8"/>
            <title>\(title)</title>
            <style>
            body { font-family: sans-serif; max-width: 60em; margin: 1em auto; padding: 0 1em; line-height: 1.4; }
            pre { background: #f4f4f4; padding: 0.6em; overflow-x: auto; }
            .example { border-top: 1px solid #ccc; margin-top: 1.5em; }
            .meta { font-size: 0.9em; color: #444; }
            </style>
            </head>
            <body>
            <h1>\(title)</h1>
            <p>ADQL queries for this TAP service, each with what it answers. Copy one into TOPCAT, pyvo or any \
            other TAP client, or follow its \u{201C}run\u{201D} link to have the service answer it directly \
            as a VOTable (synchronous query). Columns are described under <a href="tables">tables</a>; \
            positions are ICRS degrees, wavelengths metres, times MJD unless said otherwise.</p>
            <ul>

            """
        for example in examples {
            text += "<li><a href=\"#\(XMLText.attribute(example.id))\">\(escape(example.name))</a></li>\n"
        }
        text += "</ul>\n<div vocab=\"\(Self.vocabulary)\">\n"
        for example in examples {
            text += render(example)
        }
        return text + "</div>\n</body>\n</html>\n"
    }

    private func render(_ example: TAPExample) -> String {
        let id = XMLText.attribute(example.id)
        var text = "<div class=\"example\" typeof=\"example\" id=\"\(id)\" resource=\"#\(id)\">\n"
        text += "<h2 property=\"name\">\(escape(example.name))</h2>\n"
        for paragraph in example.description.components(separatedBy: "\n\n") {
            text += "<p>\(escape(paragraph))</p>\n"
        }
        text += "<pre property=\"query\">\(escape(example.query))</pre>\n"
        text += "<p class=\"meta\">"
        if !example.tables.isEmpty {
            text += example.tables.count == 1 ? "Table: " : "Tables: "
            text += example.tables.map { table in
                "<span property=\"table\">\(escape(table))</span> "
                    + "(<a href=\"tables/\(XMLText.attribute(Self.percentEncoded(table)))\">columns</a>)"
            }.joined(separator: ", ")
            text += ". "
        }
        text += "For <span property=\"capability\">\(Self.capability)</span>: "
        text += "<a href=\"sync?LANG=ADQL&amp;QUERY=\(XMLText.attribute(Self.percentEncoded(example.query)))\">run</a>"
        return text + ".</p>\n</div>\n"
    }

    private func escape(_ text: String) -> String { XMLText.escape(text) }

    /// Unreserved characters (RFC 3986 §2.3) as they are, everything else percent-encoded as UTF-8.
    static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
