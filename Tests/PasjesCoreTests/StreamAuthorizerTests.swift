import Foundation
import GRDB
import GRDBSQLite
import PasjesMoney
import Synchronization
import Testing
@testable import PasjesCore

/// Every command kind reads and writes only the streams it declares (issue 22, "Streams").
///
/// Each kind runs once through `Ledger.execute` on a real ledger file while GRDB's trace
/// records every statement the writer connection runs and a transaction observer (SQLite's
/// update hook) records every row written. Each statement is then compiled again on a second,
/// read-only connection under `sqlite3_set_authorizer`, which names every table it reads.
/// A table read must belong to a declared read stream's kind (and where the statement looks a
/// row up by its key, to that very stream); every row written must belong to declared write
/// streams only.
@Suite struct StreamAuthorizerTests {
    @Test(arguments: CommandRegistry.types.map { $0.kind })
    func commandTouchesOnlyItsDeclaredStreams(kind: String) throws {
        guard let sample = Self.samples[kind] else {
            Issue.record("no sample for \(kind): add one so its streams are checked")
            return
        }
        let t = try Self.baseLedger()
        let prepared = try sample(t)
        let observed = try Self.observe(prepared.command, on: prepared.ledger, at: prepared.time)
        #expect(!observed.rowsWritten.isEmpty, "\(kind) wrote nothing: the sample proves nothing")
        for problem in observed.problems { Issue.record("\(kind): \(problem)") }
    }

    /// The declared sets obey their own rule: a command reads what it writes, except what it
    /// appends to a month.
    @Test func readsIncludeWritesButAppends() throws {
        for (kind, sample) in Self.samples {
            let prepared = try sample(try Self.baseLedger())
            let streams = try prepared.ledger.read { db in try prepared.command.streams(in: db, at: prepared.time) }
            let unread = streams.writes.subtracting(streams.reads)
            #expect(unread.allSatisfy { $0.kind == .month }, "\(kind) writes \(unread.sorted()) unread")
        }
        #expect(StreamName.monthStatus(Self.november).rawValue == "month-status:2026-11")
        #expect(StreamName.monthStatus(Self.november).kind == .monthStatus)
        #expect(StreamName.month(Self.november).rawValue == "month:2026-11")
        #expect(StreamName.solidarity.kind == .solidarity)
        #expect(StreamName.card("04A22B1C").rawValue == "card:04A22B1C")
    }

    /// What the streams are for: two coffees of two residents never conflict, at one counter
    /// in one month; one resident's two coffees do; a booking and the close of its month do; a
    /// price change and a sale of that product do.
    @Test func coffeesConflictOnlyWhereTheRulesMeetEachOther() throws {
        let t = try Self.baseLedger()
        func streams(_ command: some LedgerCommand, at time: Date = t.clock.now) throws -> CommandStreams {
            try t.ledger.read { db in try command.streams(in: db, at: time) }
        }
        func coffee(_ uid: String, counter: String = "restaurant") -> SaleCharge {
            SaleCharge(request: ChargeRequest(counterID: counter, payer: .card(uid: uid),
                                              items: [ChargeItem(productCode: "KOF", quantity: 1)]),
                       operator: Self.cashier, key: UUID().uuidString)
        }
        let first = try streams(coffee("04A22B1C"))
        let second = try streams(coffee("04B7C2D9"))
        #expect(!first.conflicts(with: second), "\(first) against \(second)")
        #expect(first.writes.contains(.month(Self.november)) && !first.reads.contains(.month(Self.november)))
        #expect(!first.writes.contains(.product("KOF")) && !first.writes.contains(.counter("restaurant")))
        #expect(try first.conflicts(with: streams(coffee("04A22B1C"))))
        let close = try streams(MonthClose(month: Self.november, operator: Self.admin, key: "close", inOrder: true),
                                at: TestLedger.utc("2026-12-02T09:00:00Z"))
        #expect(close.reads.contains(.month(Self.november)) && close.writes.contains(.monthStatus(Self.november)))
        #expect(first.conflicts(with: close))
        #expect(try first.conflicts(with: streams(ProductUpdate(code: "kof", name: nil, price: Amount(130), active: nil))))
    }

    // MARK: - The ledger every sample starts from

    static let november = Month(year: 2026, month: 11)
    static let december = Month(year: 2026, month: 12)

