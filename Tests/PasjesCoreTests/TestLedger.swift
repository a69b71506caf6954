import Foundation
import PasjesCore
import PasjesMoney
import Synchronization

/// A clock the test moves by hand, to cross month boundaries.
final class TestClock: Sendable {
    private let current: Mutex<Date>
    init(_ date: Date) { current = Mutex(date) }
    var now: Date { current.withLock { $0 } }
    func set(_ date: Date) { current.withLock { $0 = date } }
}

/// A fresh ledger in its own temporary folder: tests run in parallel with themselves.
struct TestLedger {
    let ledger: Ledger
    let folder: URL
    let clock: TestClock
    var path: String { folder.appendingPathComponent("ledger.sqlite").path }

    /// 15 November 2026, 12:00 in Amsterdam.
    static let midNovember = utc("2026-11-15T11:00:00Z")

    init(policy: BudgetPolicy = TestLedger.policy, at date: Date = TestLedger.midNovember) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pasjes-core-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let clock = TestClock(date)
        self.clock = clock
        ledger = try Ledger(path: folder.appendingPathComponent("ledger.sqlite").path,
                            setup: Ledger.Setup(unit: .cents, policy: policy), clock: { clock.now })
    }

    static let policy = BudgetPolicy(
        saving: .none, reserveBasisPoints: 1_000, dayTariffs: ["VV5": Amount(26_392)],
        personalShareBasisPoints: 300, fixedContributionsPerMonth: Amount(2_000),
        defaultOwnContributionCap: Amount(5_000))

    static let admin = Operator(uid: 0, name: "root")
    static let cashier = Operator(uid: 1001, name: "kassa1")

    /// Counters `restaurant` (facilitair, welzijn) and `zorgpost` (zorg), and a few products.
    func seedCatalogue() throws {
        _ = try ledger.createCounter(Counter(id: "restaurant", name: "Restaurant", categories: [.facilitair, .welzijn]))
        _ = try ledger.createCounter(Counter(id: "zorgpost", name: "Zorgpost", categories: [.zorg]))
        _ = try ledger.createCounter(Counter(id: "atelier", name: "Atelier", categories: [.dagbesteding]))
        _ = try ledger.createProduct(Product(code: "KOF", name: "Koffie", price: Amount(120), category: .facilitair,
                                             attributable: true, influenceable: true))
        _ = try ledger.createProduct(Product(code: "MAALT", name: "Maaltijd", price: Amount(750), category: .facilitair,
                                             attributable: true, influenceable: true))
        _ = try ledger.createProduct(Product(code: "DOUCHE", name: "Douche", price: Amount(1_000), category: .zorg,
                                             attributable: true, influenceable: true))
        _ = try ledger.createProduct(Product(code: "INCO", name: "Incontinentie", price: Amount(900), category: .zorg,
                                             attributable: true, influenceable: false))
        _ = try ledger.createProduct(Product(code: "HUISK", name: "Huiskamer", price: Amount(500), category: .welzijn,
                                             attributable: false, influenceable: true))
        _ = try ledger.createProduct(Product(code: "SCHILD", name: "Schilderen", price: Amount(500),
                                             category: .dagbesteding, attributable: true, influenceable: true))
    }

    /// A client with a card and an allocation of `amount` (reserve 10 %) for November 2026.
    @discardableResult
    func client(_ number: String = "1001", uid: String = "04A22B1C", amount: Int64 = 10_000,
                own: Bool = false, cap: Int64 = 0) throws -> Client {
        let client = try ledger.createClient(
            NewClient(number: number, name: "Cliënt \(number)", zzp: "VV5", allowOwnContribution: own,
                      ownContributionCap: Amount(cap)), idempotencyKey: "c-\(number)")
        _ = try ledger.linkCard(uid: uid, clientNumber: number, idempotencyKey: "k-\(uid)")
        if amount > 0 {
            _ = try ledger.allocate(clientNumber: number, month: Month(containing: clock.now), amount: Amount(amount),
                                    operator: TestLedger.admin, idempotencyKey: "a-\(number)-\(Month(containing: clock.now))")
        }
        return client
    }

    /// Charges `items` on card `uid` at `counter` with a fresh key.
    @discardableResult
    func charge(_ items: [(String, Int64)], uid: String = "04A22B1C", counter: String = "restaurant",
                key: String = UUID().uuidString) throws -> ChargeResult {
        try ledger.charge(ChargeRequest(counterID: counter, payer: .card(uid: uid),
                                        items: items.map { ChargeItem(productCode: $0.0, quantity: $0.1) }),
                          operator: TestLedger.cashier, idempotencyKey: key)
    }

    func balance(_ number: String = "1001") throws -> Int64 {
        try ledger.wallet(clientNumber: number).balance.minorUnits
    }

    static func utc(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }
}
