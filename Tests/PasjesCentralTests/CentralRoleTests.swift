import Foundation
import PasjesCentral
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What a node's role may and may not do, checked as that role (with psql, as an operator would).
@Suite struct CentralRoleTests {
    @Test func nodeRoleCannotAppendAsAnotherOriginNorChangeTheLogDirectly() async throws {
        guard let fixture = try await CentralFixture.make() else { return }
        defer { fixture.server.stop() }
        let (linde, lindeLogin) = try await fixture.node("linde")
        let (eik, _) = try await fixture.node("eik")
        _ = try await eik.append(proposal("eik", 1))
        await #expect(throws: CentralError.notOrigin) { try await linde.append(proposal("eik", 2)) }
        await #expect(throws: CentralError.notOrigin) { try await linde.append(proposal("nergens", 1)) }

        let asLinde = { (sql: String) async throws -> (status: Int32, output: String) in
            try await fixture.server.psql(sql, user: lindeLogin.user, password: lindeLogin.password)
        }
        // Reading is allowed.
        #expect(try await asLinde("SELECT count(*) FROM pasjes.entries").output.hasPrefix("1"))
        for sql in [
            "UPDATE pasjes.entries SET command = '{}'",
            "DELETE FROM pasjes.entries",
            "TRUNCATE pasjes.entries",
            """
            INSERT INTO pasjes.entries VALUES (2, 'linde', 1, '2026-12-01T10:00:00.000Z', NULL, NULL, NULL, 'x', 1, NULL,
                '{}', '{}', false, '{}', '{}', 'h', 'h2', now())
            """,
            "UPDATE pasjes.log_head SET global_seq = 0",
            "INSERT INTO pasjes.streams VALUES ('client:1', 999)",
            "UPDATE pasjes.nodes SET role = 'pasjes_node_linde' WHERE name = 'eik'",
            "SELECT pasjes.entry_hash(ARRAY['a'])",
        ] {
            let result = try await asLinde(sql)
            #expect(result.status != 0, "\(sql) went through as the node")
            #expect(result.output.contains("permission denied"), "\(sql): \(result.output)")
        }
        // Not even the owner changes an entry: the triggers refuse.
        for sql in ["UPDATE pasjes.entries SET command = '{}'", "DELETE FROM pasjes.entries", "TRUNCATE pasjes.entries"] {
            let result = try await fixture.server.psql(sql)
            #expect(result.status != 0 && result.output.contains("never changed or removed"), "\(sql): \(result.output)")
        }
        #expect(try await fixture.server.psql("SELECT count(*) FROM pasjes.entries").output.hasPrefix("1"))
        // A wrong password does not log in.
        let wrong = try await fixture.server.psql("SELECT 1", user: lindeLogin.user, password: "wrong")
        #expect(wrong.status != 0 && wrong.output.contains("password authentication failed"), "\(wrong.output)")
        await linde.close()
        await eik.close()
    }

    @Test func credentialsFileIsOwnerOnlyAndNeverOverwritten() async throws {
        guard let fixture = try await CentralFixture.make() else { return }
        defer { fixture.server.stop() }
        let path = fixture.server.folder + "/linde.central"
        umask(0o022)
        let login = try await CentralAdmin.addNode(url: fixture.server.adminURL, name: "linde", credentialsFile: path,
                                                   logger: quietLogger)
        var info = stat()
        #expect(lstat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(try CentralCredentials.read(from: path) == login)
        #expect(login.password.count == 64)
        // An existing file is refused (and no second role appears for it).
        await #expect(throws: CentralSetupError.self) {
            try await CentralAdmin.addNode(url: fixture.server.adminURL, name: "eik", credentialsFile: path, logger: quietLogger)
        }
        #expect(try CentralCredentials.read(from: path) == login)
        // A symlink planted where the file goes is not followed.
        let target = fixture.server.folder + "/elsewhere"
        let link = fixture.server.folder + "/eik.central"
        #expect(symlink(target, link) == 0)
        await #expect(throws: CentralSetupError.self) {
            try await CentralAdmin.addNode(url: fixture.server.adminURL, name: "eik", credentialsFile: link, logger: quietLogger)
        }
        #expect(!FileManager.default.fileExists(atPath: target))
        let roles = try await fixture.server.psql("SELECT string_agg(name, ',' ORDER BY name) FROM pasjes.nodes")
        #expect(roles.output.trimmingCharacters(in: .whitespacesAndNewlines) == "linde")
        // A bad name never reaches PostgreSQL.
        await #expect(throws: CentralSetupError.self) {
            try await CentralAdmin.addNode(url: fixture.server.adminURL, name: "Linde\"; DROP", credentialsFile: link + "2",
                                           logger: quietLogger)
        }
    }
}
