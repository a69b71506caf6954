import PasjesModel

/// Refusals of month close. Each message says what the administrator can do next.
extension LedgerError {
    /// `month_not_ended`: a month can be closed only after it has ended in Europe/Amsterdam.
    static func monthNotEnded(_ month: Month) -> LedgerError {
        LedgerError(code: Reason.monthNotEnded.code,
                    message: "\(month) is nog niet voorbij: afsluiten kan vanaf 1 \(Month.dutchName(month.next.month)) \(month.next.year).",
                    detail: "\(month) has not ended")
    }

    /// `month_already_closed`: there is no second close and no reopen.
    static func monthAlreadyClosed(_ month: Month) -> LedgerError {
        LedgerError(code: Reason.monthAlreadyClosed.code,
                    message: "\(month) is al afgesloten. Heropenen kan niet: corrigeer met een nieuwe boeking.",
                    detail: "\(month) closed")
    }

    /// `month_close_order`: a later month is closed already; closing this one would move its opening.
    static func monthCloseOrder(_ month: Month, later: Month) -> LedgerError {
        LedgerError(code: Reason.monthCloseOrder.code,
                    message: "\(later) is al afgesloten: \(month) kan daarna niet meer dicht (maanden sluiten op volgorde).",
                    detail: "\(month) < closed \(later)")
    }

    /// `month_before_ledger`: nothing was booked in or before the month, so there is nothing to close.
    static func monthBeforeLedger(_ month: Month, first: Month?) -> LedgerError {
        LedgerError(code: Reason.monthBeforeLedger.code,
                    message: first.map {
                        "\(month) ligt vóór de eerste boeking (\(Month.dutchName($0.month)) \($0.year)): "
                            + "daar valt niets af te sluiten. Sluit eerst \($0) af."
                    } ?? "Er is nog niets geboekt: \(month) valt niet af te sluiten.",
                    detail: "\(month) < first \(first.map(\.description) ?? "none")")
    }

    /// `month_earlier_open`: months close in order; the earliest open one is named.
    static func monthEarlierOpen(_ month: Month, open: Month) -> LedgerError {
        LedgerError(code: Reason.monthEarlierOpen.code,
                    message: "\(open) is nog niet afgesloten: maanden sluiten op volgorde. Sluit eerst \(open) af, "
                        + "daarna de maanden erna tot en met \(month).",
                    detail: "\(month) > next \(open)")
    }

    /// `month_closed`: nothing is booked into a closed month.
    static func monthClosed(_ month: Month) -> LedgerError {
        LedgerError(code: Reason.monthClosed.code,
                    message: "\(month) is afgesloten: daarin kan niets meer geboekt worden.",
                    detail: "booking into closed \(month)")
    }

    /// `month_pending`: something dated in the month is not booked yet.
    static func monthPending(_ month: Month, _ pending: [String]) -> LedgerError {
        LedgerError(code: Reason.monthPending.code,
                    message: "\(month) kan nog niet dicht: \(pending.prefix(3).joined(separator: "; ")).",
                    detail: "\(pending.count) pending")
    }

    /// `month_not_tied_out`: the month's figures disagree; it is not sealed like that.
    static func monthNotTiedOut(_ month: Month, _ differences: [String]) -> LedgerError {
        LedgerError(code: Reason.monthNotTiedOut.code,
                    message: "\(month) sluit niet aan (\(differences.prefix(3).joined(separator: "; "))): controleer met pasjes verify.",
                    detail: differences.joined(separator: "; "))
    }
}

extension Month {
    /// The Dutch name of month `number` (1–12), lower case as Dutch writes it.
    public static func dutchName(_ number: Int) -> String {
        ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
         "november", "december"][number - 1]
    }
}
