import PasjesCore
import PasjesProtocol

/// One integer field of a method's params and the values pasjesd takes in it.
///
/// Every integer from the wire is checked against its route's fields before the params are
/// decoded, so no handler ever computes with a value it was not built for (`offset + limit`
/// with an offset near `Int64.max` trapped and stopped every counter).
struct WireInteger: Sendable {
    /// Where the field is in params: keys joined by dots, `*` for every element of an array.
    let path: String
    /// What the field holds, in Dutch, for the refusal.
    let label: String
    let range: ClosedRange<Int64>
    /// The refusal's reason: `invalid_params`, or the ledger's own when it has a sharper one.
    let reason: Reason

    init(_ path: String, _ label: String, _ range: ClosedRange<Int64>, _ reason: Reason = .invalidParams) {
        self.path = path
        self.label = label
        self.range = range
        self.reason = reason
    }
}

extension WireInteger {
    /// The largest amount of one field: € 100 000 000,00 in cents. Far above any real price or
    /// budget, and so far below `Int64.max` that no sum or product of the ledger can overflow.
    static let maxAmount: Int64 = 10_000_000_000
    /// The largest offset of any page.
    static let maxOffset: Int64 = 1_000_000_000
    /// The largest `limit` anyone may ask (each method still caps its page itself).
    static let maxLimit: Int64 = 1_000_000

    /// Where a page starts: 0 or more.
    static func offset(_ path: String) -> WireInteger {
        WireInteger(path, "beginpositie", 0...maxOffset)
    }

    /// How many lines at most: 1 or more.
    static func limit(_ path: String) -> WireInteger {
        WireInteger(path, "maximum aantal regels", 1...maxLimit)
    }

    /// An amount in minor units, `minimum` or more.
    static func amount(_ path: String, _ label: String, minimum: Int64) -> WireInteger {
        WireInteger(path, label, minimum...maxAmount, .invalidAmount)
    }

    /// A count of pieces.
    static func quantity(_ path: String, _ range: ClosedRange<Int64>) -> WireInteger {
        WireInteger(path, "aantal", range, .invalidQuantity)
    }

    /// The places of an activity or a session.
    static let capacity = WireInteger("capacity", "aantal plaatsen", 1...Int64(Ledger.maxCapacity), .invalidInput)
}

/// Checks the integers of a request's params against the route's fields.
enum WireIntegerCheck {
    /// Refuses a number at a path the route declares no integer at, a number that is not a
    /// whole number within Int64, and an integer outside its field's range.
    static func check(_ params: JSONValue?, _ fields: [WireInteger]) throws(RPCError) {
        guard let params else { return }
        try check(params, path: [], fields: fields)
    }

    private static func check(_ value: JSONValue, path: [String], fields: [WireInteger]) throws(RPCError) {
        switch value {
        case .object(let members):
            for (key, member) in members { try check(member, path: path + [key], fields: fields) }
        case .array(let items):
            for item in items { try check(item, path: path + ["*"], fields: fields) }
        case .integer(let number):
            let field = try declared(path, fields)
            guard field.range.contains(number) else { throw refusal(field, String(number), wholeNumber: true) }
        case .number(let number):
            throw refusal(try declared(path, fields), "\(number)", wholeNumber: false)
        case .null, .bool, .string:
            return
        }
    }

    private static func declared(_ path: [String], _ fields: [WireInteger]) throws(RPCError) -> WireInteger {
        let joined = path.joined(separator: ".")
        guard let field = fields.first(where: { $0.path == joined }) else {
            throw RPCError(code: RPCError.Code.invalidParams, message: "Ongeldige parameters: \(joined) is geen getal.",
                           reason: Reason.invalidParams.code, detail: "no number expected at \(joined)")
        }
        return field
    }

    /// The refusal names the field and what it takes, in Dutch; the value goes to the detail.
    private static func refusal(_ field: WireInteger, _ value: String, wholeNumber: Bool) -> RPCError {
        // A number that is no Int64 is bad params whatever the field: no rule of the ledger saw it.
        let reason = wholeNumber ? field.reason : .invalidParams
        return RPCError(code: reason == .invalidParams ? RPCError.Code.invalidParams : RPCError.Code.refused,
                        message: "\(reason.message) \(field.path) (\(field.label)) moet een geheel getal van "
                            + "\(field.range.lowerBound) tot en met \(field.range.upperBound) zijn.",
                        reason: reason.code,
                        detail: "\(field.path) = \(value), allowed \(field.range.lowerBound)...\(field.range.upperBound)")
    }
}
