import Foundation
import PasjesMoney

/// A wallet as the close of a month sees it.
struct WalletAtClose: Sendable, Equatable {
    var clientNumber: String
    var walletCode: String
    /// The balance at the end of the month (transfers of the month and before).
    var closing: Int64
    /// The balance now: a flow-back never takes more than is there.
    var current: Int64
    /// The latest month up to the closed one whose allocation landed in this wallet.
    var lastAllocated: Month?
    /// An allocation of a later month has landed: its landing applied the saving policy already.
    var laterLanded: Bool
}

/// What deciding a month close needs, read inside the booking transaction.
struct CloseFacts: Sendable {
    var month: Month
    var now: Date
    var alreadyClosed: Bool
    /// The latest closed month after this one, if any: its opening balances must not move.
    var laterClosed: Month?
    /// The month of the ledger's first booking; nil while nothing is booked.
    var firstBooked: Month?
    /// The latest closed month before this one, if any.
    var earlierClosed: Month?
    /// Whether the order rule holds (false only when replaying closes journaled before it).
    var inOrder = false
    /// Things dated in the month that are not booked yet, in words.
    var pending: [String]
    var wallets: [WalletAtClose]
}

/// One flow-back the close books from a wallet to funding.
struct FlowBackEffect: Sendable, Equatable {
    var clientNumber: String
    var walletCode: String
    var amount: Amount
}

/// The rules of a month close, as a pure function: no I/O, no clock, no randomness.
enum MonthCloseDecision {
    /// Refuses a second close, a month that has not ended in Europe/Amsterdam, a month out of
    /// order and a month with anything pending; otherwise the flow-backs the saving policy asks for.
    ///
    /// The saving policy is the allocation's own (`flowBack`, the one place it lives), applied as
    /// if the next month were being allocated now. A wallet whose later allocation has landed
    /// already had it applied then and is left alone.
    static func decide(
        _ facts: CloseFacts, flowBack: (_ leftover: Amount, _ newMonth: Month, _ lastAllocated: Month?) -> Amount
    ) throws(LedgerError) -> [FlowBackEffect] {
        if facts.alreadyClosed { throw LedgerError.monthAlreadyClosed(facts.month) }
        if let later = facts.laterClosed { throw LedgerError.monthCloseOrder(facts.month, later: later) }
        guard facts.now >= facts.month.next.start else { throw LedgerError.monthNotEnded(facts.month) }
        if facts.inOrder { try refuseOutOfOrder(facts) }
        guard facts.pending.isEmpty else { throw LedgerError.monthPending(facts.month, facts.pending) }
        var effects: [FlowBackEffect] = []
        for wallet in facts.wallets where !wallet.laterLanded && wallet.closing > 0 && wallet.current > 0 {
            let asked = flowBack(Amount(wallet.closing), facts.month.next, wallet.lastAllocated)
            let amount = min(asked.minorUnits, wallet.current)
            if amount > 0 {
                effects.append(FlowBackEffect(clientNumber: wallet.clientNumber, walletCode: wallet.walletCode,
                                              amount: Amount(amount)))
            }
        }
        return effects
    }

    /// Months close one after another from the ledger's first booked month: none before it, none
    /// skipped. An earlier close of a month before that (made before this rule) counts as a start.
    private static func refuseOutOfOrder(_ facts: CloseFacts) throws(LedgerError) {
        guard let first = facts.firstBooked, facts.month >= first else {
            throw LedgerError.monthBeforeLedger(facts.month, first: facts.firstBooked)
        }
        let next = facts.earlierClosed.map { max($0.next, first) } ?? first
        if facts.month > next { throw LedgerError.monthEarlierOpen(facts.month, open: next) }
    }
}
