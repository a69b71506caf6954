import GRDB
import PasjesMoney

extension Ledger {
    /// The most lines in one basket.
    public static let maxBasketLines = 100
    /// The largest quantity on one line.
    public static let maxQuantity: Int64 = 1_000

    /// Charges a basket to a client's wallet (and own money where allowed), durably, once.
    ///
    /// Everything is checked inside one `BEGIN IMMEDIATE` transaction: the card, the client,
    /// the counter, each product, the budget split. A refusal books nothing.
    public func charge(_ request: ChargeRequest, operator who: Operator, idempotencyKey: String) throws -> ChargeResult {
        try validate(request)
        return try execute(SaleCharge(request: try normalised(request), operator: who, key: idempotencyKey))
    }

    /// Charges many baskets in one transaction (group commit): one fsync for all of them.
    ///
    /// Each charge runs in its own savepoint, so a refused one books nothing and does not
    /// disturb the others. Results come back in request order.
    public func chargeBatch(_ requests: [(request: ChargeRequest, operator: Operator, idempotencyKey: String)])
        throws -> [Result<ChargeResult, LedgerError>] {
        var results = [Result<ChargeResult, LedgerError>]()
        results.reserveCapacity(requests.count)
        try book { db in
            for entry in requests {
                do {
                    try validate(entry.request)
                    let command = SaleCharge(request: try normalised(entry.request), operator: entry.operator,
                                             key: entry.idempotencyKey)
                    var charged: ChargeResult?
                    try db.inSavepoint {
                        charged = try executeInTransaction(command, in: db)
                        return .commit
                    }
                    results.append(.success(charged!))
                } catch let error as LedgerError {
                    results.append(.failure(error))
                } catch {
                    // SQLite rolls the whole transaction back on some errors (disk full, I/O):
                    // then the earlier charges are gone too, and only failing the batch is honest.
                    guard db.isInsideTransaction else { throw error }
                    results.append(.failure(LedgerError.wrapping(error)))
                }
            }
        }
        return results
    }

    private func validate(_ request: ChargeRequest) throws(LedgerError) {
        guard !request.items.isEmpty else { throw .emptyBasket }
        guard request.items.count <= Ledger.maxBasketLines else {
            throw LedgerError.invalidQuantity.with("more than \(Ledger.maxBasketLines) lines")
        }
        for item in request.items where !(1...Ledger.maxQuantity).contains(item.quantity) {
            throw LedgerError.invalidQuantity.with("\(item.productCode) × \(item.quantity)")
        }
        if let reason = request.reason { try Ledger.validate(text: reason, field: "reason", maxLength: 200) }
    }

    private func normalised(_ request: ChargeRequest) throws -> ChargeRequest {
        var normalised = request
        switch request.payer {
        case .card(let uid): normalised.payer = .card(uid: try CardUID.normalise(uid))
        case .clientCard(let number, let uid): normalised.payer = .clientCard(number: number, uid: try CardUID.normalise(uid))
        case .client: break
        }
        return normalised
    }

    func bookCharge(_ command: SaleCharge, in db: Database) throws -> ChargeResult {
        let (result, replayed) = try once(key: command.key, operation: "sale.charge", request: command.request, in: db) {
            try bookCharge(command.request, who: command.operator, db: db)
        }
        var answer = result
        answer.replayed = replayed
        return answer
    }

