import Foundation
import PasjesProtocol
import PasjesTestSupport
import Testing
@testable import PasjesDaemon

/// Issue 20, item 1: what pasjesd stages for an import is bounded (rows, kind, age) and an
/// import that is gone says so; nothing is booked before `import.commit`.
@Suite struct ImportStagingTests {
    func reason(_ body: () throws -> Void) -> String? {
        do { try body() } catch let error as RPCError { return error.reason } catch { return "\(error)" }
        return nil
    }

    @Test func stagedRowsAreBoundedAndExpire() throws {
        let clock = MovableClock(Date())
        let daemon = try InProcessDaemon(clock: clock.daemonClock)
        defer { daemon.stop() }
        let admin = try daemon.client()
        let id = try admin.call("import.begin", ImportBeginParams(kind: .clients), as: ImportBeginResult.self).importId
        let card = ImportCardRow(line: 2, uid: "04AABBCC", clientNumber: "1001")
        #expect(reason { _ = try admin.call("import.rows", ImportRowsParams(importId: id, cards: [card]), as: ImportRowsResult.self) }
                == "invalid_params", "a clients import takes no cards")

        // Pages that each fit a line, until the import holds its most rows: one more is refused.
        let page = (0..<700).map { ImportClientRow(line: $0 + 2, number: "N\($0)", name: "", zzp: "", location: "", department: "") }
        var staged = 0
        while staged + page.count <= ImportStaging.maxRows {
            staged = try admin.call("import.rows", ImportRowsParams(importId: id, clients: page), as: ImportRowsResult.self).staged
        }
        let over = Array(page.prefix(ImportStaging.maxRows - staged + 1))
        #expect(reason { _ = try admin.call("import.rows", ImportRowsParams(importId: id, clients: over), as: ImportRowsResult.self) }
                == "import_too_large")

        let small = try admin.call("import.begin", ImportBeginParams(kind: .clients), as: ImportBeginResult.self).importId
        let row = ImportClientRow(line: 2, number: "2001", name: "Nieuwe Bewoner", zzp: "VV5", location: "De Linde", department: "Noord")
        _ = try admin.call("import.rows", ImportRowsParams(importId: small, clients: [row]), as: ImportRowsResult.self)
        let checked = try admin.call("import.check", ImportCheckParams(importId: small), as: ImportCheckResult.self)
        #expect(checked.new == 1 && checked.problemCount == 0)
        #expect(reason { _ = try admin.call("client.get", ClientRef(number: "2001"), as: ClientInfo.self) } == "client_unknown",
                "a check books nothing")
        clock.advance(seconds: Double(ImportStaging.ttlSeconds + 1))
        #expect(reason { _ = try admin.call("import.commit", ImportCommitParams(importId: small, idempotencyKey: UUID().uuidString),
                                            as: ImportCommitResult.self) } == "import_unknown")
    }
}
