/// XMLEscape for documents built as Strings (UWS jobs, VOSI, capabilities, examples): the same rules as the
/// VOTable writer's, so every document the service sends escapes alike.
public enum XMLText {
    /// `text` escaped as character data.
    public static func escape(_ text: String) -> String {
        XMLEscape.escapedText(text)
    }

    /// `text` escaped for a double-quoted attribute value (quotes, and tab and line breaks kept as references).
    public static func attribute(_ text: String) -> String {
        XMLEscape.escapedAttribute(text)
    }

    /// `<name>text</name>`, or nothing when there is no text (optional VOResource elements).
    public static func element(_ name: String, _ text: String?) -> String {
        guard let text, !text.isEmpty else { return "" }
        return "<\(name)>\(escape(text))</\(name)>"
    }
}
