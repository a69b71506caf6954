import PasjesProtocol

/// Refuses control characters in every string of a request's params, at the protocol edge.
///
/// A NUL cuts a C string short (`"1001\u0000x"` found client 1001 in a lookup), and C0/C1
/// controls in names end up in terminals, CSV files and log lines. No identifier or text the
/// protocol takes has a use for them, so they are refused once here instead of per field.
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
            if let bad = text.unicodeScalars.first(where: isControl) {
                throw .invalidParams("control character U+\(hex(bad.value)) in \(path)")
            }
        case .array(let items):
            for (index, item) in items.enumerated() { try check(item, path: "\(path).\(index)", depth: depth + 1) }
        case .object(let fields):
            for (key, item) in fields {
                if key.unicodeScalars.contains(where: isControl) { throw .invalidParams("control character in a key of \(path)") }
                try check(item, path: "\(path).\(key)", depth: depth + 1)
            }
        case .null, .bool, .number, .integer:
            return
        }
    }

    /// C0 controls, DEL and C1 controls (U+0080–U+009F).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
