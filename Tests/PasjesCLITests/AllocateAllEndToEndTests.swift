import Foundation
import PasjesTestSupport
import Testing

/// Issue 20, item 8: `budget allocate --all` gives every client who has not left the month's
/// budget from the tariffs in one transaction, with a summary; a second run allocates nothing twice.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjesd"))
                            && FileManager.default.isExecutableFile(atPath: TestSupport.binary("pasjes"))))
struct AllocateAllEndToEndTests {
    func pasjes(_ arguments: [String], _ daemon: DaemonProcess) throws -> CLIRun {
        try TestSupport.pasjes(arguments, socket: daemon.socketPath)
    }

    func json(_ run: CLIRun) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] ?? [:]
    }

    @Test func everyActiveClientOnceWithASummary() throws {
        let daemon = try DaemonProcess(demo: false, config: AllocationsEndToEndTests.config)
        defer { daemon.stop() }
        let next = AllocationsEndToEndTests.months().next
        for number in ["1001", "1002", "1003", "1004"] {
            #expect(try pasjes(["client", "create", number, "--name", "Cliënt \(number)", "--zzp", "VV5", "--location", "De Linde",
                                "--department", "Noord"], daemon).status == 0)
        }
        #expect(try pasjes(["client", "update", "1004", "--status", "beëindigd"], daemon).status == 0)
        let single = try json(try pasjes(["budget", "allocate", "1003", "--month", next, "--json"], daemon))
        let amount = try #require(single["amount"] as? Int)

        let dry = try pasjes(["budget", "allocate", "--all", "--month", next, "--dry-run", "--json"], daemon)
        #expect(dry.status == 0, "\(dry.all)")
        let planned = try json(dry)
        #expect(planned["allocated"] as? Int == 2 && planned["total"] as? Int == 2 * amount && planned["dryRun"] as? Bool == true)
        let skipped = try #require((planned["skipped"] as? [[String: Any]])?.first)
        #expect(skipped["reason"] as? String == "already_allocated" && skipped["examples"] as? [String] == ["1003"])

        let booked = try pasjes(["budget", "allocate", "--all", "--month", next], daemon)
        #expect(booked.status == 0 && booked.stdout.contains("\(next): 2 cliënt(en) toegekend"), "\(booked.all)")
        #expect(booked.stdout.contains("1 × al toegekend voor \(next): 1003"), "\(booked.stdout)")
        let again = try json(try pasjes(["budget", "allocate", "--all", "--month", next, "--json"], daemon))
        #expect(again["allocated"] as? Int == 0)
        #expect((again["skipped"] as? [[String: Any]])?.first?["count"] as? Int == 3, "1004 has left: not counted")
        #expect(try pasjes(["verify"], daemon).status == 0)
    }
}
