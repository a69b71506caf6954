import Foundation
import PasjesMoney

/// What deciding a charge needs to know, read by a `LedgerStore` inside the transaction.
///
/// Lookups that found nothing are nil, not errors: `decide` refuses in the order a cashier
/// expects (the card before the basket), whichever store read the facts.
struct ChargeFacts: Sendable {
    var client: Client?
    /// The presented card, when the payer named one.
    var card: Card?
    var counter: Counter?
    /// The basket's products by code as typed; a missing code is an unknown product.
    var products: [String: Product]
    var walletBalance: Amount
    var reserve: Amount
    /// Own money spent this month; read only when the client may pay with own money.
    var ownSpent: Amount?
    /// Open activity holds on the wallet and on own money: every rule sees balance − holds.
    var heldWallet: Amount = .zero
    var heldOwn: Amount = .zero
}

/// A row the charge adds to `sales`.
struct SaleRecord: Sendable, Equatable {
    var id: String
    var clientNumber: String
    var counterID: String
    var cardUID: String?
    var month: Month
    var total: Amount
    var fromWallet: Amount
    var fromOwn: Amount
    var reason: String?
    var createdAt: String
    /// Paid by `offline:risk`: an offline sale the rules did not allow when it was applied.
    var fromRisk: Amount = .zero
    var riskReason: RiskReason?
}

/// A basket line as sold: name, category and price of that moment.
struct SaleItemRecord: Sendable, Equatable {
    var line: Int
    var product: Product
    var quantity: Int64
}

/// A transfer the charge adds, between accounts named by code.
struct TransferRecord: Sendable, Equatable {
    var debit: String
    var credit: String
    var amount: Amount
    var kind: TransferKind
    var memo: String
}

/// Everything a charge books: the store writes it as it is.
struct ChargeEffects: Sendable {
    var sale: SaleRecord
    var items: [SaleItemRecord]
    var transfers: [TransferRecord]
    var result: ChargeResult
}

/// The rules of a charge, as a pure function: no I/O, no clock, no randomness. The only place
/// they live; a second store (PostgreSQL) reads other facts the same way and books the same
/// effects.
enum ChargeDecision {
    static func decide(_ command: SaleCharge, facts: ChargeFacts, saleID: String, at time: (date: Date, text: String))
        throws -> ChargeEffects {
        let request = command.request
        let (client, cardUID) = try payer(request.payer, facts: facts)
        guard client.status == .active else { throw LedgerError.clientNotActive.with(client.number) }
        guard let counter = facts.counter else { throw LedgerError.counterUnknown.with(request.counterID) }
        let basket = try price(request.items, at: counter, products: facts.products)
        let ownRoom = Amount(max(0, client.ownContributionCap.minorUnits - (facts.ownSpent?.minorUnits ?? 0)
                                     - facts.heldOwn.minorUnits))
        // Held money is promised to a booked activity: the split may use only what is left.
        let available = Amount(facts.walletBalance.minorUnits - facts.heldWallet.minorUnits)
        let split = try ChargeSplit.compute(
            careTotal: basket.care, otherTotal: basket.other, balance: available, reserve: facts.reserve,
            ownAllowed: client.allowOwnContribution) { ownRoom }
        let month = Month(containing: time.date)
        let total = Amount(split.fromWallet.minorUnits + split.fromOwn.minorUnits)
        let memo = String(basket.lines.map { "\($0.quantity)× \($0.product.name)" }.joined(separator: ", ").prefix(500))
        var transfers: [TransferRecord] = []
        if split.fromWallet.minorUnits > 0 {
            transfers.append(TransferRecord(debit: "wallet:\(client.number)", credit: "revenue:\(counter.id)",
                                            amount: split.fromWallet, kind: .charge, memo: memo))
        }
        if split.fromOwn.minorUnits > 0 {
            transfers.append(TransferRecord(debit: "own:\(client.number)", credit: "revenue:\(counter.id)",
                                            amount: split.fromOwn, kind: .chargeOwn, memo: memo))
        }
        let balance = Amount(facts.walletBalance.minorUnits - split.fromWallet.minorUnits)
        // Held money read from the file (negative after an edit) could make the split take more
        // than the wallet holds: a refusal, not a trap.
        guard balance.minorUnits >= 0 else {
            throw LedgerError.inconsistent("het saldo van cliënt \(client.number) zou negatief worden", table: "activity_bookings",
                                           key: "client \(client.number), held \(facts.heldWallet.minorUnits)")
        }
        let who = command.operator
        return ChargeEffects(
            sale: SaleRecord(id: saleID, clientNumber: client.number, counterID: counter.id, cardUID: cardUID,
                             month: month, total: total, fromWallet: split.fromWallet, fromOwn: split.fromOwn,
                             reason: request.reason, createdAt: time.text),
            items: basket.lines, transfers: transfers,
            result: ChargeResult(
                saleID: saleID, counterID: counter.id, clientNumber: client.number, clientName: client.name,
                cardUID: cardUID, total: total, fromWallet: split.fromWallet, fromOwn: split.fromOwn, balance: balance,
                reserve: facts.reserve, light: TrafficLight(balance: balance, reserve: facts.reserve),
                operatorName: who.name, operatorUID: who.uid, createdAt: time.text, replayed: false))
    }

