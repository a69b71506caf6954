import Foundation
import PasjesCentral
import PasjesMoney
import PasjesProtocol
import PasjesTestSupport
import Synchronization
import Testing

/// Real pasjesd processes as a head office and two locations on one log in a real PostgreSQL,
/// set up the way the README tells an administrator to.
@Suite(.serialized) struct CentralDaemonTests {
    /// A head office seeded from an embedded ledger, a location that starts empty and one that
    /// starts from a snapshot; one wallet charged at both locations from 16 connections each.
    @Test func aHeadOfficeAndTwoLocationsShareOneLog() async throws {
        guard let fixture = try await CentralFixture.make() else { return }
        defer { fixture.server.stop() }
        let admin = fixture.server.adminURL
        let setup = try TestSupport.temporaryFolder("central-d")
        defer { try? FileManager.default.removeItem(at: setup) }
        for name in ["hq", "loca", "locb"] {
            let added = try TestSupport.pasjes(["central", "node", "add", name, "--url", admin, "--credentials-file",
                                                setup.appendingPathComponent("\(name).central").path], socket: "/nonexistent")
            #expect(added.status == 0, "\(added.all)")
        }
        func config(_ node: String, headOffice: Bool = false) -> String {
            """
            [central]
            url = "\(fixture.server.nodeURL)"
            node = "\(node)"
            credentials_file = "\(setup.appendingPathComponent("\(node).central").path)"
            head_office = \(headOffice)
            """
        }

        // The organisation's first ledger: an embedded pasjesd (the demo home) seeds the log.
        var hq = try DaemonProcess(demo: true)
        defer { hq.stop() }
        let seeded = try TestSupport.pasjes(["central", "seed", "--url", admin], socket: hq.socketPath)
        #expect(seeded.status == 0 && seeded.stdout.contains("Logboek gevuld"), "\(seeded.all)")
        // From the seed on the embedded pasjesd books nothing: it would be in no log.
        do {
            _ = try hq.client().callRaw("card.block", CardBlockParams(uid: "04A22B1C", reason: "na de seed"))
            Issue.record("a write after the seed was booked")
        } catch let refusal as RPCError {
            #expect(refusal.reason == "ledger_seeded", "\(refusal)")
        }
        let seededHead = try await fixture.server.psql("SELECT global_seq FROM pasjes.log_head")
        hq.stop()
        hq = try DaemonProcess(folder: hq.folder, demo: false, config: config("hq", headOffice: true))
        try CentralSite.waitUntilOnline(hq)

        // Location A starts with an empty file and pulls the whole log.
        let a = try DaemonProcess(demo: false, config: config("loca"))
        defer { a.stop() }
        try CentralSite.waitUntilOnline(a)
        // Location B starts from a snapshot of A and pulls the rest.
        let bFolder = try TestSupport.temporaryFolder("central-b")
        let snapshot = try TestSupport.pasjes(["central", "snapshot", bFolder.appendingPathComponent("ledger.sqlite").path],
                                              socket: a.socketPath)
        #expect(snapshot.status == 0 && snapshot.stdout.contains("plaats in het logboek"), "\(snapshot.all)")
        let b = try DaemonProcess(folder: bFolder, demo: false, config: config("locb"))
        defer { b.stop() }
        try CentralSite.waitUntilOnline(b)
        let bInfo = try b.client().call("system.info", NoParams(), as: SystemInfo.self)
        #expect(bInfo.central?.node == "locb", "the node's identity comes from its config and the log, not the snapshot")
        #expect(Int64(seededHead.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 > 0)

        // One wallet, both locations, 16 connections each, three meals per connection.
        let before = try a.client().call("wallet.get", ClientRef(number: "1001"), as: WalletInfo.self).balance.minorUnits
        let outcomes = try await TestSupport.onThreads(32) { thread -> [String] in
            let node = thread % 2 == 0 ? a : b
            let client = try node.client()
            return (0..<3).map { round in
                do {
                    let sale = try client.call("sale.charge", SaleChargeParams(
                        idempotencyKey: "t\(thread)-\(round)", counter: "restaurant", items: [SaleItem(product: "MAALT", quantity: 1)],
                        clientNumber: "1001", reason: "test"), as: SaleResult.self)
                    return "ok:\(sale.fromWallet.minorUnits)"
                } catch let refusal as RPCError {
                    return refusal.reason
                } catch {
                    return "\(error)"
                }
            }
        }.flatMap { $0 }
        let charged = outcomes.compactMap { $0.hasPrefix("ok:") ? Int64($0.dropFirst(3)) : nil }
        let refusals = Set(outcomes.filter { !$0.hasPrefix("ok:") })
        print("central daemons: \(charged.count) charges, refusals \(refusals)")
        #expect(!charged.isEmpty)
        #expect(refusals.isSubset(of: ["insufficient_funds", "busy", "stream_conflict"]), "\(refusals)")

        // The head office blocks a card; the other location refuses it once its puller applied it.
        let blockStarted = Date()
        _ = try hq.client().callRaw("card.block", CardBlockParams(uid: "04A22B1C", reason: "kwijt"))
        var seenBlocked = false
        while Date().timeIntervalSince(blockStarted) < 20 {
            if try b.client().call("card.get", CardRef(uid: "04A22B1C"), as: CardDetail.self).card.state == .blocked {
                seenBlocked = true
                break
            }
            usleep(20_000)
        }
        #expect(seenBlocked)
        print("central daemons: a block at the head office reached locb in \(Int(Date().timeIntervalSince(blockStarted) * 1000)) ms")
        do {
            _ = try b.client().call("sale.charge", SaleChargeParams(idempotencyKey: "geblokkeerd", counter: "restaurant",
                                                                    items: [SaleItem(product: "KOF", quantity: 1)],
                                                                    cardUid: "04A22B1C", reason: "test"), as: SaleResult.self)
            Issue.record("a card blocked at the head office was charged at another location")
        } catch let refusal as RPCError {
            #expect(refusal.reason == "card_blocked", "\(refusal)")
        }

        // Every replica equals the log, and shows the same wallet.
        let logHead = Int64(try await fixture.server.psql("SELECT global_seq FROM pasjes.log_head").output
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        for node in [hq, a, b] {
            try CentralSite.waitUntilApplied(node, logHead)
            let wallet = try node.client().call("wallet.get", ClientRef(number: "1001"), as: WalletInfo.self)
            #expect(wallet.balance.minorUnits == before - charged.reduce(0, +))
            #expect(wallet.balance.minorUnits >= 0)
            let verified = try TestSupport.pasjes(["central", "verify"], socket: node.socketPath)
            #expect(verified.status == 0 && verified.stdout.contains("In orde"), "\(verified.all)")
            let info = try node.client().call("system.info", NoParams(), as: SystemInfo.self)
            #expect(info.central?.appliedSeq == logHead && info.central?.lagEntries == 0)
        }
        let status = try TestSupport.pasjes(["central", "status", "--url", admin], socket: "/nonexistent")
        #expect(status.status == 0 && ["hq", "loca", "locb"].allSatisfy(status.stdout.contains), "\(status.all)")
    }
}
