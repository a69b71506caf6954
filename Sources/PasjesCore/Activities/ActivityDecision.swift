import Foundation
import PasjesMoney

/// A client's budget as a booking sees it: the wallet, its reserve, and every open hold.
struct BudgetFacts: Sendable, Equatable {
    var client: Client
    var walletBalance: Amount
    var reserve: Amount
    /// Open holds (booked, not yet attended) on the wallet and on own money.
    var heldWallet: Amount
    var heldOwn: Amount
    /// Own money spent this month on sales that were not reversed.
    var ownSpent: Amount

    /// What the rules may use: the balance less every hold.
    var available: Amount { Amount(walletBalance.minorUnits - heldWallet.minorUnits) }
    var light: TrafficLight { TrafficLight(balance: available, reserve: reserve) }
}

/// A session as the booking rules see it.
struct SessionFacts: Sendable, Equatable {
    var id: String
    var activity: Activity
    var state: SessionState
    var startsAt: Date
    var endsAt: Date
    var capacity: Int
    /// Booked plus attended: the places taken.
    var taken: Int
    var waiting: Int

    var free: Int { max(0, capacity - taken) }
}

/// A client's live entry on a session's list.
struct ExistingBooking: Sendable, Equatable {
    var id: String
    var state: BookingState
    var heldWallet: Amount
    var heldOwn: Amount
    var saleID: String?
}

/// What a booking decides: a place with a hold, or a spot on the waiting list.
struct BookingPlan: Sendable, Equatable {
    var state: BookingState
    var heldWallet: Amount
    var heldOwn: Amount
}

/// The rules of day activities, as pure functions: no I/O, no clock, no randomness.
enum ActivityDecision {
    /// The longest waiting list of one session.
    static let maxWaiting = 50
    /// How long before the start check-in opens.
    static let checkInOpensMinutes = 120

    /// What a booking of `activity` would hold, or why it may not be booked.
    ///
    /// Free (the basic offer): no hold, whatever the light. Paid: only the personal budget, only
    /// on green (balance − holds above the reserve), from the wallet above the reserve and the
    /// rest from own money within the month's cap — never the reserve: that is kept for care.
    static func hold(for activity: Activity, budget: BudgetFacts) throws -> (wallet: Amount, own: Amount) {
        guard budget.client.status == .active else { throw LedgerError.clientNotActive.with(budget.client.number) }
        guard activity.price.minorUnits > 0 else { return (.zero, .zero) }
        guard activity.isPersonalBudget else { throw LedgerError.notPersonalBudget.with(activity.code) }
        guard budget.light == .green else {
            throw LedgerError.budgetOrange.with("\(budget.client.number): available \(budget.available.minorUnits), reserve \(budget.reserve.minorUnits)")
        }
        let ownRoom = Amount(max(0, budget.client.ownContributionCap.minorUnits - budget.ownSpent.minorUnits
                                     - budget.heldOwn.minorUnits))
        let split = try ChargeSplit.compute(
            careTotal: .zero, otherTotal: activity.price, balance: budget.available, reserve: budget.reserve,
            ownAllowed: budget.client.allowOwnContribution) { ownRoom }
        return (split.fromWallet, split.fromOwn)
    }

    /// A new booking: a place with a hold while there is room, else the waiting list.
    ///
    /// The budget is checked for the waiting list too: a client who could not pay now is told
    /// now, not when a place comes free.
    static func book(session: SessionFacts, existing: ExistingBooking?, budget: BudgetFacts, now: Date,
                     waitIfFull: Bool) throws -> BookingPlan {
        guard session.state == .open else { throw LedgerError.sessionNotOpen.with(session.id) }
        guard now < session.startsAt else { throw LedgerError.sessionStarted.with(session.id) }
        if let existing { throw LedgerError.alreadyBooked.with("\(budget.client.number): \(existing.state.rawValue)") }
        let held = try hold(for: session.activity, budget: budget)
        if session.free > 0 { return BookingPlan(state: .booked, heldWallet: held.wallet, heldOwn: held.own) }
        guard waitIfFull else { throw LedgerError.sessionFull.with(session.id) }
        guard session.waiting < maxWaiting else { throw LedgerError.waitingListFull.with(session.id) }
        return BookingPlan(state: .waiting, heldWallet: .zero, heldOwn: .zero)
    }

    /// What a check-in does: convert the client's hold, take a free place for a walk-in, or
    /// (already present) nothing at all.
    enum CheckIn: Equatable {
        case convert(ExistingBooking)
        case walkIn(BookingPlan, replacing: ExistingBooking?)
        case alreadyPresent(ExistingBooking)
    }

    static func checkIn(session: SessionFacts, existing: ExistingBooking?, budget: BudgetFacts, now: Date,
                        graceMinutes: Int) throws -> CheckIn {
        guard session.state == .open else { throw LedgerError.sessionNotOpen.with(session.id) }
        guard now >= session.startsAt.addingTimeInterval(-Double(checkInOpensMinutes) * 60) else {
            throw LedgerError.sessionNotStarted.with(session.id)
        }
        guard now <= session.endsAt.addingTimeInterval(Double(graceMinutes) * 60) else {
            throw LedgerError.sessionNotOpen.with("\(session.id) ended")
        }
        if let existing {
            switch existing.state {
            case .attended: return .alreadyPresent(existing)
            case .booked: return .convert(existing)
            default: break
            }
        }
        // A walk-in, or someone on the waiting list who came anyway: a free place or nothing.
        guard budget.client.status == .active else { throw LedgerError.clientNotActive.with(budget.client.number) }
        guard session.free > 0 else { throw LedgerError.sessionFull.with(session.id) }
        let held = try hold(for: session.activity, budget: budget)
        return .walkIn(BookingPlan(state: .booked, heldWallet: held.wallet, heldOwn: held.own), replacing: existing)
    }

