import Foundation
import PasjesMoney

/// A transfer of a sale, as a reversal needs it: accounts by code.
struct SaleTransferFact: Sendable, Equatable {
    var id: String
    var debit: String
    var credit: String
    var amount: Amount
    var counterID: String?
    var cardUID: String?
    var memo: String
}

/// What deciding a reversal needs to know, read by a `LedgerStore` inside the transaction.
struct ReversalFacts: Sendable {
    /// The sale, nil when there is none with that id.
    var sale: Sale?
    /// Its charge transfers (wallet and own money), in booking order.
    var transfers: [SaleTransferFact]
    /// The client's wallet before the reversal, as the wallet summary shows it.
    var walletBalance: Amount
    var reserve: Amount
}

/// A reversing transfer: the original's accounts swapped, naming the original.
struct ReversingTransfer: Sendable, Equatable {
    var id: String
    var reverses: SaleTransferFact
}

/// Everything a reversal books.
struct ReversalEffects: Sendable {
    var saleID: String
    var reason: String?
    var month: Month
    var transfers: [ReversingTransfer]
    var result: ReversalResult
}

/// The rules of undoing a sale, as a pure function: at most once, every transfer of the sale
/// mirrored (own money back to own money), booked in the month it happens — a sale of a closed
/// month is refunded in the open one.
enum ReversalDecision {
    static func decide(_ command: SaleReverse, facts: ReversalFacts, ids: [String], at time: (date: Date, text: String))
        throws -> ReversalEffects {
        guard let sale = facts.sale else { throw LedgerError.saleUnknown.with(command.saleID) }
        guard !sale.reversed else { throw LedgerError.alreadyReversed.with(sale.id) }
        // A sale whose transfers are gone (deleted behind pasjesd's back) is refused, not trapped on.
        guard !facts.transfers.isEmpty else {
            throw LedgerError.inconsistent("de boekingen van verkoop \(sale.id) ontbreken", table: "transfers", key: "sale_id \(sale.id)")
        }
        // The caller makes one id per transfer: a programmer's invariant, not the file's.
        precondition(ids.count == facts.transfers.count, "one new id per reversing transfer")
        let reversing = zip(ids, facts.transfers).map { ReversingTransfer(id: $0.0, reverses: $0.1) }
        let balance = Amount(facts.walletBalance.minorUnits + sale.fromWallet.minorUnits)
        return ReversalEffects(
            saleID: sale.id, reason: command.reason, month: Month(containing: time.date), transfers: reversing,
            result: ReversalResult(
                saleID: sale.id, reversalID: reversing[0].id, clientNumber: sale.clientNumber,
                refundedToWallet: sale.fromWallet, refundedToOwn: sale.fromOwn, balance: balance,
                light: TrafficLight(balance: balance, reserve: facts.reserve), reversedAt: time.text, replayed: false))
    }
}