    /// Catalogue, a solidarity contribution, and clients 1001 (card 04A22B1C) and 1002 (card
    /// 04B7C2D9) with money for November.
    static func baseLedger() throws -> TestLedger {
        let t = try TestLedger()
        try t.seedCatalogue()
        _ = try t.ledger.setSolidarity(SolidarityPolicy(basisPoints: 100))
        try t.client("1001", uid: "04A22B1C", amount: 10_000)
        try t.client("1002", uid: "04B7C2D9", amount: 8_000)
        return t
    }

    struct Prepared {
        var ledger: Ledger
        var command: any LedgerCommand
        var time: Date
    }

    typealias Sample = @Sendable (TestLedger) throws -> Prepared

    static func on(_ t: TestLedger, _ command: any LedgerCommand) -> Prepared {
        Prepared(ledger: t.ledger, command: command, time: t.clock.now)
    }

    static let admin = TestLedger.admin
    static let cashier = TestLedger.cashier

    static func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

    /// A third resident without a card.
    static func thirdClient(_ t: TestLedger) throws {
        _ = try t.ledger.createClient(NewClient(number: "1003", name: "Derde Bewoner", zzp: "VV5"), idempotencyKey: "c-1003")
    }

    /// Activity KOOR (capacity `capacity`) at the atelier and its session on 20 November, 10:00.
    static func session(_ t: TestLedger, capacity: Int = 10) throws -> String {
        try t.activity("KOOR", price: 500, capacity: capacity)
        return try t.session("KOOR")
    }

    /// A fresh, empty ledger file the way `verify` rebuilds into: its first entry creates it.
    static func emptyLedger(_ t: TestLedger) throws -> Ledger {
        try Ledger(path: t.folder.appendingPathComponent("empty.sqlite").path, setup: Ledger.Setup(policy: TestLedger.policy),
                   clock: { t.clock.now }, opening: .rebuilding)
    }

