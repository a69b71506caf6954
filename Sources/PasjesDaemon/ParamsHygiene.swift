import PasjesModel
import PasjesProtocol

/// Refuses control and invisible characters in every string of a request's params, at the
/// protocol edge.
///
/// A NUL cuts a C string short (`"1001\u0000x"` found client 1001 in a lookup), C0/C1 controls
/// in names end up in terminals, CSV files and log lines, and bidi controls (U+202E), zero-width
/// and tag characters make a statement show what is not there. No identifier or text the
/// protocol takes has a use for them, so they are refused once here instead of per field
/// (`VisibleText` is the rule; the ledger applies it too).
enum ParamsHygiene {
    /// Nesting deeper than this is refused: params are flat records with small arrays.
    static let maxDepth = 8

    static func check(_ params: JSONValue?) throws(RPCError) {
        guard let params else { return }
        try check(params, path: "params", depth: 0)
    }

    private static func check(_ value: JSONValue, path: String, depth: Int) throws(RPCError) {
        guard depth <= maxDepth else { throw .invalidParams("nested deeper than \(maxDepth) at \(path)") }
        switch value {
        case .string(let text):
            if let bad = VisibleText.firstHidden(in: text) {
                let field = path.dropFirst("params.".count)
                throw RPCError(code: RPCError.Code.invalidParams,
                               message: "Ongeldige tekst in \(field): stuurtekens, onzichtbare tekens en richtingstekens "
                                   + "(zoals \(VisibleText.code(bad))) zijn niet toegestaan.",
                               reason: Reason.invalidParams.code,
                               detail: "control character \(VisibleText.code(bad)) in \(path)")
            }
        case .array(let items):
            for (index, item) in items.enumerated() { try check(item, path: "\(path).\(index)", depth: depth + 1) }
        case .object(let fields):
            for (key, item) in fields {
                if VisibleText.firstHidden(in: key) != nil { throw .invalidParams("control character in a key of \(path)") }
                try check(item, path: "\(path).\(key)", depth: depth + 1)
            }
        case .null, .bool, .number, .integer:
            return
        }
    }
}
