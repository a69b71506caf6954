import GRDB

/// Someone a resident's statement goes to: a mentor, a *bewindvoerder*, a *curator* or family.
public struct ClientContact: Codable, Hashable, Sendable {
    /// `mentor`, `bewindvoerder`, `curator` or `familie`.
    public var role: String
    public var name: String
    public var email: String

    public init(role: String, name: String, email: String) {
        self.role = role
        self.name = name
        self.email = email
    }

    /// The roles a contact can have.
    public static let roles = ["mentor", "bewindvoerder", "curator", "familie"]

    /// One `@` with a name before it and a domain after it, and no white space: the least a
    /// statement needs to be sent. (Whether the mailbox exists is for the mail server to say.)
    static func isAddress(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty }
            && !email.unicodeScalars.contains { $0.properties.isWhitespace }
    }
}

/// `client.contact`: adds a contact to a client (append-only, like everything in the ledger).
struct ClientContactAdd: LedgerCommand {
    static let kind = "client.contact"
    var clientNumber: String
    var contact: ClientContact
    var key: String

    var idempotencyKey: String? { key }

    func apply(to ledger: Ledger, in db: Database) throws -> ClientContact {
        struct Request: Encodable { var clientNumber: String; var contact: ClientContact }
        return try ledger.once(key: key, operation: Self.kind, request: Request(clientNumber: clientNumber, contact: contact),
                               in: db) {
            let client = try ledger.fetchClientRow(number: clientNumber, in: db)
            try db.execute(sql: """
                INSERT INTO client_contacts (client_id, role, name, email, created_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [client.id, contact.role, contact.name, contact.email, ledger.nowText().1])
            return contact
        }.result
    }
}

extension Ledger {
    /// Adds a contact who gets the client's statement. Refuses an unknown role, an empty name
    /// and an e-mail address that is not `name@domain`.
    public func addContact(clientNumber: String, _ contact: ClientContact, idempotencyKey: String) throws -> ClientContact {
        var clean = contact
        clean.name = contact.name.trimmingCharacters(in: .whitespacesAndNewlines)
        clean.email = contact.email.trimmingCharacters(in: .whitespacesAndNewlines)
        guard ClientContact.roles.contains(clean.role) else {
            throw LedgerError.invalidInput.with("role: \(ClientContact.roles.joined(separator: ", "))")
        }
        try Ledger.validate(name: clean.name, field: "name", label: "naam van het contact", maxLength: 200)
        try Ledger.validate(text: clean.email, field: "email", maxLength: 254)
        guard ClientContact.isAddress(clean.email) else { throw LedgerError.invalidInput.with("email: name@domain") }
        return try execute(ClientContactAdd(clientNumber: clientNumber, contact: clean, key: idempotencyKey))
    }

    func contacts(clientID: Int64, in db: Database) throws -> [ClientContact] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT role, name, email FROM client_contacts WHERE client_id = ? ORDER BY seq
            """), arguments: [clientID]).map { ClientContact(role: try $0.decode(forColumn: "role"), name: try $0.decode(forColumn: "name"), email: try $0.decode(forColumn: "email")) }
    }
}
