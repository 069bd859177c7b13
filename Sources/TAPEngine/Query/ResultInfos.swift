import Foundation
import UWS
import VOTable

/// The INFO elements of a result's RESOURCE after its leading QUERY_STATUS (DALI 1.1 §4.4.3): the request's own
/// parameters echoed back (MAXREC as applied, the service's cut included), the service's standardID, and the
/// query-origin names of the IVOA DataOrigin note (astropy's `votable.dataorigin` reads them), so that a saved
/// result says how to ask for it again and who answered.
enum ResultInfos {
    static let standardID = "ivo://ivoa.net/std/TAP"

    static func make(
        _ parameters: DALIParameters, adql: String, maxRecords: Int64, configuration: TAPConfiguration,
        date: Date = Date()
    ) -> [Info] {
        var infos = [
            Info(name: "QUERY", value: adql),
            Info(name: "LANG", value: parameters["LANG"] ?? "ADQL"),
            Info(name: "MAXREC", value: String(maxRecords)),
        ]
        if let format = parameters["RESPONSEFORMAT"] ?? parameters["FORMAT"] {
            infos.append(Info(name: "RESPONSEFORMAT", value: format))
        }
        infos += parameters.all("UPLOAD").map { Info(name: "UPLOAD", value: $0) }
        infos += [
            Info(name: "standardID", value: standardID),
            Info(name: "publisher", value: configuration.serviceName),
            Info(name: "server_software", value: "SwiftTAP"),
            Info(name: "service_protocol", value: standardID),
            Info(name: "request_date", value: UWSTime.format(date)),
        ]
        return infos
    }
}
