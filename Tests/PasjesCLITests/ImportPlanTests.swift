import PasjesMoney
import PasjesProtocol
import Testing
@testable import PasjesCLI

@Suite("Import planning")
struct ImportPlanTests {
    func planClients(_ text: String, unit: AmountUnit = .cents) -> Result<[PlannedClient], ImportProblems> {
        ClientImportPlan.plan(Array(text.utf8), unit: unit)
    }

    @Test func validClientsBecomeRequests() throws {
        let csv = "\u{FEFF}Cliëntnummer;Naam;ZZP;Locatie;Afdeling;Eigen bijdrage;Plafond\r\n"
            + "1001;Daniëlle de Vries;5VV;Zonnehof;Vlinder;ja;25,00\r\n"
            + "1002;\"Çelik, Ayşe\";4VV;Zonnehof;Libel;nee;\r\n"
        let planned = try planClients(csv).get()
        #expect(planned.map(\.line) == [2, 3])
        #expect(planned[0].params.name == "Daniëlle de Vries")
        #expect(planned[0].params.allowOwnContribution == true)
        #expect(planned[0].params.ownContributionCap == Amount(2500))
        #expect(planned[1].params.name == "Çelik, Ayşe")
        #expect(planned[1].params.allowOwnContribution == false)
        #expect(planned[1].params.ownContributionCap == nil)
    }

    @Test func englishHeadersAndCommas() throws {
        let planned = try planClients("number,name,zzp,location,department,own_contribution,cap\n7,Jo,1VV,A,B,yes,30\n", unit: .minutes).get()
        #expect(planned[0].params.ownContributionCap == Amount(30))
    }

    @Test func keysAreDeterministicPerFileAndLine() throws {
        let csv = "nummer;naam;zzp;locatie;afdeling\n1;A;1VV;L;D\n2;B;1VV;L;D\n"
        let first = try planClients(csv).get().map(\.params.idempotencyKey)
        let again = try planClients(csv).get().map(\.params.idempotencyKey)
        let edited = try planClients(csv + "3;C;1VV;L;D\n").get().map(\.params.idempotencyKey)
        #expect(first == again)
        #expect(first[0] != first[1])
        #expect(edited[0] != first[0])
        #expect(first.allSatisfy { $0.count == 36 && $0.split(separator: "-").count == 5 })
    }

    @Test func everyBadRowIsListedWithItsLine() {
        let csv = """
            nummer;naam;zzp;locatie;afdeling;eigen_bijdrage;plafond
            1001;Anna;5VV;Zonnehof;Vlinder;ja;25,00
            1002;;5VV;Zonnehof;Vlinder;;
            1001;Bram;5VV;Zonnehof;Vlinder;;
            1003;Cor;5VV;Zonnehof;Vlinder;misschien;
            1004;Dirk;5VV;Zonnehof;Vlinder;ja;12,5x

            1005;Eva;5VV;Zonnehof
            1006;Fien;5VV;Zonnehof;Vlinder;nee;-3
            1007;Gijs;5VV;Zonnehof;Vlinder;nee;1;extra
            """
        guard case .failure(let problems) = planClients(csv) else {
            Issue.record("expected failure"); return
        }
        #expect(problems.errors.map(\.line) == [3, 4, 5, 6, 8, 9, 10])
        #expect(problems.errors[0].message == "naam ontbreekt")
        #expect(problems.errors[1].message == "clientnummer 1001 staat ook op regel 2")
        #expect(problems.errors[2].message.contains("misschien"))
        #expect(problems.errors[3].message.contains("12,5x"))
        #expect(problems.errors[4].message == "afdeling ontbreekt")
        #expect(problems.errors[5].message.contains("bedrag moet positief zijn"))
        #expect(problems.errors[6].message.contains("8 velden"))
        #expect(problems.errors[0].description == "regel 3: naam ontbreekt")
    }

    @Test func headerProblemsAreReportedOnLineOne() {
        guard case .failure(let problems) = planClients("nummer;naam;zzp;locatie;afdelng\n1;A;B;C;D\n") else {
            Issue.record("expected failure"); return
        }
        #expect(problems.errors.count == 2)
        #expect(problems.errors.allSatisfy { $0.line == 1 })
        #expect(problems.errors.contains { $0.message.contains("afdelng") })
        #expect(problems.errors.contains { $0.message == "kolom 'afdeling' ontbreekt in de kopregel" })
    }

    @Test func headerOnlyIsAnError() {
        guard case .failure(let problems) = planClients("nummer;naam;zzp;locatie;afdeling\n") else {
            Issue.record("expected failure"); return
        }
        #expect(problems.errors.count == 1)
    }

