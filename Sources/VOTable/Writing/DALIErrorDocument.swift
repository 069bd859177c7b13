/// The VOTable error document of DALI 1.1 §4.2 and §4.4.2 (TAP 1.1 §3.3): one `RESOURCE type="results"` holding
/// `INFO name="QUERY_STATUS" value="ERROR"` with the message as its text, and no TABLE.
///
///     <?xml version="1.0" encoding="UTF-8"?>
///     <VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
///     <RESOURCE type="results">
///     <INFO name="QUERY_STATUS" value="ERROR">Unknown table "foo"</INFO>
///     <INFO name="line" value="1"/>
///     </RESOURCE>
///     </VOTABLE>
public enum DALIErrorDocument {
    /// Renders the error document; `infos` follow the QUERY_STATUS INFO (e.g. the line and column of an ADQL error).
    /// Services put the text their standard requires at the start of `message` (DALI 1.1 §4.2).
    public static func render(message: String, infos: [Info] = []) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + message.utf8.count)
        VOTableDocument.appendProlog(to: &out)
        out.appendLiteral("<RESOURCE type=\"results\">\n")
        VOTableDocument.appendInfo(
            Info(name: "QUERY_STATUS", value: QueryStatus.error(message).value, content: message), to: &out)
        for info in infos {
            VOTableDocument.appendInfo(info, to: &out)
        }
        VOTableDocument.appendEpilog(to: &out)
        return out
    }
}
