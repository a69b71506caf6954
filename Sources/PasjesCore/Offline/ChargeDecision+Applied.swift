import Foundation
import PasjesMoney

/// Why a sale applied from the log was paid (partly) by the organisation's `offline:risk`.
enum RiskReason: String, Codable, Sendable {
    /// The wallet no longer held enough (another location spent it meanwhile).
    case shortWallet = "short_wallet"
    /// The card was blocked or reported lost meanwhile.
    case cardBlocked = "card_blocked"
    /// The client left care or is away meanwhile.
    case clientNotActive = "client_not_active"
    /// A product or counter rule changed meanwhile (inactive, not personal budget, category).
    case limit

    /// The reason for a refusal the rules gave; nil for refusals that no risk can pay for.
    init?(refusal: LedgerError) {
        switch refusal.code {
        case LedgerError.insufficientFunds.code: self = .shortWallet
        case LedgerError.cardBlocked.code, LedgerError.cardLost.code: self = .cardBlocked
        case LedgerError.clientNotActive.code: self = .clientNotActive
        case LedgerError.productInactive.code, LedgerError.notPersonalBudget.code,
             LedgerError.categoryNotAllowed.code, LedgerError.cardOtherClient.code: self = .limit
        default: return nil
        }
    }
}

extension ChargeDecision {
    /// The account that pays what an offline sale's rules did not allow when it was applied.
    static let offlineRiskAccount = "offline:risk"

    /// A sale applied from the log (or a rebuild): the rules as `decide`, but never a refusal
    /// for what can have changed since it was decided offline. What they do not allow now is
    /// paid by `offline:risk`, never by the resident's own money; the sale says why.
    ///
    /// An online sale meets the state it was decided on (the log checked its streams), so this
    /// only ever differs from `decide` for an entry that was queued offline.
    static func applied(_ command: SaleCharge, facts: ChargeFacts, saleID: String,
                        at time: (date: Date, text: String), month: Month) throws -> ChargeEffects {
        do {
            var effects = try decide(command, facts: facts, saleID: saleID, at: time)
            effects.sale.month = month
            return effects
        } catch let refusal as LedgerError {
            guard let reason = RiskReason(refusal: refusal) else { throw refusal }
            return try withRisk(command, facts: facts, saleID: saleID, at: time, month: month, reason: reason)
        }
    }

    private static func withRisk(_ command: SaleCharge, facts: ChargeFacts, saleID: String,
                                 at time: (date: Date, text: String), month: Month, reason: RiskReason) throws -> ChargeEffects {
        let request = command.request
        guard let client = facts.client else { throw LedgerError.clientUnknown.with(command.offline?.clientNumber ?? "") }
        guard let counter = facts.counter else { throw LedgerError.counterUnknown.with(request.counterID) }
        let cardUID: String? = switch request.payer {
        case .card(let uid), .clientCard(_, let uid): uid
        case .client: nil
        }
        var care = Amount.zero
        var other = Amount.zero
        var lines: [SaleItemRecord] = []
        do {
            for item in request.items {
                // Priced as the catalogue has it now, whatever changed about the product since.
                guard let product = facts.products[item.productCode] else { throw LedgerError.productUnknown.with(item.productCode) }
                let lineTotal = try product.price.multiplied(by: item.quantity)
                if product.category == .zorg { care = try care.adding(lineTotal) } else { other = try other.adding(lineTotal) }
                lines.append(SaleItemRecord(line: lines.count + 1, product: product, quantity: item.quantity))
            }
        } catch let overflow as AmountOverflow {
            throw LedgerError.amountOverflow.with(overflow.operation)
        }
        let total = try care.adding(other)
        var fromWallet: Int64 = 0
        if reason == .shortWallet {
            // What the split would allow: care from the whole wallet (reserve first), the rest
            // only from above the reserve.
            let usable = max(0, facts.walletBalance.minorUnits - facts.heldWallet.minorUnits)
            let above = max(0, usable - max(0, facts.reserve.minorUnits))
            let careFromReserve = min(care.minorUnits, usable - above)
            let careFromAbove = min(care.minorUnits - careFromReserve, above)
            let otherFromWallet = min(other.minorUnits, above - careFromAbove)
            fromWallet = careFromReserve + careFromAbove + otherFromWallet
        }
        let fromRisk = total.minorUnits - fromWallet
        let memo = String(lines.map { "\($0.quantity)× \($0.product.name)" }.joined(separator: ", ").prefix(500))
        var transfers: [TransferRecord] = []
        if fromWallet > 0 {
            transfers.append(TransferRecord(debit: "wallet:\(client.number)", credit: "revenue:\(counter.id)",
                                            amount: Amount(fromWallet), kind: .charge, memo: memo))
        }
        if fromRisk > 0 {
            transfers.append(TransferRecord(debit: offlineRiskAccount, credit: "revenue:\(counter.id)",
                                            amount: Amount(fromRisk), kind: .charge, memo: "offline-risico (\(reason.rawValue)): \(memo)".prefix(500).description))
        }
        let balance = Amount(facts.walletBalance.minorUnits - fromWallet)
        let who = command.operator
        var sale = SaleRecord(id: saleID, clientNumber: client.number, counterID: counter.id, cardUID: cardUID,
                              month: month, total: total, fromWallet: Amount(fromWallet), fromOwn: .zero,
                              reason: request.reason, createdAt: time.text)
        sale.fromRisk = Amount(fromRisk)
        sale.riskReason = fromRisk > 0 ? reason : nil
        var result = ChargeResult(
            saleID: saleID, counterID: counter.id, clientNumber: client.number, clientName: client.name,
            cardUID: cardUID, total: total, fromWallet: Amount(fromWallet), fromOwn: .zero, balance: balance,
            reserve: facts.reserve, light: TrafficLight(balance: balance, reserve: facts.reserve),
            operatorName: who.name, operatorUID: who.uid, createdAt: time.text, replayed: false)
        result.fromRisk = Amount(fromRisk)
        result.riskReason = sale.riskReason?.rawValue
        return ChargeEffects(sale: sale, items: lines, transfers: transfers, result: result)
    }
}
