import ADQL
import TAPEngine
import UWS
import XMLEscaping
/// The VOSI documents (VOSI 1.1): availability, capabilities with TAPRegExt, and the tableset.
enum VOSIDocuments {
    static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

    static func availability(available: Bool, note: String) -> String {
        header + """
            <vosi:availability xmlns:vosi="http://www.ivoa.net/xml/VOSIAvailability/v1.0">
              <vosi:available>\(available)</vosi:available>
              <vosi:note>\(XMLText.escape(note))</vosi:note>
            </vosi:availability>

            """
    }

    static func capabilities(_ configuration: TAPConfiguration, functions: [UserDefinedFunction]) -> String {
        let base = XMLText.escape(configuration.baseURL)
        func vosi(_ standard: String, _ path: String) -> String {
            """
              <capability standardID="ivo://ivoa.net/std/VOSI#\(standard)">
                <interface xsi:type="vs:ParamHTTP">
                  <accessURL use="full">\(base)/\(path)</accessURL>
                </interface>
              </capability>

            """
        }
        return header + """
            <vosi:capabilities xmlns:vosi="http://www.ivoa.net/xml/VOSICapabilities/v1.0"
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1"
                xmlns:tr="http://www.ivoa.net/xml/TAPRegExt/v1.0"
                xmlns:vr="http://www.ivoa.net/xml/VOResource/v1.0">
              <capability standardID="ivo://ivoa.net/std/TAP" xsi:type="tr:TableAccess">
                <description>\(uploadDescription(configuration.uploadLimits))</description>
                <interface xsi:type="vs:ParamHTTP" role="std" version="1.1">
                  <accessURL use="base">\(base)</accessURL>
                </interface>
                <dataModel ivo-id="ivo://ivoa.net/std/ObsCore#core-1.1">ObsCore-1.1</dataModel>
                <language>
                  <name>ADQL</name>
                  <version ivo-id="ivo://ivoa.net/std/ADQL#v2.0">2.0</version>
                  <version ivo-id="ivo://ivoa.net/std/ADQL#v2.1">2.1</version>
                  <description>The Astronomical Data Query Language</description>
            \(languageFeatures(functions))    </language>
                \(outputFormats)                <uploadMethod ivo-id="ivo://ivoa.net/std/TAPRegExt#upload-inline"/>
                <uploadMethod ivo-id="ivo://ivoa.net/std/TAPRegExt#upload-http"/>
                <uploadMethod ivo-id="ivo://ivoa.net/std/TAPRegExt#upload-https"/>
                <retentionPeriod>
                  <default>\(configuration.defaultRetention.components.seconds)</default>
                  <hard>\(configuration.maximumRetention.components.seconds)</hard>
                </retentionPeriod>
                <executionDuration>
                  <default>\(configuration.defaultExecutionDuration)</default>
                  <hard>\(configuration.maximumExecutionDuration)</hard>
                </executionDuration>
                <outputLimit>
                  <default unit="row">\(configuration.defaultMaxRecords)</default>
                  <hard unit="row">\(configuration.hardMaxRecords)</hard>
                </outputLimit>
                <uploadLimit>
                  <default unit="byte">\(configuration.uploadLimits.advisoryBytes)</default>
                  <hard unit="byte">\(configuration.uploadLimits.maximumBytes)</hard>
                </uploadLimit>
              </capability>

              <capability standardID="ivo://ivoa.net/std/DALI#examples">
                <interface xsi:type="vr:WebBrowser">
                  <accessURL use="full">\(base)/examples</accessURL>
                </interface>
              </capability>

            """ + vosi("capabilities", "capabilities") + vosi("availability", "availability")
            + vosi("tables-1.1", "tables") + "</vosi:capabilities>\n"
    }

    /// Every RESPONSEFORMAT with its aliases (TAPRegExt 1.1 §2.4), from the list the query pipeline reads.
    static var outputFormats: String {
        ResultFormat.offers.map { offer in
            "<outputFormat" + (offer.ivoID.map { " ivo-id=\"\($0)\"" } ?? "") + ">\n"
                + "                  <mime>\(XMLText.escape(offer.mime))</mime>\n"
                + offer.aliases.map { "                  <alias>\(XMLText.escape($0))</alias>\n" }.joined()
                + "                </outputFormat>\n"
        }.joined(separator: "                ")
    }

    /// TAPRegExt has no element for row and table limits: they are told in words.
    static func uploadDescription(_ limits: UploadLimits) -> String {
        "Table uploads (UPLOAD, queried as TAP_UPLOAD.name): VOTable (TABLEDATA, BINARY, BINARY2) or CSV with a "
            + "header line, inline or from http(s) URLs; at most \(limits.maximumTables) tables, \(limits.maximumRows) "
            + "rows and \(limits.maximumBytes) bytes per query, sync and async alike."
    }

