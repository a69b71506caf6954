import Foundation
import GRDB
@testable import PasjesCore
import PasjesMoney
import Testing

/// Counters belong to a location (issue 23, item 5): a field of the counter, journaled like
/// every write, so a replica replaying the log has the same counters table.
@Suite struct CounterLocationTests {
    private func location(of id: String, in ledger: Ledger) throws -> String? {
        try ledger.counters().first { $0.id == id }?.location
    }

    /// The raw column, not the decoded counter: what a replay must reproduce byte for byte.
    private func storedLocations(_ ledger: Ledger) throws -> [String: String?] {
        try ledger.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, location FROM counters").map {
                (try $0.decode(String.self, forColumn: "id"), try $0.decode(String?.self, forColumn: "location"))
            })
        }
    }

    private func journalKinds(_ ledger: Ledger) throws -> [String] {
        try ledger.read { db in try String.fetchAll(db, sql: "SELECT kind FROM journal ORDER BY seq") }
    }

    @Test func aCounterIsCreatedAtALocationWrittenInAnyCase() throws {
        let t = try TestLedger()
        let counter = try t.ledger.createCounter(Counter(id: "bar", name: "Bar", categories: [.facilitair], location: " ehv-noord "))
        #expect(counter.location == "EHV-NOORD")
        #expect(try location(of: "bar", in: t.ledger) == "EHV-NOORD")
        _ = try t.ledger.createCounter(Counter(id: "kiosk", name: "Kiosk", categories: [.facilitair]))
        #expect(try location(of: "kiosk", in: t.ledger) == nil)
    }

    @Test func aLocationIsSetChangedAndClearedAndEachChangeJournaledOnce() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        #expect(try t.ledger.setCounterLocation(id: "restaurant", location: "EHV").location == "EHV")
        #expect(try t.ledger.setCounterLocation(id: "restaurant", location: "VELD-2").location == "VELD-2")
        // The same location again changes nothing and so is not journaled.
        _ = try t.ledger.setCounterLocation(id: "restaurant", location: "veld-2")
        #expect(try journalKinds(t.ledger).filter { $0 == "counter.setLocation" }.count == 2)
        #expect(try t.ledger.setCounterLocation(id: "restaurant", location: nil).location == nil)
        #expect(try location(of: "restaurant", in: t.ledger) == nil)
        #expect(try journalKinds(t.ledger).filter { $0 == "counter.setLocation" }.count == 3)
        #expect(try location(of: "zorgpost", in: t.ledger) == nil)
    }

    @Test(arguments: ["", "EHV NOORD", "EHV:NOORD", "EHV_NOORD", "Ëindhoven", "ABCDEFGHIJKLMNOPQ", "EHV\u{00A0}N"])
    func anInvalidLocationIsRefusedWithAStableCodeAndBooksNothing(code: String) throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        let before = try journalKinds(t.ledger).count
        let set = #expect(throws: LedgerError.self) { try t.ledger.setCounterLocation(id: "restaurant", location: code) }
        #expect(set?.code == "invalid_input")
        #expect(set?.message.contains("locatiecode") == true)
        let create = #expect(throws: LedgerError.self) {
            try t.ledger.createCounter(Counter(id: "bar", name: "Bar", categories: [.facilitair], location: code))
        }
        #expect(create?.code == "invalid_input")
        #expect(try journalKinds(t.ledger).count == before)
        #expect(try location(of: "restaurant", in: t.ledger) == nil)
        #expect(try !t.ledger.counters().contains { $0.id == "bar" })
    }

    @Test func anUnknownCounterHasNoLocationToSet() throws {
        let t = try TestLedger()
        let error = #expect(throws: LedgerError.self) { try t.ledger.setCounterLocation(id: "nergens", location: "EHV") }
        #expect(error == .counterUnknown)
    }

    /// A replica that applies this ledger's journal, and `verify`'s rebuild from it, both end with
    /// the locations this ledger has, a cleared one included.
    @Test func replayingTheJournalGivesTheSameLocations() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        _ = try t.ledger.createCounter(Counter(id: "bar", name: "Bar", categories: [.facilitair], location: "VELD"))
        _ = try t.ledger.setCounterLocation(id: "restaurant", location: "EHV-NOORD")
        _ = try t.ledger.setCounterLocation(id: "atelier", location: "EHV-ZUID")
        _ = try t.ledger.setCounterLocation(id: "atelier", location: nil)
        let expected: [String: String?] = ["bar": "VELD", "restaurant": "EHV-NOORD", "atelier": nil, "zorgpost": nil]
        #expect(try storedLocations(t.ledger) == expected)
        let report = try t.ledger.verify()
        #expect(report.isClean, "\(report.problems)")

        var entries: [JournalEntry] = []
        while true {
            let page = try t.ledger.entries(after: entries.last?.seq ?? 0)
            if page.isEmpty { break }
            entries += page
        }
        let path = t.folder.appendingPathComponent("replica.sqlite").path
        let replica = try Ledger.replica(at: path, startingWith: entries[0], clock: { t.clock.now })
        _ = try replica.apply(foreign: Array(entries.dropFirst()))
        #expect(try storedLocations(replica) == expected)
        #expect(try replica.journalHead() == t.ledger.journalHead())
    }

    /// A location is not part of the counter's id: a counter that moves keeps its revenue account
    /// and its sales, and a sale's own record names the counter only.
    @Test func aCounterThatMovesKeepsItsIdAndItsSales() throws {
        let t = try TestLedger()
        try t.seedCatalogue()
        try t.client("1001", uid: "04A22B1C")
        _ = try t.ledger.setCounterLocation(id: "restaurant", location: "EHV")
        let sale = try t.charge([("KOF", 1)])
        _ = try t.ledger.setCounterLocation(id: "restaurant", location: "VELD")
        #expect(sale.counterID == "restaurant")
        let revenue = try t.ledger.read { db in
            try Int64.fetchOne(db, sql: "SELECT balance FROM accounts WHERE code = 'revenue:restaurant'")
        }
        #expect(revenue == 120)
        #expect(try t.ledger.verify().isClean)
    }
}
