import Foundation

extension SessionPlan {
    /// The start of every session this plan makes, and the days skipped because their start
    /// time does not exist (the night the clocks go forward). Pure: no ledger, no clock.
    func calendarStarts() throws(LedgerError) -> (starts: [Date], skipped: [DateComponents]) {
        guard let first = ActivityTime.day(firstDay), let time = ActivityTime.time(startTime) else {
            throw LedgerError.invalidInput.with("day yyyy-MM-dd and time HH:mm")
        }
        guard let untilText = untilDay else {
            guard let start = ActivityTime.date(day: first, hour: time.hour, minute: time.minute) else {
                throw LedgerError.invalidInput.with(SessionPlan.missingTime(startTime, first))
            }
            return ([start], [])
        }
        guard let until = ActivityTime.day(untilText), let untilEnd = ActivityTime.date(day: until, hour: 23, minute: 59) else {
            throw LedgerError.invalidInput.with("until yyyy-MM-dd")
        }
        var starts: [Date] = []
        var skipped: [DateComponents] = []
        var week = 0
        while let day = ActivityTime.day(first, plusWeeks: week),
              let noon = ActivityTime.date(day: day, hour: 12, minute: 0), noon <= untilEnd {
            if let start = ActivityTime.date(day: day, hour: time.hour, minute: time.minute) {
                starts.append(start)
            } else {
                skipped.append(day)
            }
            guard starts.count + skipped.count <= Ledger.maxSessionsPerSeries else {
                throw LedgerError.invalidInput.with("more than \(Ledger.maxSessionsPerSeries) sessions in one series")
            }
            week += 1
        }
        guard !starts.isEmpty else {
            throw LedgerError.invalidInput.with(skipped.first.map { SessionPlan.missingTime(startTime, $0) }
                                                ?? "until is before the first day")
        }
        return (starts, skipped)
    }

    /// The days of this plan on which its start time does not exist, `yyyy-MM-dd`: a weekly
    /// series skips them (the clocks go forward that night) and says so.
    public func skippedDays() -> [String] {
        ((try? calendarStarts())?.skipped ?? []).map { day in
            "\(day.year ?? 0)-\(day.month ?? 0 < 10 ? "0" : "")\(day.month ?? 0)-\(day.day ?? 0 < 10 ? "0" : "")\(day.day ?? 0)"
        }
    }

    static func missingTime(_ time: String, _ day: DateComponents) -> String {
        "\(time) bestaat niet op \(ActivityTime.dutchDay(day)): de klok gaat die nacht van 02:00 naar 03:00"
    }
}
