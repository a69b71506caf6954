import PasjesMoney
import Testing

/// The one amount parser (issue 9, "Money typed wrongly"): every text an administrator may type.
@Suite struct AmountParsingTests {
    /// What a text must give: minor units, or the kind of refusal.
    enum Expected: Sendable {
        case value(Int64)
        case negative, ambiguous, thousandsWithoutDecimals, wholeNumbersOnly, malformed, empty, tooLarge

        func matches(_ error: AmountParseError) -> Bool {
            switch (self, error) {
            case (.negative, .negative), (.ambiguous, .ambiguous), (.thousandsWithoutDecimals, .thousandsWithoutDecimals),
                 (.wholeNumbersOnly, .wholeNumbersOnly), (.malformed, .malformed), (.empty, .empty),
                 (.tooLarge, .tooLarge):
                true
            default:
                false
            }
        }
    }

    @Test(arguments: [
        // A single . or , with one or two digits is the decimal mark.
        ("12.5", Expected.value(1_250)), ("12,5", .value(1_250)), ("12,50", .value(1_250)), ("12.50", .value(1_250)),
        ("0.5", .value(50)), ("0,5", .value(50)), ("7.5", .value(750)), ("0,05", .value(5)), ("0", .value(0)),
        // Whole euros, a euro sign and spaces.
        ("12", .value(1_200)), ("3", .value(300)), ("€ 12,50", .value(1_250)), ("€12", .value(1_200)),
        (" 12,50 € ", .value(1_250)), ("1234", .value(123_400)),
        // Thousands separators: full groups of three, with a decimal part.
        ("1.234,50", .value(123_450)), ("1,234.50", .value(123_450)), ("€ 1.234,5", .value(123_450)),
        ("1.234.567,89", .value(123_456_789)), ("1,234,567.89", .value(123_456_789)),
        // Ambiguous: three digits after a single separator.
        ("1.234", .ambiguous), ("1,234", .ambiguous), ("12,505", .ambiguous), ("123.456", .ambiguous),
        // Thousands separators without a decimal part.
        ("1.234.567", .thousandsWithoutDecimals), ("1,234,567", .thousandsWithoutDecimals),
        // Everything else.
        ("1.2345", .malformed), ("1.23.4", .malformed), ("12,345,6", .malformed), ("1.234.56", .malformed),
        ("12.34,5", .malformed), ("1234.567,00", .malformed), ("0.123", .malformed), (",50", .malformed),
        ("12,", .malformed), ("1 234,50", .malformed), ("abc", .malformed), ("twaalf", .malformed),
        ("+3", .malformed), ("1e3", .malformed), ("١٢", .malformed), ("0\u{301}", .malformed), ("€€3", .malformed),
        ("", .empty), ("  ", .empty), ("€", .empty),
        ("99999999999999999999", .tooLarge), ("92233720368547758,08", .tooLarge),
        // Negative, whatever the syntax.
        ("-1,00", .negative), ("-1", .negative), ("-€ 3,00", .negative), ("€ -3", .negative), ("- 2", .negative),
        ("\u{2212}5", .negative), ("-abc", .negative),
    ])
    func euros(text: String, expected: Expected) {
        check(text, unit: .cents, expected)
    }

    @Test(arguments: [
        ("45", Expected.value(45)), ("0", .value(0)), (" 1000 ", .value(1_000)),
        ("1,5", .wholeNumbersOnly), ("2.5", .wholeNumbersOnly), ("1.000", .wholeNumbersOnly),
        ("-5", .negative), ("€ 5", .malformed), ("vijf", .malformed), ("", .empty),
        ("99999999999999999999", .tooLarge),
    ])
    func minutesAndPoints(text: String, expected: Expected) {
        check(text, unit: .minutes, expected)
        check(text, unit: .points, expected)
    }

    @Test func largestAmountsFit() throws {
        #expect(try Amount.parse("92233720368547758,07", unit: .cents) == Amount(Int64.max))
        #expect(try Amount.parse("9223372036854775807", unit: .points) == Amount(Int64.max))
    }

    @Test func messagesAreDutchAndShowTheRule() {
        #expect(message("1.234") == "'1.234' is dubbelzinnig: € 1,234 of € 1.234,00? "
            + "Typ 1234 of 1.234,00 voor duizendtallen, of hoogstens twee cijfers achter de komma (bijvoorbeeld 1,23)")
        #expect(message("1,234").contains("€ 1,234 of € 1.234,00?"))
        #expect(message("-1,00") == "bedrag moet positief zijn, niet '-1,00'")
        #expect(message("1.2345").contains("hoogstens twee cijfers achter de komma"))
        #expect(message("1.234.567").contains("1.234,00"))
        #expect(message("1,5", unit: .minutes).contains("hele minuten"))
        #expect(message("1,5", unit: .points).contains("hele punten"))
    }

    @Test func unitParseIsTheSameParser() {
        #expect(AmountUnit.cents.parse("12.5") == Amount(1_250))
        #expect(AmountUnit.cents.parse("1.234") == nil)
        #expect(AmountUnit.cents.parse("-2,00") == nil)
    }

    private func check(_ text: String, unit: AmountUnit, _ expected: Expected, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let amount = try Amount.parse(text, unit: unit)
            guard case .value(let minor) = expected else {
                Issue.record("'\(text)' (\(unit)) gave \(amount.minorUnits), expected \(expected)", sourceLocation: sourceLocation)
                return
            }
            #expect(amount.minorUnits == minor, "'\(text)' (\(unit))", sourceLocation: sourceLocation)
        } catch {
            #expect(expected.matches(error), "'\(text)' (\(unit)): \(error.message), expected \(expected)",
                    sourceLocation: sourceLocation)
        }
    }

    private func message(_ text: String, unit: AmountUnit = .cents) -> String {
        do {
            _ = try Amount.parse(text, unit: unit)
            return "accepted"
        } catch {
            return error.message
        }
    }
}
