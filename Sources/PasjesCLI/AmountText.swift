import ArgumentParser
import Foundation
import PasjesMoney

/// Typed amounts: parsed in the organisation's unit, refused rather than guessed.
public enum AmountText {
    /// `text` as an amount of `unit` (`Amount.parse`), or a usage failure naming `option`.
    public static func parse(_ text: String, unit: AmountUnit, option: String) throws(CLIFailure) -> Amount {
        do {
            return try Amount.parse(text, unit: unit)
        } catch {
            throw CLIFailure.usage("Ongeldig bedrag voor \(option): \(error.message)")
        }
    }

    /// Refuses a negative amount before anything is sent: negative is negative in every unit, so
    /// this needs no daemon. Other mistakes wait for the unit (`parse`).
    public static func refuseNegative(_ text: String?, option: String) throws(ValidationError) {
        guard let text else { return }
        do {
            _ = try Amount.parse(text, unit: .cents)
        } catch let error where error == .negative(text: text) {
            throw ValidationError("Ongeldig bedrag voor \(option): \(error.message)")
        } catch {}
    }

    /// How to type an amount in `unit`, for error messages.
    public static func example(_ unit: AmountUnit) -> String { AmountParseError.example(unit) }

    /// The Dutch name of `unit`.
    public static func unitName(_ unit: AmountUnit) -> String {
        switch unit {
        case .cents: "euro (centen)"
        case .minutes: "minuten"
        case .points: "punten"
        }
    }
}

/// Yes/no as offices type it: ja/nee, j/n, yes/no, y/n, true/false, 1/0.
public enum YesNo {
    /// The boolean `text` names, or nil.
    public static func parse(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "ja", "j", "yes", "y", "true", "waar", "1", "x": true
        case "nee", "n", "no", "false", "onwaar", "0": false
        default: nil
        }
    }

    /// "ja" or "nee".
    public static func word(_ value: Bool) -> String { value ? "ja" : "nee" }
}
