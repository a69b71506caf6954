import PasjesModel

/// Card states as an administrator types them, in Dutch or English.
public enum CardStateText {
    /// The state `text` names (Dutch or the wire's English), or nil when it names none.
    public static func parse(_ text: String) -> CardState? {
        switch text.lowercased() {
        case "actief", "active": .active
        case "geblokkeerd", "blocked": .blocked
        case "verloren", "lost": .lost
        default: nil
        }
    }

    /// What `--state` accepts, for help and refusals.
    public static let accepted = "actief/active, geblokkeerd/blocked, verloren/lost"
}