    static let samples: [String: Sample] = [
        LedgerCreate.kind: { t in
            Prepared(ledger: try emptyLedger(t), command: LedgerCreate(unit: .cents, policy: TestLedger.policy),
                     time: t.clock.now)
        },
        LedgerImport.kind: { t in
            _ = try t.charge([("KOF", 1)])
            let tables = try t.ledger.read { db in try TableSnapshot.all(in: db) }
            return Prepared(ledger: try emptyLedger(t), command: LedgerImport(tables: tables), time: t.clock.now)
        },
        LedgerUpgrade.kind: { t in on(t, LedgerUpgrade(ruleset: .codeDerived)) },
        NodeJoin.kind: { t in on(t, NodeJoin(node: t.ledger.nodeID)) },
        ClientCreate.kind: { t in
            on(t, ClientCreate(client: NewClient(number: "1003", name: "Derde Bewoner", zzp: "VV5"),
                               ownContributionCap: .zero, key: "c-1003", duplicateCheck: true))
        },
        ClientUpdate.kind: { t in on(t, ClientUpdate(number: "1002", change: ClientChange(department: "Noord"))) },
        ClientImport.kind: { t in
            on(t, ClientImport(rows: [ClientImportRow(line: 2, client: NewClient(number: "1004", name: "Vierde Bewoner",
                                                                                 zzp: "VV5", ownContributionCap: .zero))],
                               toch: false, key: "import-1"))
        },
        CardImport.kind: { t in
            try thirdClient(t)
            return on(t, CardImport(rows: [CardImportRow(line: 2, uid: "04D1E2F3", clientNumber: "1003")], key: "import-2"))
        },
        CardLink.kind: { t in
            try thirdClient(t)
            return on(t, CardLink(uid: "04D1E2F3", clientNumber: "1003", extra: false, key: "link-1003"))
        },
        CardBlock.kind: { t in on(t, CardBlock(uid: "04B7C2D9", state: .lost, reason: "kwijt")) },
        CardUnblock.kind: { t in
            _ = try t.ledger.blockCard(uid: "04B7C2D9", state: .lost, reason: "kwijt")
            return on(t, CardUnblock(uid: "04B7C2D9", reason: "gevonden"))
        },
        CardReplace.kind: { t in on(t, CardReplace(oldUID: "04B7C2D9", newUID: "04C3D4E5", key: "replace-1002")) },
        ProductCreate.kind: { t in
            on(t, ProductCreate(product: Product(code: "THEE", name: "Thee", price: Amount(110), category: .facilitair,
                                                 attributable: true, influenceable: true)))
        },
        ProductUpdate.kind: { t in on(t, ProductUpdate(code: "KOF", name: nil, price: Amount(130), active: nil)) },
        CounterCreate.kind: { t in on(t, CounterCreate(counter: Counter(id: "winkel", name: "Winkel", categories: [.facilitair]))) },
        CounterSetLocation.kind: { t in on(t, CounterSetLocation(counterID: "restaurant", location: "EHV-NOORD")) },
        TariffsSet.kind: { t in
            on(t, TariffsSet(table: TariffTable(["VV5": Tariff(dayTariff: Amount(26_392), personalShareBasisPoints: 300)])))
        },
        BudgetAllocate.kind: { t in
            on(t, BudgetAllocate(clientNumber: "1002", month: december, amount: nil, operator: admin, key: "dec-1002"))
        },
        BudgetAllocateAll.kind: { t in
            try thirdClient(t)
            return on(t, BudgetAllocateAll(month: december, operator: admin, key: "dec-all"))
        },
        BudgetReverse.kind: { t in
            _ = try t.ledger.allocate(clientNumber: "1002", month: december, amount: Amount(4_000), operator: admin,
                                      idempotencyKey: "dec-1002")
            return on(t, BudgetReverse(clientNumber: "1002", month: december, reason: "te vroeg", operator: admin,
                                       key: "undo-dec-1002", returnsSolidarity: true))
        },
        AllocationsLand.kind: { t in
            _ = try t.ledger.allocate(clientNumber: "1002", month: december, amount: Amount(4_000), operator: admin,
                                      idempotencyKey: "dec-1002")
            t.clock.set(TestLedger.utc("2026-12-02T09:00:00Z"))
            return on(t, AllocationsLand())
        },
        SaleCharge.kind: { t in
            on(t, SaleCharge(request: ChargeRequest(counterID: "restaurant", payer: .card(uid: "04A22B1C"),
                                                    items: [ChargeItem(productCode: "KOF", quantity: 2),
                                                            ChargeItem(productCode: "MAALT", quantity: 1)]),
                             operator: cashier, key: "sale-1"))
        },
        SaleReverse.kind: { t in
            let sale = try t.charge([("KOF", 1)])
            return on(t, SaleReverse(saleID: sale.saleID, operator: admin, reason: "verkeerd", key: "undo-sale",
                                     releasesBooking: true))
        },
        SaleSettleRisk.kind: { t in
            // An offline sale of another node applied on a wallet too short for it.
            _ = try t.ledger.apply(foreign: [try offlineEntry(t, originSeq: 1, items: [("KOF", 100)], key: "offline-1")])
            let risk = try #require(try t.ledger.offlineRisks().first)
            return on(t, SaleSettleRisk(saleID: risk.saleID, settlement: .organisation, operator: admin, key: "settle-1"))
        },
        CardIssue.kind: { t in
            try thirdClient(t)
            return on(t, CardIssue(uid: "04D1E2F3", clientNumber: "1003", keyVersion: 1, extra: false, key: "issue-1003"))
        },
        MonthClose.kind: { t in
            _ = try t.charge([("KOF", 1)])
            // A settled session of the month: the close looks for open holds of its sessions.
            let session = try session(t)
            try t.book(session, "1001")
            t.clock.set(TestLedger.utc("2026-11-20T09:05:00Z"))
            try t.checkIn(session, uid: "04A22B1C")
            t.clock.set(TestLedger.utc("2026-11-20T13:00:00Z"))
            _ = try t.ledger.closeSession(SessionRequest(sessionID: session), operator: admin, idempotencyKey: "close-koor")
            t.clock.set(TestLedger.utc("2026-12-02T09:00:00Z"))
            return on(t, MonthClose(month: november, operator: admin, key: "close-nov", inOrder: true))
        },
        ClientContactAdd.kind: { t in
            on(t, ClientContactAdd(clientNumber: "1001", contact: ClientContact(role: "mentor", name: "J. de Vries",
                                                                                email: "j@example.nl"), key: "contact-1"))
        },
        ArrangementAdd.kind: { t in
            on(t, ArrangementAdd(clientNumber: "1001", productCode: "DOUCHE", quantity: 1, per: .week,
                                 from: day("2026-11-01"), through: nil, operator: admin, key: "arr-1"))
        },
        ArrangementEnd.kind: { t in
            let added = try t.ledger.addArrangement(clientNumber: "1001", productCode: "DOUCHE", quantity: 1, per: .week,
                                                    from: day("2026-11-01"), through: nil, operator: admin,
                                                    idempotencyKey: "arr-1")
            return on(t, ArrangementEnd(arrangementID: added.arrangement.id, through: day("2026-11-30"), operator: admin,
                                        key: "arr-end"))
        },
        ClientAbsenceRecord.kind: { t in
            _ = try t.ledger.addArrangement(clientNumber: "1001", productCode: "DOUCHE", quantity: 1, per: .week,
                                            from: day("2026-11-01"), through: nil, operator: admin, idempotencyKey: "arr-1")
            let session = try session(t)
            try t.book(session, "1001")
            try t.book(session, "1002")
            return on(t, ClientAbsenceRecord(clientNumber: "1001", from: day("2026-11-16"), through: day("2026-11-20"),
                                             reason: .hospital, note: nil, operator: admin, key: "absent-1"))
        },
        BudgetGrant.kind: { t in
            on(t, BudgetGrant(clientNumber: "1002", amount: Amount(50), reason: "griep", operator: admin, key: "grant-1"))
        },
        SolidaritySet.kind: { t in on(t, SolidaritySet(policy: SolidarityPolicy(basisPoints: 200))) },
        ActivityRulesSet.kind: { t in
            on(t, ActivityRulesSet(rules: ActivityRules(cutoffMinutes: 120, latePolicy: .charge, graceMinutes: 10)))
        },
        BudgetGrantReverse.kind: { t in
            let grant = try t.ledger.grant(clientNumber: "1002", amount: Amount(50), reason: "griep", operator: admin,
                                           idempotencyKey: "grant-1")
            return on(t, BudgetGrantReverse(transferID: grant.transferID, reason: "vergissing", operator: admin,
                                            key: "grant-undo"))
        },
        ActivityCreate.kind: { t in
            on(t, ActivityCreate(activity: Activity(code: "ZANG", name: "Zingen", category: .dagbesteding,
                                                    price: Amount(300), capacity: 8, place: "Atelier", durationMinutes: 60,
                                                    counterID: "atelier"), operator: admin, key: nil))
        },
        ActivitySchedule.kind: { t in
            try t.activity("KOOR", price: 500)
            return on(t, ActivitySchedule(plan: SessionPlan(activityCode: "KOOR", firstDay: "2026-11-20", startTime: "10:00",
                                                            untilDay: "2026-12-04"), operator: admin, key: nil))
        },
        ActivityBook.kind: { t in
            let session = try session(t)
            return on(t, ActivityBook(request: BookingRequest(sessionID: session, payer: .card(uid: "04A22B1C")),
                                      operator: cashier, key: "book-1", refusesAbsence: true))
        },
        ActivityCheckIn.kind: { t in
            let session = try session(t)
            try t.book(session, "1001")
            t.clock.set(TestLedger.utc("2026-11-20T09:05:00Z"))
            return on(t, ActivityCheckIn(request: BookingRequest(sessionID: session, payer: .card(uid: "04A22B1C")),
                                         rules: ActivityRules(), operator: cashier, key: "in-1", refusesAbsence: true))
        },
        ActivityCancelBooking.kind: { t in
            let session = try session(t, capacity: 1)
            try t.book(session, "1001")
            try t.book(session, "1002")
            return on(t, ActivityCancelBooking(request: BookingRequest(sessionID: session, payer: .client(number: "1001")),
                                               rules: ActivityRules(), operator: admin, key: "cancel-1"))
        },
        ActivityCancelSession.kind: { t in
            let session = try session(t)
            try t.book(session, "1001")
            return on(t, ActivityCancelSession(request: SessionRequest(sessionID: session, reason: "ziek"), operator: admin,
                                               key: "cancel-session"))
        },
        ActivityClose.kind: { t in
            let session = try session(t)
            try t.book(session, "1001")
            try t.book(session, "1002")
            t.clock.set(TestLedger.utc("2026-11-20T09:05:00Z"))
            try t.checkIn(session, uid: "04A22B1C")
            t.clock.set(TestLedger.utc("2026-11-20T13:00:00Z"))
            return on(t, ActivityClose(request: SessionRequest(sessionID: session), rules: ActivityRules(latePolicy: .charge),
                                       operator: admin, key: "close-session"))
        },
        ActivityRelease.kind: { t in
            let session = try session(t, capacity: 1)
            try t.book(session, "1001")
            try t.book(session, "1002")
            return on(t, ActivityRelease(request: ReleaseRequest(clientNumber: "1001", fromDay: "2026-11-20",
                                                                 throughDay: "2026-11-20"), operator: admin, key: "release-1"))
        },
    ]
}
