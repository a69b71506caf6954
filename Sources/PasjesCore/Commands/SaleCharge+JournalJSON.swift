// Why a charge's JSON is written in two parts: its request is encoded for the idempotency key's
// hash, and again inside the command for the journal; `JSONEncoder` costs about 50 k
// instructions for a basket of one line (generic containers looked up at run time, not bytes),
// about 7 % of a charge. With keys sorted, `request` is the command's last key ("key",
// "offline", "operator" sort before it), so the command's canonical JSON is the JSON of its
// other keys with `,"request":` and the request's own JSON before the closing brace. Written so,
// and read back so from an entry applied again, the request is encoded at most once per charge.
// The bytes are those of `CanonicalJSON.encode(command)` (`SaleChargeJSONTests`).

extension SaleCharge {
    /// The command's keys but `request`: each of them sorts before it.
    private struct Head: Encodable {
        var key: String
        var offline: OfflineCharge?
        var `operator`: Operator
    }

    /// The request's member up to its value, as the canonical JSON writes it after another.
    private static let requestMemberText = #","request":"#
    private static let requestMember = Array(requestMemberText.utf8)

    /// The command's canonical JSON around its request's canonical JSON.
    func canonicalJSON(aroundRequest requestJSON: String) throws -> String? {
        var head = try CanonicalJSON.encode(Head(key: key, offline: offline, operator: self.operator))
        // The head always has its key and operator: `{…}` with at least one member.
        guard head.utf8.count > 2, head.utf8.last == UInt8(ascii: "}") else { return nil }
        head.removeLast()
        head.reserveCapacity(head.utf8.count + Self.requestMember.count + requestJSON.utf8.count + 1)
        head += Self.requestMemberText
        head += requestJSON
        head += "}"
        return head
    }

    /// The canonical JSON of the request inside `journaled`, a charge's canonical JSON; nil
    /// when it is not there as the canonical JSON writes it.
    ///
    /// The first `,"request":` is the command's own key: inside a string every quote is escaped,
    /// so those bytes never stand in one, and no value before the request has a key `request`.
    static func requestJSON(in journaled: String) -> String? {
        var journaled = journaled
        return journaled.withUTF8 { bytes -> String? in
            let member = requestMember
            guard bytes.count > member.count + 2, bytes.last == UInt8(ascii: "}") else { return nil }
            var index = 0
            while index + member.count < bytes.count {
                if bytes[index] == member[0], bytes[index ..< index + member.count].elementsEqual(member) {
                    // An object, then the command's closing brace.
                    let start = index + member.count
                    guard bytes[start] == UInt8(ascii: "{"), bytes[bytes.count - 2] == UInt8(ascii: "}") else { return nil }
                    return String(decoding: UnsafeBufferPointer(rebasing: bytes[start ..< bytes.count - 1]), as: UTF8.self)
                }
                index += 1
            }
            return nil
        }
    }
}

extension Ledger {
    /// The canonical JSON of a charge's request: taken from its entry when the charge is an entry
    /// applied again, else encoded; kept in the context, so the entry is written around it.
    func requestJSON(of command: SaleCharge) throws -> String {
        let journaled = execution.withLock { $0?.journaledCommand }
        let json = try journaled.flatMap(SaleCharge.requestJSON(in:)) ?? CanonicalJSON.encode(command.request)
        execution.withLock { $0?.requestJSON = json }
        return json
    }
}
