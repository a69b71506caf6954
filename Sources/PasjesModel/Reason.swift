/// A stable reason code with its one Dutch sentence: why something was refused or failed.
///
/// The ledger, the daemon, the cashier screen and the CLI all take the sentence from here, so
/// a resident hears the same words whichever program refuses. Codes never change once shipped:
/// clients and scripts branch on them.
public struct Reason: Hashable, Sendable, CustomStringConvertible {
    /// Stable machine-readable code, e.g. `insufficient_funds`.
    public let code: String
    /// A Dutch sentence fit to show a cashier or an administrator.
    public let message: String

    init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// The sentence for `code`, or nil when the code is not in the vocabulary.
    public static func message(for code: String) -> String? { byCode[code]?.message }

    /// Every reason by code.
    public static let byCode: [String: Reason] = {
        var table: [String: Reason] = [:]
        for reason in all {
            precondition(table[reason.code] == nil, "reason \(reason.code) twice in the vocabulary")
            table[reason.code] = reason
        }
        return table
    }()
}
