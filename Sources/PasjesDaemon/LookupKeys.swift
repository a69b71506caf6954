import Foundation
import PasjesProtocol

/// Spaces around the keys a request looks something up by (a client number, a counter, a
/// product code, a card, a day) are dropped at the protocol edge, in every method at once:
/// `" 1005 "` copied from a spreadsheet is client 1005, not `client_unknown`.
enum LookupKeys {
    /// The params fields that name something to look up, at any depth (basket items too).
    static let fields: Set<String> = [
        "clientNumber", "number", "counter", "counterId", "product", "productCode", "code", "uid", "cardUid", "newUid",
        "oldUid", "saleId", "session", "activity", "arrangementId", "bookingId", "month", "day", "from", "through", "to",
        "until",
    ]

    /// `params` with the strings of the lookup fields trimmed; everything else as it came.
    static func trimmed(_ params: JSONValue?) -> JSONValue? {
        params.map { trimmed($0, field: nil) }
    }

    private static func trimmed(_ value: JSONValue, field: String?) -> JSONValue {
        switch value {
        case .string(let text) where field.map(fields.contains) ?? false:
            return .string(trimmedText(text))
        case .array(let items):
            return .array(items.map { trimmed($0, field: field) })
        case .object(let members):
            return .object(members.reduce(into: [:]) { $0[$1.key] = trimmed($1.value, field: $1.key) })
        default:
            return value
        }
    }

    /// `text` without whitespace (`CharacterSet.whitespaces`) at either end. Why the check first:
    /// nearly every key arrives clean, and Foundation's trim cost about 7,000 instructions a
    /// request; a printable ASCII character other than space is never whitespace.
    static func trimmedText(_ text: String) -> String {
        let printable = UInt8(ascii: "!")...UInt8(ascii: "~")
        guard let first = text.utf8.first, let last = text.utf8.last,
              printable.contains(first), printable.contains(last) else {
            return text.trimmingCharacters(in: .whitespaces)
        }
        return text
    }
}
