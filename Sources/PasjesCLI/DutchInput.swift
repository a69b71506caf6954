import ArgumentParser
import Foundation
import PasjesProtocol

/// A day as an administrator types it: `03-12-2026` (as Dutch letters write it) or `2026-12-03`.
enum DayText {
    /// `text` as `JJJJ-MM-DD`, or a usage error naming `option` and both forms.
    static func iso(_ text: String, option: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        let ordered = parts.count == 3 && parts[2].count == 4 ? [parts[2], parts[1], parts[0]] : parts
        guard ordered.count == 3, ordered[0].count == 4, (1...2).contains(ordered[1].count), (1...2).contains(ordered[2].count),
              Int(ordered[0]) != nil, let month = Int(ordered[1]), let day = Int(ordered[2]),
              (1...12).contains(month), (1...31).contains(day) else {
            throw ValidationError("\(option): DD-MM-JJJJ of JJJJ-MM-DD, niet '\(text)'")
        }
        return "\(ordered[0])-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }
}

/// `--reden`: the Dutch words, and the wire's English codes as well.
enum AbsenceReasonText {
    /// The reason `text` names (`ziekenhuis` or `hospital`, in any case), or nil.
    static func reason(_ text: String) -> AbsenceReason? {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased()
        return AbsenceReason.allCases.first { $0.dutch == key } ?? AbsenceReason(rawValue: key)
    }
}

/// `--per`: `week` or `maand` (or the wire's `month`).
enum PeriodText {
    static func period(_ text: String) -> ArrangementPeriod? {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased()
        return key == "maand" ? .month : ArrangementPeriod(rawValue: key)
    }
}
