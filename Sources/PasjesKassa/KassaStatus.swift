import PasjesProtocol

/// What the status area shows. A result stays until the cashier's next action.
public enum KassaStatus: Equatable, Sendable {
    /// Nothing has happened yet: how to start.
    case welcome
    /// The basket has items: waiting for a card.
    case tapPrompt
    /// A charge is out (the phase holds it).
    case charging
    /// The connection broke while a charge was out: it is re-sent with the same key.
    case chargeInterrupted
    /// Paid.
    case paid(SaleResult)
    /// The daemon refused the charge; the basket stays.
    case declined(reason: String, message: String?)
    /// A card was tapped with an empty basket: its balance.
    case balance(CardTappedEvent)
    /// The tapped card cannot pay (blocked, lost, unknown, client not active).
    case cardRefused(CardTappedEvent)
    /// Asking whether to reverse the last sale (the phase holds it).
    case confirmUndo
    /// A reversal is out.
    case reversing
    /// Reversed.
    case reversed(ReversalResult, clientName: String)
    /// The daemon refused the reversal.
    case reverseRefused(reason: String, message: String?)
    /// Asking whether to quit.
    case confirmQuit
    /// A short remark (an edit that was refused, nothing to undo, ...).
    case notice(String)
    /// Something is wrong that the cashier should know (counter unknown, products missing).
    case problem(String)
}
