/// Card states as an administrator types them, in Dutch or English.
public enum CardStateText {
    /// The wire state (`active`, `blocked`, `lost`) for `text`, or nil when it names none.
    public static func parse(_ text: String) -> String? {
        switch text.lowercased() {
        case "actief", "active": "active"
        case "geblokkeerd", "blocked": "blocked"
        case "verloren", "lost": "lost"
        default: nil
        }
    }

    /// What `--state` accepts, for help and refusals.
    public static let accepted = "actief/active, geblokkeerd/blocked, verloren/lost"
}
