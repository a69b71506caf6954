import GRDB
import PasjesMoney

/// The only thing that knows SQL: reads the facts a command's rules need and books the effects
/// they decide, inside one transaction. SQLite is the embedded store; a central PostgreSQL store
/// implements the same protocol, so no rule is written twice.
protocol LedgerStore {
    /// Finds the payer and books its allocations that are due: a charge's decision must see
    /// every month that has started. Its own step, so that reading the facts never writes; the
    /// payer it returns is handed to `chargeFacts`, so a charge looks it up once.
    func landDueAllocations(for request: ChargeRequest, decidedFor: String?) throws -> ChargePayer
    /// Everything `ChargeDecision` needs about a basket, its payer and its counter; reads only.
    func chargeFacts(_ request: ChargeRequest, payer: ChargePayer, month: Month) throws -> ChargeFacts
    /// Books what `ChargeDecision` decided: the sale, its items and its transfers (`payer`: the
    /// one the facts were read for, so it is not looked up again).
    func apply(_ effects: ChargeEffects, operator who: Operator, payer: ChargePayer?) throws
    /// Everything `ReversalDecision` needs about a sale and its client's wallet.
    func reversalFacts(saleID: String, month: Month) throws -> ReversalFacts
    /// Books what `ReversalDecision` decided: the reversal record and the mirrored transfers.
    func apply(_ effects: ReversalEffects, operator who: Operator) throws
}

/// The client who pays for a charge and the card presented, as far as they are known.
typealias ChargePayer = (client: ClientRow?, card: Card?)

/// `LedgerStore` over the ledger's SQLite file, inside a booking transaction.
struct SQLiteStore: LedgerStore {
    let ledger: Ledger
    let db: Database

    func landDueAllocations(for request: ChargeRequest, decidedFor: String? = nil) throws -> ChargePayer {
        let current = Month(containing: ledger.nowText().0)
        var (payer, due) = try payerAndDue(of: request, current: current)
        // An offline sale pays as the client it was decided for: a card linked to another
        // client meanwhile must never charge someone else.
        if let decidedFor, payer.client?.number != decidedFor {
            payer.client = try ClientRow.fetchOne(
                db.cachedStatement(sql: "SELECT \(ClientRow.columns) FROM clients WHERE number = ?"), arguments: [decidedFor])
            due = nil
        }
        // The card's read said whether anything is due (nearly always not); else ask.
        if let clientRow = payer.client, due != false {
            try ledger.landDueAllocations(client: clientRow, at: ledger.nowText(), in: db)
        }
        return payer
    }

    func chargeFacts(_ request: ChargeRequest, payer: ChargePayer, month: Month) throws -> ChargeFacts {
        let (clientRow, card) = payer
        var products: [String: Product] = [:]
        for item in request.items where products[item.productCode] == nil {
            products[item.productCode] = try ProductRow.fetchOne(code: Ledger.productCode(item.productCode), in: db)?.product
        }
        // Only "no such counter" is a nil for the rules to refuse; a storage error or a damaged
        // counter row is not `counter_unknown` and goes up as itself.
        var counter: Counter?
        do {
            counter = try ledger.fetchCounter(id: request.counterID, in: db)
        } catch let error as LedgerError where error == .counterUnknown {
            counter = nil
        }
        var facts = ChargeFacts(client: clientRow?.client, card: card, counter: counter, products: products,
                                walletBalance: .zero, reserve: .zero, ownSpent: nil)
        guard let clientRow else { return facts }
        let wallet = try walletFacts(clientRow, month: month)
        facts.walletBalance = wallet.balance
        // No booking takes a wallet below zero (verify calls it `negative_wallet`): a negative one
        // was written behind pasjesd's back, and the split's arithmetic must not start from it.
        guard facts.walletBalance.minorUnits >= 0 else {
            throw LedgerError.inconsistent("het saldo van cliënt \(clientRow.number) is negatief", table: "accounts",
                                           key: "code wallet:\(clientRow.number), balance \(facts.walletBalance.minorUnits)")
        }
        facts.reserve = wallet.reserve
        facts.ownSpent = wallet.ownSpent
        (facts.heldWallet, facts.heldOwn) = (wallet.heldWallet, wallet.heldOwn)
        return facts
    }

    /// The client who pays and the card presented, as far as they are known.
    func payer(of request: ChargeRequest) throws -> ChargePayer {
        try payerAndDue(of: request, current: nil).payer
    }