    /// Whether a cancellation at `now` is late: inside the cutoff before the start.
    static func isLate(session: SessionFacts, now: Date, rules: ActivityRules) -> Bool {
        now > session.startsAt.addingTimeInterval(-Double(rules.cutoffMinutes) * 60)
    }

    /// What a cancelled booking becomes: released at once before the cutoff; later, the policy
    /// decides. A waiting-list spot is always just left.
    static func cancel(_ booking: ExistingBooking, session: SessionFacts, now: Date, rules: ActivityRules) throws
        -> BookingState {
        guard session.state == .open else { throw LedgerError.sessionNotOpen.with(session.id) }
        switch booking.state {
        case .waiting: return .cancelled
        case .booked:
            guard isLate(session: session, now: now, rules: rules), rules.latePolicy == .charge,
                  booking.heldWallet.minorUnits + booking.heldOwn.minorUnits > 0 else { return .cancelled }
            return .charged
        default:
            throw LedgerError.bookingUnknown.with("\(booking.id) is \(booking.state.rawValue)")
        }
    }

    /// The first on the waiting list whose budget still allows the activity, with the hold it
    /// gets; the others stay in line, in their order.
    static func promote(session: SessionFacts, waiting: [(booking: ExistingBooking, budget: BudgetFacts)])
        -> (booking: ExistingBooking, plan: BookingPlan)? {
        guard session.state == .open, session.free > 0 else { return nil }
        for candidate in waiting {
            guard let held = try? hold(for: session.activity, budget: candidate.budget) else { continue }
            return (candidate.booking, BookingPlan(state: .booked, heldWallet: held.wallet, heldOwn: held.own))
        }
        return nil
    }

    /// How a session's bookings end when it is closed: attended stay; booked are no-shows that
    /// the policy releases or charges; the waiting list is released.
    static func settleOnClose(_ booking: ExistingBooking, rules: ActivityRules) -> BookingState? {
        switch booking.state {
        case .booked:
            return rules.latePolicy == .charge && booking.heldWallet.minorUnits + booking.heldOwn.minorUnits > 0
                ? .charged : .released
        case .waiting: return .released
        default: return nil
        }
    }

    /// What a hold is settled with: exactly what was held while the wallet still has it. When it
    /// has not (a month start sent unspent budget back, holds or not), the split is decided again
    /// on what is there now, without this booking's own hold, under the same rules as a booking.
    static func settlement(of booking: ExistingBooking, activity: Activity, budget: BudgetFacts) throws
        -> ExistingBooking {
        guard budget.walletBalance.minorUnits < booking.heldWallet.minorUnits else { return booking }
        var without = budget
        without.heldWallet = Amount(max(0, budget.heldWallet.minorUnits - booking.heldWallet.minorUnits))
        without.heldOwn = Amount(max(0, budget.heldOwn.minorUnits - booking.heldOwn.minorUnits))
        let split = try hold(for: activity, budget: without)
        var settled = booking
        settled.heldWallet = split.wallet
        settled.heldOwn = split.own
        return settled
    }

    /// The sale that a hold becomes (check-in, or a charge under the policy): exactly what was
    /// held, from the wallet and from own money, to the activity's counter. Nil when free.
    static func sale(of booking: ExistingBooking, activity: Activity, client: Client, cardUID: String?,
                     walletBalance: Amount, reserve: Amount, saleID: String, operator who: Operator,
                     at time: (date: Date, text: String), memoSuffix: String) -> ChargeEffects? {
        let total = booking.heldWallet.minorUnits + booking.heldOwn.minorUnits
        guard total > 0 else { return nil }
        let memo = "1× \(activity.name)\(memoSuffix)"
        var transfers: [TransferRecord] = []
        if booking.heldWallet.minorUnits > 0 {
            transfers.append(TransferRecord(debit: "wallet:\(client.number)", credit: "revenue:\(activity.counterID)",
                                            amount: booking.heldWallet, kind: .charge, memo: memo))
        }
        if booking.heldOwn.minorUnits > 0 {
            transfers.append(TransferRecord(debit: "own:\(client.number)", credit: "revenue:\(activity.counterID)",
                                            amount: booking.heldOwn, kind: .chargeOwn, memo: memo))
        }
        let balance = Amount(walletBalance.minorUnits - booking.heldWallet.minorUnits)
        let product = Product(code: activity.code, name: activity.name, price: Amount(total), category: activity.category,
                              attributable: activity.attributable, influenceable: activity.influenceable, active: false)
        return ChargeEffects(
            sale: SaleRecord(id: saleID, clientNumber: client.number, counterID: activity.counterID, cardUID: cardUID,
                             month: Month(containing: time.date), total: Amount(total), fromWallet: booking.heldWallet,
                             fromOwn: booking.heldOwn, reason: nil, createdAt: time.text),
            items: [SaleItemRecord(line: 1, product: product, quantity: 1)], transfers: transfers,
            result: ChargeResult(
                saleID: saleID, counterID: activity.counterID, clientNumber: client.number, clientName: client.name,
                cardUID: cardUID, total: Amount(total), fromWallet: booking.heldWallet, fromOwn: booking.heldOwn,
                balance: balance, reserve: reserve, light: TrafficLight(balance: balance, reserve: reserve),
                operatorName: who.name, operatorUID: who.uid, createdAt: time.text, replayed: false))
    }
}
