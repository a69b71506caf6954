import ArgumentParser
import Foundation
import GRDB
import PasjesCore
import PasjesMoney
import Synchronization

/// Month close at the size of a large organisation: the report, each export and a statement over
/// a generated month, timed, with the process's peak memory; and hledger on the same journal.
///
/// The generated ledger is kept (`--database`): run once to make it, then again to measure in a
/// fresh process, so the peak memory is the report's, not the generator's.
struct MonthBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "month", abstract: "month.report, exports, statement and month close over a generated month.")

    @Option(help: "The ledger file; generated when it does not exist.") var database: String
    @Option(help: "Clients to generate.") var clients = 3_000
    @Option(help: "Sales to generate (each books one or two transfers).") var sales = 100_000
    @Option(help: "Measure one step alone (report, sales, clients, counters, hledger, memoriaal), so the peak memory is its own.")
    var only: String?
    @Option(help: "Transfers of January–September to put in front of the month, straight into the tables.")
    var history = 0

    func run() throws {
        let october = Month(year: 2026, month: 10)
        guard FileManager.default.fileExists(atPath: database) else {
            let started = Date()
            try generate(october)
            if history > 0 { try Self.generateHistory(database: database, transfers: history, clients: clients) }
            print(String(format: "generated %d clients, %d sales, %d earlier transfers in %.0f s: run again to measure",
                         clients, sales, history, Date().timeIntervalSince(started)))
            return
        }
        let ledger = try Ledger(path: database)
        func timed<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
            let start = DispatchTime.now().uptimeNanoseconds
            let value = try body()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            print(label.padding(toLength: 34, withPad: " ", startingAt: 0)
                  + String(format: "%7.2f s   peak RSS so far %5.0f MB", seconds, Self.peakRSSMegabytes()))
            return value
        }
        if let only {
            if only == "report" {
                let report = try timed("month.report alone") { try ledger.monthReport(october) }
                print("  \(report.clients.count) clients, tie-out balanced: \(report.tieOut.balanced)")
            } else if let kind = MonthExportKind(rawValue: only) {
                let text = try timed("export \(only) alone") { try ledger.monthExport(october, kind: kind) }
                print("  \(text.utf8.count / 1024) KiB")
            } else {
                throw ValidationError("--only: report, sales, clients, counters, hledger or memoriaal")
            }
            return
        }
        let report = try timed("month.report") { try ledger.monthReport(october) }
        print("  \(report.clients.count) clients, \(report.totals.salesCount) sales, tie-out balanced: \(report.tieOut.balanced)")
        var hledgerFile = ""
        for kind in MonthExportKind.allCases {
            let text = try timed("export \(kind.rawValue)") { try ledger.monthExport(october, kind: kind) }
            print("  \(text.utf8.count / 1024) KiB")
            if kind == .hledger { hledgerFile = NSTemporaryDirectory() + "pasjes-bench-\(UUID().uuidString).journal"
                try text.write(toFile: hledgerFile, atomically: true, encoding: .utf8) }
        }
        _ = try timed("statement (one client)") { try ledger.statement(clientNumber: "C1", month: october) }
        if try ledger.monthCloseRecord(october) == nil {
            _ = try timed("month.close") {
                try ledger.closeMonth(october, operator: Operator(uid: 0, name: "bench"), idempotencyKey: UUID().uuidString)
            }
        }
        defer { try? FileManager.default.removeItem(atPath: hledgerFile) }
        try Self.hledgerBalance(hledgerFile, ownSeconds: nil)
    }

    /// Nine months of history in front of the measured month: allocations and charges spread over
    /// January–September, written with SQL straight into `transfers` (and the cached balances
    /// moved to match), because booking millions through the ledger would take an hour here.
    /// Not journaled: `verify` of a bench ledger names them, the report does not read them.
    static func generateHistory(database: String, transfers: Int, clients: Int) throws {
        let queue = try DatabaseQueue(path: database)
        try queue.write { db in
            func id(_ code: String) throws -> Int64 {
                try Int64.fetchOne(db, sql: "SELECT id FROM accounts WHERE code = ?", arguments: [code])!
            }
            let funding = try id("funding")
            let revenue = try id("revenue:restaurant")
            let wallets = try (1...clients).map { try id("wallet:C\($0)") }
            let insert = try db.makeStatement(sql: """
                INSERT INTO transfers (id, debit_account_id, credit_account_id, amount, kind, month, operator_uid,
                    operator_name, memo, created_at, hash)
                VALUES (?, ?, ?, ?, ?, ?, 0, 'bench', 'geschiedenis', ?, 'bench')
                """)
            var moved: [Int64: Int64] = [:]
            for n in 0..<transfers {
                let month = 1 + n * 9 / transfers
                let wallet = wallets[n % clients]
                // The first transfer of each client and month is its allocation; the rest are charges.
                let allocation = (n / clients) % 50 == 0
                let (debit, credit, amount): (Int64, Int64, Int64) = allocation ? (funding, wallet, 60_000) : (wallet, revenue, 120)
                let monthText = "2026-0\(month)"
                try insert.execute(arguments: ["h\(n)", debit, credit, amount, allocation ? "allocation" : "charge", monthText,
                                               "\(monthText)-15T10:00:00.000Z"])
                moved[credit, default: 0] += amount
                moved[debit, default: 0] -= amount
            }
            for (account, delta) in moved {
                try db.execute(sql: "UPDATE accounts SET balance = balance + ? WHERE id = ?", arguments: [delta, account])
            }
        }
    }

    /// `hledger balance` on the same journal, timed, with its peak memory.
    static func hledgerBalance(_ file: String, ownSeconds: Double?) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/hledger")
        process.arguments = ["-f", file, "balance", "--flat", "--no-total"]
        process.standardOutput = FileHandle.nullDevice
        let start = DispatchTime.now().uptimeNanoseconds
        try process.run()
        process.waitUntilExit()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        print("hledger balance (same journal)".padding(toLength: 34, withPad: " ", startingAt: 0)
              + String(format: "%7.2f s   peak RSS %5.0f MB   exit %d", seconds, Double(usage.ru_maxrss) / 1024,
                       process.terminationStatus))
    }

    static func peakRSSMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    private func generate(_ month: Month) throws {
        let now = Mutex(month.start.addingTimeInterval(3_600))
        let ledger = try Ledger(path: database, clock: { now.withLock { $0 } })
        let admin = Operator(uid: 0, name: "bench")
        _ = try ledger.createCounter(Counter(id: "restaurant", name: "Restaurant", categories: [.facilitair, .welzijn]))
        _ = try ledger.createCounter(Counter(id: "atelier", name: "Atelier", categories: [.dagbesteding]))
        let products = [("KOF", 120, ProductCategory.facilitair), ("MAALT", 750, .facilitair), ("SCHILD", 500, .dagbesteding)]
        for (code, price, category) in products {
            _ = try ledger.createProduct(Product(code: code, name: code, price: Amount(Int64(price)), category: category,
                                                 attributable: true, influenceable: true))
        }
        for index in 1...clients {
            _ = try ledger.createClient(NewClient(number: "C\(index)", name: "Cliënt \(index)", zzp: "VV5",
                                                  allowOwnContribution: index % 3 == 0, ownContributionCap: Amount(10_000)),
                                        idempotencyKey: "c\(index)")
            _ = try ledger.allocate(clientNumber: "C\(index)", month: month, amount: Amount(60_000), operator: admin,
                                    idempotencyKey: "a\(index)")
        }
        var random = SystemRandomNumberGenerator()
        let batch = 500
        for start in stride(from: 0, to: sales, by: batch) {
            now.withLock { $0 = month.start.addingTimeInterval(3_600 + Double(start) / Double(sales) * Double(month.dayCount - 1) * 86_400) }
            let requests = (start..<min(start + batch, sales)).map { n in
                let product = products[Int.random(in: 0..<products.count, using: &random)]
                return (request: ChargeRequest(counterID: product.2 == .dagbesteding ? "atelier" : "restaurant",
                                               payer: .client(number: "C\(Int.random(in: 1...clients, using: &random))"),
                                               items: [ChargeItem(productCode: product.0, quantity: 1)], reason: "bench"),
                        operator: Operator(uid: 1001, name: "kassa\(n % 4)"), idempotencyKey: "s\(n)")
            }
            _ = try ledger.chargeBatch(requests)
        }
        try ledger.close()
    }
}