    /// `payer(of:)`, and for a card whether its client has allocations due by `current`
    /// (nil: not asked; a payer by number is asked by the landing itself).
    private func payerAndDue(of request: ChargeRequest, current: Month?) throws -> (payer: ChargePayer, due: Bool?) {
        var due: Bool?
        var card: Card?
        var clientRow: ClientRow?
        switch request.payer {
        case .client(let number):
            clientRow = try ClientRow.fetchOne(db.cachedStatement(sql: "SELECT \(ClientRow.columns) FROM clients WHERE number = ?"),
                                               arguments: [number])
        case .card(let uid):
            (card, clientRow, due) = try cardAndClient(uid: uid, current: current)
        case .clientCard(let number, let uid):
            clientRow = try ClientRow.fetchOne(db.cachedStatement(sql: "SELECT \(ClientRow.columns) FROM clients WHERE number = ?"),
                                               arguments: [number])
            card = try CardRow.fetchOne(db.cachedStatement(sql: "SELECT \(CardRow.columns) FROM cards WHERE uid = ?"),
                                        arguments: [uid])?.card
        }
        return ((clientRow, card), due)
    }

    func apply(_ effects: ChargeEffects, operator who: Operator, payer: ChargePayer?) throws {
        let sale = effects.sale
        // The facts' client when the sale is theirs (always, today): not read a second time.
        let clientRow = try payer?.client.flatMap { $0.number == sale.clientNumber ? $0 : nil }
            ?? ledger.fetchClientRow(number: sale.clientNumber, in: db)
        try db.hotStatement(SQLiteStore.insertSale).run(
                sale.id, clientRow.id, sale.counterID, sale.cardUID, Int64(who.uid), who.name, sale.month.description,
                sale.total.minorUnits, sale.fromWallet.minorUnits, sale.fromOwn.minorUnits, sale.reason, sale.createdAt,
                sale.fromRisk.minorUnits)
        if let reason = sale.riskReason, sale.fromRisk.minorUnits > 0 {
            try Ledger.insertAccount(code: ChargeDecision.offlineRiskAccount, kind: "funding", ifMissing: true, in: db)
            try db.execute(sql: "INSERT INTO sale_risks (sale_id, amount, reason, origin) VALUES (?, ?, ?, ?)",
                           arguments: [sale.id, sale.fromRisk.minorUnits, reason.rawValue, ledger.runningOrigin])
        }
        for item in effects.items {
            try db.hotStatement(SQLiteStore.insertSaleItem).run(sale.id, item.line, item.product.code, item.product.name,
                         item.product.category.rawValue, item.quantity, item.product.price.minorUnits)
        }
        let now = ledger.nowText()
        // The rules computed the wallet's balance from the facts; the store must book exactly
        // that. The wallet's last move checks it as it writes (it moves only when the wallet ends
        // there); with no move of the wallet the balance is read. A thrown error, not a trap:
        // only a file edited under a running pasjesd (a trigger or a balance changed) can make
        // them differ, and the savepoint then books nothing.
        let walletCode = "wallet:\(sale.clientNumber)"
        let lastWalletMove = effects.transfers.lastIndex { $0.debit == walletCode }
        for (index, transfer) in effects.transfers.enumerated() {
            // The client's wallet is the row's own account (no lookup by code); the rest is cached.
            let debitID = transfer.debit == walletCode ? clientRow.walletAccountID : try ledger.accountID(code: transfer.debit, in: db)
            let appended = try ledger.appendTransfer(NewTransfer(
                debitAccountID: debitID,
                creditAccountID: try ledger.accountID(code: transfer.credit, in: db), amount: transfer.amount,
                kind: transfer.kind, saleID: sale.id, month: sale.month, operatorUID: who.uid, operatorName: who.name,
                counterID: sale.counterID, cardUID: sale.cardUID, memo: transfer.memo),
                debitExpectedAfter: index == lastWalletMove ? effects.result.balance.minorUnits : nil, in: db, at: now)
            if let booked = appended.debitDiffers { try walletDiffers(sale.clientNumber, booked: booked, decided: effects.result.balance) }
        }
        if lastWalletMove == nil {
            let balance = try ledger.accountBalance(clientRow.walletAccountID, in: db)
            if balance != effects.result.balance { try walletDiffers(sale.clientNumber, booked: balance.minorUnits, decided: effects.result.balance) }
        }
    }

    private func walletDiffers(_ clientNumber: String, booked: Int64, decided: Amount) throws -> Never {
        throw LedgerError.inconsistent("het saldo van cliënt \(clientNumber) klopt niet", table: "accounts",
                                       key: "code wallet:\(clientNumber), booked \(booked), decided \(decided.minorUnits)")
    }
}

extension SQLiteStore {
    static let insertSale = HotSQL("""
        INSERT INTO sales (id, client_id, counter_id, card_uid, operator_uid, operator_name, month,
            total, from_wallet, from_own, reason, created_at, from_risk)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    static let insertSaleItem = HotSQL("""
        INSERT INTO sale_items (sale_id, line, product_code, product_name, category, quantity, unit_price)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """)
}
