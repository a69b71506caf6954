import Foundation
import Logging
import PostgresNIO

/// What the organisation's administrator does to the log's database: migrate it, add nodes.
/// Connects with the URL's own user (the database owner or a superuser).
public enum CentralAdmin {
    /// Applies every migration not yet recorded in `pasjes.central_migrations`, each in one
    /// transaction, and returns the names applied now (empty when the schema was up to date).
    public static func migrate(url: String, logger: Logger = Logger(label: "pasjes.central")) async throws -> [String] {
        try await withAdminConnection(url: url, logger: logger) { connection in
            // Two migrating admins at once wait for each other instead of both creating tables.
            try await connection.query("SELECT pg_advisory_lock(\(migrationLockKey))", logger: logger)
            do {
                try await connection.query("CREATE SCHEMA IF NOT EXISTS pasjes", logger: logger)
                try await connection.query("""
                    CREATE TABLE IF NOT EXISTS pasjes.central_migrations (
                        name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                    """, logger: logger)
                var known: Set<String> = []
                for try await name in try await connection.query("SELECT name FROM pasjes.central_migrations", logger: logger)
                    .decode(String.self) { known.insert(name) }
                var applied: [String] = []
                for migration in CentralMigration.all where !known.contains(migration.name) {
                    try await connection.query("BEGIN", logger: logger)
                    do {
                        for statement in migration.statements {
                            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                        }
                        try await connection.query("INSERT INTO pasjes.central_migrations (name) VALUES (\(migration.name))",
                                                   logger: logger)
                        try await connection.query("COMMIT", logger: logger)
                    } catch {
                        _ = try? await connection.query("ROLLBACK", logger: logger)
                        throw CentralSetupError("Migratie \(migration.name) mislukt: \(describe(error))")
                    }
                    logger.info("central: migration \(migration.name) applied")
                    applied.append(migration.name)
                }
                try await connection.query("SELECT pg_advisory_unlock(\(migrationLockKey))", logger: logger)
                return applied
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(migrationLockKey))", logger: logger)
                throw error
            }
        }
    }

    /// Creates node `name`: a LOGIN role with a random password that may only call
    /// `append_entry` and `node_heartbeat` and read the log, registered in `pasjes.nodes`;
    /// writes its credentials to `credentialsFile` (created 0600, never an existing file).
    @discardableResult
    public static func addNode(url: String, name: String, credentialsFile: String,
                               logger: Logger = Logger(label: "pasjes.central")) async throws -> CentralCredentials {
        guard isValidNodeName(name) else {
            throw CentralSetupError("Ongeldige knooppuntnaam \"\(name)\": 1 tot 40 tekens a-z, 0-9, - en _, beginnend met een letter of cijfer")
        }
        let credentials = CentralCredentials(node: name, user: "pasjes_node_\(name)", password: randomPassword())
        // The file first: an existing one refuses before any role exists.
        try credentials.write(to: credentialsFile)
        do {
            try await withAdminConnection(url: url, logger: logger) { connection in
                let role = quotedIdentifier(credentials.user)
                // The password is hex, so it needs no escaping beyond the quotes.
                let statements = [
                    "BEGIN",
                    "CREATE ROLE \(role) LOGIN NOINHERIT PASSWORD '\(credentials.password)'",
                    "GRANT USAGE ON SCHEMA pasjes TO \(role)",
                    "GRANT SELECT ON pasjes.entries, pasjes.log_head, pasjes.streams TO \(role)",
                    "GRANT EXECUTE ON FUNCTION pasjes.append_entry(TEXT, BIGINT, TEXT, BIGINT, TEXT, TEXT, TEXT, INT, TEXT, TEXT, TEXT, BOOLEAN, TEXT[], TEXT[], BIGINT) TO \(role)",
                    "GRANT EXECUTE ON FUNCTION pasjes.node_heartbeat(BIGINT, BIGINT) TO \(role)",
                    "GRANT EXECUTE ON FUNCTION pasjes.node_report(BIGINT, BIGINT, INT, BIGINT, BIGINT, TEXT) TO \(role)",
                    "GRANT EXECUTE ON FUNCTION pasjes.node_contacts() TO \(role)",
                    "GRANT EXECUTE ON FUNCTION pasjes.append_entries(JSONB) TO \(role)",
                ]
                do {
                    for statement in statements { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
                    try await connection.query("INSERT INTO pasjes.nodes (name, role) VALUES (\(name), \(credentials.user))", logger: logger)
                    try await connection.query("COMMIT", logger: logger)
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw CentralSetupError("Knooppunt \(name) toevoegen mislukt: \(describe(error))")
                }
            }
        } catch {
            unlink(credentialsFile)
            throw error
        }
        logger.info("central: node \(name) added as role \(credentials.user); credentials in \(credentialsFile)")
        return credentials
    }

    /// Node names become role names and log origins: short, lower-case, no quoting surprises.
    public static func isValidNodeName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...40).contains(bytes.count), let first = bytes.first,
              (0x61...0x7A).contains(first) || (0x30...0x39).contains(first) else { return false }
        return bytes.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x5F }
    }

    static let migrationLockKey: Int64 = 0x7061_736A_6573_0017

    static func quotedIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// 32 random bytes, hex.
    static func randomPassword() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }.joined()
    }

    /// The server's own words for a failure, or the error as Swift describes it.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError, let message = error.serverInfo?[.message] {
            return "\(error.serverInfo?[.sqlState] ?? "") \(message)"
        }
        if let error = error as? CentralSetupError { return error.message }
        return String(describing: error)
    }

    static func withAdminConnection<T: Sendable>(
        url: String, logger: Logger, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let address = try CentralAddress(url: url)
        let configuration = try address.configuration(user: nil, password: nil, applicationName: "pasjes central")
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        } catch {
            // Refused, closed or timed out, the server said nothing: PSQLError's plain description
            // hides the cause, its reflected one names it (no query is under way yet to leak).
            let cause = (error as? PSQLError).map { $0.serverInfo == nil ? String(reflecting: $0) : describe($0) } ?? describe(error)
            throw CentralSetupError("Kan PostgreSQL niet bereiken op \(address.displayName): \(cause)")
        }
        do {
            let value = try await body(connection)
            try? await connection.close()
            return value
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