    private func bookCharge(_ request: ChargeRequest, who: Operator, db: Database) throws -> ChargeResult {
        let (client, cardUID) = try resolvePayer(request.payer, in: db)
        guard client.status == .active else { throw LedgerError.clientNotActive.with(client.number) }
        let counter = try fetchCounter(id: request.counterID, in: db)
        let (careTotal, otherTotal, lines) = try priceBasket(request.items, at: counter, in: db)

        let now = nowText()
        let month = Month(containing: now.0)
        // An allocation whose month has started lands first: the split sees only started months.
        try landDueAllocations(client: client, at: now, in: db)
        let walletBefore = try accountBalance(client.walletAccountID, in: db)
        let reserve = try reserve(clientID: client.id, month: month, in: db)
        let split = try ChargeSplit.compute(
            careTotal: careTotal, otherTotal: otherTotal, balance: walletBefore, reserve: reserve,
            ownAllowed: client.allowOwnContribution) {
                // Only summed when own money is needed: most sales never ask.
                let spent = try ownSpent(clientID: client.id, month: month, in: db)
                return Amount(max(0, client.ownContributionCap - spent.minorUnits))
            }

        let saleID = newID()
        let revenueID = try accountID(code: "revenue:\(counter.id)", in: db)
        let memo = lines.map { "\($0.1)× \($0.0.name)" }.joined(separator: ", ")
        try db.cachedStatement(sql: """
            INSERT INTO sales (id, client_id, counter_id, card_uid, operator_uid, operator_name, month,
                total, from_wallet, from_own, reason, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                saleID, client.id, counter.id, cardUID, Int64(who.uid), who.name, month.description,
                split.fromWallet.minorUnits + split.fromOwn.minorUnits, split.fromWallet.minorUnits,
                split.fromOwn.minorUnits, request.reason, now.1,
            ])
        for (index, line) in lines.enumerated() {
            try db.cachedStatement(sql: """
                INSERT INTO sale_items (sale_id, line, product_code, product_name, category, quantity, unit_price)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [saleID, index + 1, line.0.code, line.0.name, line.0.category.rawValue,
                                         line.1, line.0.price.minorUnits])
        }
        let base = NewTransfer(
            debitAccountID: client.walletAccountID, creditAccountID: revenueID, amount: split.fromWallet,
            kind: .charge, saleID: saleID, month: month, operatorUID: who.uid, operatorName: who.name,
            counterID: counter.id, cardUID: cardUID, memo: String(memo.prefix(500)))
        if split.fromWallet.minorUnits > 0 {
            try append(base, in: db, at: now)
        }
        if split.fromOwn.minorUnits > 0 {
            var own = base
            own.debitAccountID = client.ownAccountID
            own.amount = split.fromOwn
            own.kind = .chargeOwn
            try append(own, in: db, at: now)
        }
        let balance = try accountBalance(client.walletAccountID, in: db)
        precondition(balance.minorUnits >= 0, "a charge never takes a wallet below zero")
        return ChargeResult(
            saleID: saleID, counterID: counter.id, clientNumber: client.number, clientName: client.name,
            cardUID: cardUID, total: Amount(split.fromWallet.minorUnits + split.fromOwn.minorUnits),
            fromWallet: split.fromWallet, fromOwn: split.fromOwn, balance: balance, reserve: reserve,
            light: TrafficLight(balance: balance, reserve: reserve), operatorName: who.name,
            operatorUID: who.uid, createdAt: now.1, replayed: false)
    }

    /// Checks every basket line against the catalogue and the counter, and prices it: care
    /// (`zorg`) and everything else apart, because the split treats them differently.
    private func priceBasket(_ items: [ChargeItem], at counter: Counter, in db: Database) throws
        -> (care: Amount, other: Amount, lines: [(Product, Int64)]) {
        var careTotal = Amount.zero
        var otherTotal = Amount.zero
        var lines: [(Product, Int64)] = []
        do {
            for item in items {
                let product = try fetchProduct(code: item.productCode, in: db)
                guard product.active else { throw LedgerError.productInactive.with(product.code) }
                guard product.isPersonalBudget else { throw LedgerError.notPersonalBudget.with(product.code) }
                guard counter.categories.contains(product.category) else {
                    throw LedgerError.categoryNotAllowed.with("\(product.code) at \(counter.id)")
                }
                let lineTotal = try product.price.multiplied(by: item.quantity)
                if product.category == .zorg {
                    careTotal = try careTotal.adding(lineTotal)
                } else {
                    otherTotal = try otherTotal.adding(lineTotal)
                }
                lines.append((product, item.quantity))
            }
            _ = try careTotal.adding(otherTotal)
        } catch let overflow as AmountOverflow {
            throw LedgerError.amountOverflow.with(overflow.operation)
        }
        return (careTotal, otherTotal, lines)
    }

    /// The client who pays and the card used. A blocked or lost card never pays, whoever asks;
    /// a card named with a client pays only when it is that client's.
    private func resolvePayer(_ payer: Payer, in db: Database) throws -> (ClientRow, String?) {
        switch payer {
        case .client(let number):
            return (try fetchClientRow(number: number, in: db), nil)
        case .card(let uid):
            let card = try payingCard(uid: uid, in: db)
            return (try fetchClientRow(number: card.clientNumber, in: db), uid)
        case .clientCard(let number, let uid):
            let client = try fetchClientRow(number: number, in: db)
            let card = try payingCard(uid: uid, in: db)
            guard card.clientNumber == client.number else {
                throw LedgerError.cardOtherClient.with("pas \(uid) hoort bij cliënt \(card.clientNumber), niet bij \(number)")
            }
            return (client, uid)
        }
    }

    private func payingCard(uid: String, in db: Database) throws -> Card {
        let card = try fetchCard(uid: uid, in: db)
        switch card.state {
        case .active: return card
        case .blocked: throw LedgerError.cardBlocked.with(uid)
        case .lost: throw LedgerError.cardLost.with(uid)
        }
    }
}
