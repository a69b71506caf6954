import PasjesModel

/// Refusals of allocations and tariffs. The message names what is allowed, so an
/// administrator can correct the request without the manual.
extension LedgerError {
    /// `invalid_month`: only the current month and the next can be allocated.
    static func monthOutOfRange(_ month: Month, current: Month) -> LedgerError {
        LedgerError(code: invalidMonth.code,
                    message: "Budget toekennen kan alleen voor \(current) of \(current.next), niet voor \(month).",
                    detail: "\(month) outside \(current)…\(current.next)")
    }

    /// `zzp_unknown`: a client's ZZP that is not in the configured tariffs.
    static func zzpUnknown(_ zzp: String, known: [String]) -> LedgerError {
        LedgerError(code: Reason.zzpUnknown.code,
                    message: "Onbekend ZZP '\(zzp)': de tarieven kennen alleen \(known.joined(separator: ", ")).",
                    detail: zzp)
    }

    /// `allocation_unknown`: nothing was allocated for that client and month.
    public static let allocationUnknown = LedgerError(.allocationUnknown)

    /// `allocation_spent`: money of the allocation was spent, so it cannot be taken back.
    public static let allocationSpent = LedgerError(.allocationSpent)

    /// `allocation_not_latest`: a later month was allocated after this one.
    static func allocationNotLatest(_ month: Month, latest: Month) -> LedgerError {
        LedgerError(code: Reason.allocationNotLatest.code,
                    message: "Na \(month) is \(latest) al toegekend: draai eerst \(latest) terug.",
                    detail: "\(month) < \(latest)")
    }

    /// `reason_required` for allocation reversals: an empty reason is refused.
    public static let allocationReasonRequired = LedgerError(
        code: "reason_required", message: "Geef een reden op (--reden).")
}