    /// The client who pays and the card used. A blocked or lost card never pays, whoever asks;
    /// a card named with a client pays only when it is that client's.
    static func payer(_ payer: Payer, facts: ChargeFacts) throws -> (Client, String?) {
        switch payer {
        case .client(let number):
            guard let client = facts.client else { throw LedgerError.clientUnknown.with(number) }
            return (client, nil)
        case .card(let uid):
            let card = try paying(facts.card, uid: uid)
            guard let client = facts.client else { throw LedgerError.clientUnknown.with(card.clientNumber) }
            return (client, uid)
        case .clientCard(let number, let uid):
            guard let client = facts.client else { throw LedgerError.clientUnknown.with(number) }
            let card = try paying(facts.card, uid: uid)
            guard card.clientNumber == client.number else {
                throw LedgerError.cardOtherClient.with("pas \(uid) hoort bij cliënt \(card.clientNumber), niet bij \(number)")
            }
            return (client, uid)
        }
    }

    private static func paying(_ card: Card?, uid: String) throws -> Card {
        guard let card else { throw LedgerError.cardUnknown.with(uid) }
        switch card.state {
        case .active: return card
        case .blocked: throw LedgerError.cardBlocked.with(uid)
        case .lost: throw LedgerError.cardLost.with(uid)
        }
    }

    /// Checks every basket line against the catalogue and the counter, and prices it: care
    /// (`zorg`) and everything else apart, because the split treats them differently.
    private static func price(_ items: [ChargeItem], at counter: Counter, products: [String: Product]) throws
        -> (care: Amount, other: Amount, lines: [SaleItemRecord]) {
        var care = Amount.zero
        var other = Amount.zero
        var lines: [SaleItemRecord] = []
        do {
            for item in items {
                guard let product = products[item.productCode] else { throw LedgerError.productUnknown.with(item.productCode) }
                guard product.active else { throw LedgerError.productInactive.with(product.code) }
                guard product.isPersonalBudget else { throw LedgerError.notPersonalBudget.with(product.code) }
                guard counter.categories.contains(product.category) else {
                    throw LedgerError.categoryNotAllowed.with("\(product.code) at \(counter.id)")
                }
                let lineTotal = try product.price.multiplied(by: item.quantity)
                if product.category == .zorg {
                    care = try care.adding(lineTotal)
                } else {
                    other = try other.adding(lineTotal)
                }
                lines.append(SaleItemRecord(line: lines.count + 1, product: product, quantity: item.quantity))
            }
            _ = try care.adding(other)
        } catch let overflow as AmountOverflow {
            throw LedgerError.amountOverflow.with(overflow.operation)
        }
        return (care, other, lines)
    }
}