    @Test func cardsAreNormalisedAndChecked() throws {
        let planned = try CardImportPlan.plan(Array("pasnummer;clientnummer\n04:a2:2b:b2;1001\n04 A2 2B B2 C3 5E 80;1002\n".utf8)).get()
        #expect(planned.map(\.params.uid) == ["04A22BB2", "04A22BB2C35E80"])
        #expect(planned.map(\.params.clientNumber) == ["1001", "1002"])
        #expect(planned[0].params.idempotencyKey != planned[1].params.idempotencyKey)
    }

    @Test func everyBadCardRowIsListed() {
        let csv = "uid,client\n04A22BB2,1001\n04A22B,1002\n04:A2:2B:B2,1003\n,1004\n0102030405060708090A,\nZZZZZZZZ,1005\n"
        guard case .failure(let problems) = CardImportPlan.plan(Array(csv.utf8)) else {
            Issue.record("expected failure"); return
        }
        #expect(problems.errors.map(\.line) == [3, 4, 5, 6, 7])
        #expect(problems.errors[1].message == "pas 04A22BB2 staat ook op regel 2")
        #expect(problems.errors[2].message == "uid ontbreekt")
        #expect(problems.errors[3].message == "clientnummer ontbreekt")
    }

    @Test func existingClientMatchesOnlyWhenEqual() throws {
        let params = try planClients("nummer;naam;zzp;locatie;afdeling\n1;A;1VV;L;D\n").get()[0].params
        let same = ClientInfo(number: "1", name: "A", zzp: "1VV", location: "L", department: "D", status: .active,
                              allowOwnContribution: false, ownContributionCap: .zero)
        var other = same
        other.name = "B"
        #expect(ClientImportPlan.matches(same, params))
        #expect(!ClientImportPlan.matches(other, params))
    }

    @Test func everyLedgerLimitIsCheckedWhilePlanning() {
        let long = { (count: Int) in String(repeating: "x", count: count) }
        // Fields over 200 characters stop the reader itself; the name's limit is reached here by
        // combining accents: 101 characters, 202 code points, as the ledger counts them.
        let csv = "nummer;naam;zzp;locatie;afdeling;eigen_bijdrage;plafond\n"
            + "\(long(64));\(long(200));\(long(32));\(long(100));\(long(100));ja;0\n"   // 2: at every limit
            + "\(long(65));A;VV5;L;D;;\n"                                                // 3
            + "1003;\(String(repeating: "e\u{0301}", count: 101));VV5;L;D;;\n"           // 4
            + "1004;A;\(long(33));L;D;;\n"                                                // 5
            + "1005;A;VV5;\(long(101));D;;\n"                                             // 6
            + "1006;A;VV5;L;\(long(101));;\n"                                             // 7
            + "\" 1007\";A;VV5;L;D;;\n"                                                   // 8
            + "1008;A\u{85}B;VV5;L;D;;\n"                                                 // 9: C1 control
            + "1009;A;VV5;L;D;ja;99999999999999999999\n"                                   // 10: beyond Int64
        guard case .failure(let problems) = planClients(csv) else {
            Issue.record("expected failure"); return
        }
        #expect(problems.errors.map(\.line) == [3, 4, 5, 6, 7, 8, 9, 10])
        #expect(problems.errors.map(\.message) == [
            "clientnummer is 65 tekens lang, hoogstens 64",
            "naam is 202 tekens lang, hoogstens 200",
            "zzp is 33 tekens lang, hoogstens 32",
            "locatie is 101 tekens lang, hoogstens 100",
            "afdeling is 101 tekens lang, hoogstens 100",
            "clientnummer ' 1007' begint of eindigt met een spatie",
            "naam bevat een regeleinde of stuurteken",
            "plafond: '99999999999999999999' is te groot",
        ])
    }

    @Test func aFieldTooLongForTheReaderNamesItsLine() {
        let csv = "nummer;naam;zzp;locatie;afdeling\n1;A;VV5;L;D\n2;\(String(repeating: "x", count: 201));VV5;L;D\n"
        guard case .failure(let problems) = planClients(csv) else {
            Issue.record("expected failure"); return
        }
        #expect(problems.errors.map(\.description) == ["regel 3: veld 2 is langer dan 200 tekens"])
    }

    @Test func cardRowsNameAUsableClientNumber() {
        let csv = "uid;client\n04A22BB2;\(String(repeating: "9", count: 65))\n04A22BB3;\"1001 \"\n04A22BB4;1001\n"
        guard case .failure(let problems) = CardImportPlan.plan(Array(csv.utf8)) else {
            Issue.record("expected failure"); return
        }
        #expect(problems.errors.map(\.line) == [2, 3])
        #expect(problems.errors.map(\.message) == [
            "clientnummer is 65 tekens lang, hoogstens 64", "clientnummer '1001 ' begint of eindigt met een spatie",
        ])
    }
}