    /// The optional ADQL features the parser implements (LanguageFeatures) and every user-defined function
    /// form (TAPRegExt 1.1 §2.3), each as a languageFeatures group.
    static func languageFeatures(_ functions: [UserDefinedFunction]) -> String {
        var out = ""
        func group(_ type: String, _ features: [(form: String, description: String?)]) {
            out += "      <languageFeatures type=\"\(XMLText.attribute(type))\">\n"
            for feature in features {
                out += "        <feature><form>\(XMLText.escape(feature.form))</form>"
                    + (feature.description.map { "<description>\(XMLText.escape($0))</description>" } ?? "")
                    + "</feature>\n"
            }
            out += "      </languageFeatures>\n"
        }
        if !functions.isEmpty {
            group(LanguageFeatures.userDefinedFunctions, functions.map { ($0.signature, $0.description) })
        }
        for features in LanguageFeatures.groups { group(features.type, features.forms.map { ($0, nil) }) }
        return out
    }

    /// VODataService 1.2 tableset from TAP_SCHEMA; `detail=min` leaves out the columns (VOSI 1.1 §3.4).
    static func tableset(_ tables: [PublishedTable], withColumns: Bool) -> String {
        var text = header + """
            <vosi:tableset xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0"
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1">

            """
        var schemas: [String] = []
        for table in tables where !schemas.contains(table.schema) { schemas.append(table.schema) }
        for schema in schemas {
            text += "  <schema>\n    <name>\(XMLText.escape(schema))</name>\n"
            if let description = tables.first(where: { $0.schema == schema })?.schemaDescription {
                text += "    " + XMLText.element("description", description) + "\n"
            }
            for table in tables where table.schema == schema {
                text += self.table(table, withColumns: withColumns)
            }
            text += "  </schema>\n"
        }
        return text + "</vosi:tableset>\n"
    }

    /// One table; standalone, it is the root of `/tables/{name}` (VOSI 1.1 §3.4) and carries the namespaces.
    static func table(_ table: PublishedTable, withColumns: Bool, standalone: Bool = false) -> String {
        let element = standalone ? "vosi:table" : "table"
        let namespaces = standalone
            ? " xmlns:vosi=\"http://www.ivoa.net/xml/VOSITables/v1.0\""
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xmlns:vs=\"http://www.ivoa.net/xml/VODataService/v1.1\"" : ""
        var text = (standalone ? header : "    ")
            + "<\(element)\(namespaces) type=\"\(table.tableType == "view" ? "view" : "table")\">\n"
        text += "      <name>\(XMLText.escape(table.qualifiedName))</name>\n"
        text += "      " + XMLText.element("description", table.description) + XMLText.element("utype", table.utype)
            + "\n"
        if withColumns {
            for column in table.columns { text += self.column(column) }
            for key in PublishedKey.published where key.fromTable == table.qualifiedName {
                text += foreignKey(key)
            }
        }
        return text + (standalone ? "</vosi:table>\n" : "    </table>\n")
    }

    /// VODataService's foreignKey, the same relations as TAP_SCHEMA.keys.
    static func foreignKey(_ key: PublishedKey) -> String {
        var text = "      <foreignKey><targetTable>\(XMLText.escape(key.targetTable))</targetTable>"
        for pair in key.columns {
            text += "<fkColumn><fromColumn>\(XMLText.escape(pair.from))</fromColumn>"
                + "<targetColumn>\(XMLText.escape(pair.target))</targetColumn></fkColumn>"
        }
        return text + XMLText.element("description", key.description) + "</foreignKey>\n"
    }

    static func column(_ column: PublishedColumn) -> String {
        var text = "      <column>" + XMLText.element("name", column.name)
            + XMLText.element("description", column.description) + XMLText.element("unit", column.unit)
            + XMLText.element("ucd", column.ucd) + XMLText.element("utype", column.utype)
        text += "<dataType xsi:type=\"vs:VOTableType\""
        if let arraysize = column.arraysize { text += " arraysize=\"\(XMLText.attribute(arraysize))\"" }
        if let xtype = column.xtype { text += " extendedType=\"\(XMLText.attribute(xtype))\"" }
        text += ">\(XMLText.escape(column.datatype))</dataType>"
        if column.indexed { text += "<flag>indexed</flag>" }
        if column.principal { text += "<flag>principal</flag>" }
        if column.std { text += "<flag>std</flag>" }
        return text + "</column>\n"
    }
}
