import PasjesProtocol

extension ClientMonthInfo {
    /// True when the month allocated or booked anything for this client: who gets a statement
    /// (a balance carried in alone is not a month the resident needs a page about).
    var hadBookings: Bool {
        [allocated, arrangement, purchases, ownMoney, reversals, refunds, solidarity, flowedBack]
            .contains { $0.minorUnits != 0 }
    }
}
