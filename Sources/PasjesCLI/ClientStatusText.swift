import PasjesModel

/// Client statuses as administrators type them: Dutch or English, any case.
enum ClientStatusText {
    /// What `--status` accepts, for help and messages.
    static let accepted = "actief/active, afwezig/absent of beëindigd/ended"

    /// The status for `typed` (Dutch or the wire's English), or nil.
    static func parse(_ typed: String) -> ClientStatus? {
        // String equality is canonical: a decomposed "beëindigd" is the same word.
        switch ClientNumberRule.trimmed(typed).lowercased() {
        case "actief", "active": .active
        case "afwezig", "absent": .absent
        case "beëindigd", "beeindigd", "ended": .ended
        default: nil
        }
    }
}
