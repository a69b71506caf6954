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
        // A node of several locations proposes each charge on its own: the log orders entries,
        // not this ledger's transactions. A charge alone (an idle counter's tap) needs no
        // savepoint either: its own transaction rolls a refusal back, and a savepoint made
        // SQLite copy each page the charge changes (about 16) into a journal that outgrows its
        // 64 KiB in memory, so every such charge created and removed a temporary file.
        if isProposing || requests.count == 1 {
            for entry in requests {
                results.append(Result { () throws(LedgerError) in
                    do { return try charge(entry.request, operator: entry.operator, idempotencyKey: entry.idempotencyKey) }
                    catch let error as LedgerError { throw error }
                    catch { throw LedgerError.wrapping(error) }
                })
            }
            return results
        }
        try book { db in
            for entry in requests {
                do {
                    try validate(entry.request)
                    let command = SaleCharge(request: try normalised(entry.request), operator: entry.operator,
                                             key: entry.idempotencyKey)
                    results.append(.success(try db.inPreparedSavepoint { try executeInTransaction(command, in: db) }))
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

    func validate(_ request: ChargeRequest) throws(LedgerError) {
        guard !request.items.isEmpty else { throw .emptyBasket }
        guard request.items.count <= Ledger.maxBasketLines else {
            throw LedgerError.invalidQuantity.with("more than \(Ledger.maxBasketLines) lines")
        }
        for item in request.items where !(1...Ledger.maxQuantity).contains(item.quantity) {
            throw LedgerError.invalidQuantity.with("\(item.productCode) × \(item.quantity)")
        }
        if let reason = request.reason { try Ledger.validate(text: reason, field: "reason", maxLength: 200) }
    }

    func normalised(_ request: ChargeRequest) throws -> ChargeRequest {
        var normalised = request
        switch request.payer {
        case .card(let uid): normalised.payer = .card(uid: try CardUID.normalise(uid))
        case .clientCard(let number, let uid): normalised.payer = .clientCard(number: number, uid: try CardUID.normalise(uid))
        case .client: break
        }
        return normalised
    }

    func bookCharge(_ command: SaleCharge, in db: Database) throws -> ChargeResult {
        let (result, replayed) = try once(key: command.key, operation: "sale.charge", request: command.request,
                                          canonicalRequest: try requestJSON(of: command), in: db) {
            try bookCharge(command, db: db)
        }
        var answer = result
        answer.replayed = replayed
        return answer
    }

    /// Reads the facts, decides by the rules (a pure function), books the effects.
    ///
    /// A sale applied again from the log (or a rebuild) is never refused: it happened. Decided
    /// online it meets the state it was decided on, so the rules allow it as they did; decided
    /// offline it may meet a short wallet or a blocked card, and then the part the rules do
    /// not allow is paid by `offline:risk` (`ChargeDecision.applied`), in the open month when
    /// its own has been closed meanwhile.
    private func bookCharge(_ command: SaleCharge, db: Database) throws -> ChargeResult {
        let store = SQLiteStore(ledger: self, db: db)
        let now = nowText()
        let replaying = isReplaying
        let payer = try store.landDueAllocations(for: command.request, decidedFor: command.offline?.clientNumber)
        var month = Month(containing: now.0)
        if replaying { month = try openMonth(from: month, in: db) }
        let facts = try store.chargeFacts(command.request, payer: payer, month: month)
        let effects = replaying
            ? try ChargeDecision.applied(command, facts: facts, saleID: newID(), at: now, month: month)
            : try ChargeDecision.decide(command, facts: facts, saleID: newID(), at: now)
        try store.apply(effects, operator: command.operator, payer: payer)
        return effects.result
    }

    /// `month`, or the first month after it that is not closed: where a sale that arrives
    /// after its own month closed is booked (its sale keeps its real time).
    private func openMonth(from month: Month, in db: Database) throws -> Month {
        var candidate = month
        // A close is journaled in order, month after month, and a month is closed only after it
        // ended: no more months can be closed than have passed since.
        for _ in 0..<600 {
            do {
                try refuseIfClosed(candidate, in: db)
                return candidate
            } catch let error as LedgerError where error.code == LedgerError.monthClosed(candidate).code {
                candidate = candidate.next
            }
        }
        throw LedgerError.databaseError.with("no open month after \(month)")
    }
}
