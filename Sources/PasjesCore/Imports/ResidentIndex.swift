import Foundation
import GRDB

/// Residents by name and location, to point out a possible duplicate before it is made.
///
/// Clients have no birth date in this ledger, so "the same person" is the same name (ignoring
/// case, accents and spacing) at the same location.
struct ResidentIndex {
    private var known: [String: String] = [:]

    /// Every client of the ledger.
    init(in db: Database) throws {
        for row in try Row.fetchAll(db, sql: "SELECT number, name, location FROM clients ORDER BY number") {
            let key = Self.key(name: try row.decode(forColumn: "name"), location: try row.decode(forColumn: "location"))
            let number: String = try row.decode(forColumn: "number")
            if known[key] == nil { known[key] = "cliënt \(number)" }
        }
    }

    /// Who `client` may be a duplicate of ("cliënt 1003" or "regel 7"); remembers `client` as
    /// the one of `line` for the rows after it.
    mutating func twin(of client: NewClient, line: Int? = nil) -> String? {
        let key = Self.key(name: client.name, location: client.location)
        if let found = known[key] { return found == "cliënt \(client.number)" ? nil : found }
        if let line { known[key] = "regel \(line)" }
        return nil
    }

    private static func key(name: String, location: String) -> String {
        func fold(_ text: String) -> String {
            text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
                .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        return fold(name) + "\u{1F}" + fold(location)
    }
}
