import Foundation
import PasjesCore
import PasjesMoney
import Synchronization

/// A ledger whose list replies are as large as the input rules allow: every name, place,
/// location and department at its maximum length in 4-byte characters (𝔄, emoji), and enough of
/// each to fill several protocol lines. Issue 19: a reply larger than the clients' line limit
/// broke `pasjes` and the activity desk.
public enum WorstCaseLedger {
    /// The day of the activity sessions (November 2026, whatever today is).
    public static let day = "2026-11-20"
    public static let month = "2026-11"
    /// The client with every purchase, contact and wallet line.
    public static let buyer = "2001"
    /// The session with the long roster: the first of the day, so the desk selects it.
    public static let bigSession = "GROOT-20261120-0700"
    public static let clients = 120
    public static let purchases = 400
    public static let contacts = 5
    public static let sessions = 101
    public static let activities = 131

    /// `count` scalars of four UTF-8 bytes each, a letter among them (names need one).
    public static func text(_ count: Int, _ letter: Character = "𝔄") -> String {
        String(repeating: letter, count: count - 1) + "😀"
    }

    /// The product's name: its own letter, so a test can count where it is shown.
    public static let productName = text(100, "𝔇")

    /// Writes the ledger into `folder` (as `ledger.sqlite`, where `InProcessDaemon` looks).
    public static func make(in folder: URL) throws {
        let now = Mutex(try Date("2026-11-02T08:00:00Z", strategy: .iso8601))
        let ledger = try Ledger(path: folder.appendingPathComponent("ledger.sqlite").path,
                                setup: Ledger.Setup(unit: .cents, policy: BudgetPolicy()), clock: { now.withLock { $0 } })
        defer { try? ledger.close() }
        let admin = Operator(uid: 0, name: "root")
        _ = try ledger.createCounter(Counter(id: "restaurant", name: text(100), categories: [.facilitair, .welzijn]))
        _ = try ledger.createCounter(Counter(id: "dagbesteding", name: text(100), categories: [.dagbesteding, .welzijn]))
        _ = try ledger.createProduct(Product(code: "KOF", name: productName, price: Amount(1), category: .facilitair,
                                             attributable: true, influenceable: true))
        for index in 0..<clients {
            let number = String(2001 + index)
            _ = try ledger.createClient(NewClient(number: number, name: text(200), zzp: "VV5", location: text(100),
                                                  department: text(100)), idempotencyKey: "c\(number)", toch: true)
        }
        _ = try ledger.linkCard(uid: "04A22B1C", clientNumber: buyer, idempotencyKey: "k")
        _ = try ledger.allocate(clientNumber: buyer, month: Month(year: 2026, month: 11), amount: Amount(100_000),
                                operator: admin, idempotencyKey: "a")
        for index in 0..<contacts {
            _ = try ledger.addContact(clientNumber: buyer, ClientContact(role: "familie", name: text(200),
                                                                         email: "familie\(index)@example.nl"),
                                      idempotencyKey: "contact\(index)")
        }
        let charges = (0..<purchases).map { index in
            (request: ChargeRequest(counterID: "restaurant", payer: .card(uid: "04A22B1C"),
                                    items: [ChargeItem(productCode: "KOF", quantity: 1)]),
             operator: admin, idempotencyKey: "s\(index)")
        }
        for result in try ledger.chargeBatch(charges) { _ = try result.get() }
        try activities(ledger, admin: admin)
    }

    /// One long roster and a full day of sessions, all with the longest names and places.
    private static func activities(_ ledger: Ledger, admin: Operator) throws {
        func activity(_ code: String, capacity: Int) throws {
            _ = try ledger.createActivity(Activity(code: code, name: text(100), category: .dagbesteding, price: .zero,
                                                   capacity: capacity, place: text(100)), operator: admin)
        }
        try activity("GROOT", capacity: 200)
        _ = try ledger.schedule(SessionPlan(activityCode: "GROOT", firstDay: day, startTime: "07:00"), operator: admin)
        for index in 0..<clients {
            _ = try ledger.book(BookingRequest(sessionID: bigSession, payer: .client(number: String(2001 + index))),
                                operator: admin, idempotencyKey: "b\(index)")
        }
        for index in 0..<(activities - 1) {
            let code = "ACT\(1000 + index)"
            try activity(code, capacity: 10)
            guard index < sessions - 1 else { continue }
            let minutes = 8 * 60 + index * 5
            let time = "\(minutes / 60 < 10 ? "0" : "")\(minutes / 60):\(minutes % 60 < 10 ? "0" : "")\(minutes % 60)"
            _ = try ledger.schedule(SessionPlan(activityCode: code, firstDay: day, startTime: time), operator: admin)
        }
    }
}
