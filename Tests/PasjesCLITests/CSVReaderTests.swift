import Testing
@testable import PasjesCLI

@Suite("CSV reader")
struct CSVReaderTests {
    func parse(_ text: String, limits: CSVReader.Limits = .standard) throws -> CSVReader.Table {
        try CSVReader.parse(Array(text.utf8), limits: limits)
    }

    @Test func semicolonsWithBOMAndCRLF() throws {
        let table = try CSVReader.parse([0xEF, 0xBB, 0xBF] + Array("nummer;naam\r\n1001;Daniëlle\r\n1002;Çelik\r\n".utf8))
        #expect(table.separator == ";")
        #expect(table.header == .init(line: 1, fields: ["nummer", "naam"]))
        #expect(table.rows == [.init(line: 2, fields: ["1001", "Daniëlle"]), .init(line: 3, fields: ["1002", "Çelik"])])
    }

    @Test func commasAndLF() throws {
        let table = try parse("number,name\n1001,Jan\n")
        #expect(table.separator == ",")
        #expect(table.rows == [.init(line: 2, fields: ["1001", "Jan"])])
    }

    @Test func separatorFromHeaderEvenWhenDataHasCommas() throws {
        let table = try parse("nummer;naam;plafond\n1001;de Vries, Jan;12,50\n")
        #expect(table.separator == ";")
        #expect(table.rows[0].fields == ["1001", "de Vries, Jan", "12,50"])
    }

    @Test func quotedFieldsWithDoubledQuotesSeparatorsAndNewlines() throws {
        let table = try parse("nummer,naam\n1001,\"Jansen, \"\"Opa\"\" Piet\"\n1002,\"twee\nregels\"\n1003,x\n")
        #expect(table.rows.map(\.fields) == [["1001", "Jansen, \"Opa\" Piet"], ["1002", "twee\nregels"], ["1003", "x"]])
        #expect(table.rows.map(\.line) == [2, 3, 5])
    }

    @Test func emptyLinesAreSkippedButCounted() throws {
        let table = try parse("nummer;naam\n\n1001;A\n;\n\r\n1002;B")
        #expect(table.rows == [.init(line: 3, fields: ["1001", "A"]), .init(line: 6, fields: ["1002", "B"])])
    }

    @Test func fieldsAreTrimmedUnlessQuoted() throws {
        let table = try parse("a;b\n  x  ; \" y \" \n")
        #expect(table.rows[0].fields == ["x", " y "])
    }

    @Test func unicodeSurvivesIntact() throws {
        let decomposed = "Danie\u{0308}lle"
        let table = try parse("naam;plaats\n\(decomposed);Zoë's hof 🌷\n")
        #expect(table.rows[0].fields == [decomposed, "Zoë's hof 🌷"])
    }

    @Test func unterminatedQuoteNamesItsLine() {
        #expect(throws: CSVReader.Failure(line: 3, "aanhalingsteken niet gesloten")) {
            try parse("a;b\n1;2\n3;\"open\n4;5\n")
        }
    }

    @Test func textAfterClosingQuoteIsRefused() {
        #expect(throws: CSVReader.Failure.self) { try parse("a;b\n\"x\"y;2\n") }
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: CSVReader.Failure.self) { try CSVReader.parse(Array("naam\n".utf8) + [0xFF, 0x0A]) }
    }

    @Test func emptyFileIsRefused() {
        #expect(throws: CSVReader.Failure.self) { try parse("\n\r\n") }
    }

    @Test func limitsAreEnforced() {
        let small = CSVReader.Limits(maxBytes: 40, maxRows: 2, maxFieldLength: 5)
        #expect(throws: CSVReader.Failure.self) { try parse(String(repeating: "a", count: 41), limits: small) }
        #expect(throws: CSVReader.Failure.self) { try parse("a\n1\n2\n3\n", limits: small) }
        #expect(throws: CSVReader.Failure(line: 2, "veld 1 is langer dan 5 tekens")) { try parse("a\nzeslang\n", limits: small) }
        #expect(throws: Never.self) { try parse("a\n1\n2\n", limits: small) }
    }
}
