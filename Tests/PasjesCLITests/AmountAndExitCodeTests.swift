import ArgumentParser
import PasjesMoney
import PasjesProtocol
import Testing
@testable import PasjesCLI

@Suite("Amounts typed on the command line")
struct AmountTextTests {
    @Test func cents() throws {
        #expect(try AmountText.parse("12,50", unit: .cents, option: "--amount") == Amount(1250))
        #expect(try AmountText.parse("€ 1.234,5", unit: .cents, option: "--amount") == Amount(123_450))
        #expect(try AmountText.parse("3", unit: .cents, option: "--amount") == Amount(300))
        #expect(try AmountText.parse("12.50", unit: .cents, option: "--amount") == Amount(1250))
        #expect(throws: CLIFailure.self) { try AmountText.parse("12,505", unit: .cents, option: "--amount") }
        #expect(throws: CLIFailure.self) { try AmountText.parse("twaalf", unit: .cents, option: "--amount") }
    }

    @Test func minutesAndPointsAreWhole() throws {
        #expect(try AmountText.parse("45", unit: .minutes, option: "--amount") == Amount(45))
        // Issue 9: whole numbers only; "1.000" could be one point or a thousand.
        #expect(throws: CLIFailure.self) { try AmountText.parse("1.000", unit: .points, option: "--amount") }
        #expect(throws: CLIFailure.self) { try AmountText.parse("1,5", unit: .minutes, option: "--amount") }
        #expect(throws: CLIFailure.self) { try AmountText.parse("2,5", unit: .points, option: "--amount") }
    }

    @Test func badAmountIsAUsageError() {
        do {
            _ = try AmountText.parse("x", unit: .cents, option: "--cap")
            Issue.record("expected an error")
        } catch {
            #expect(error.status == .usage)
            #expect(error.message.contains("--cap"))
        }
    }

    @Test func yesNo() {
        #expect(YesNo.parse("Ja") == true)
        #expect(YesNo.parse(" nee ") == false)
        #expect(YesNo.parse("yes") == true)
        #expect(YesNo.parse("misschien") == nil)
    }

    @Test func saleItems() {
        #expect(SaleItemText.parse("koffie") == SaleItem(product: "koffie", quantity: 1))
        #expect(SaleItemText.parse("koffie:3") == SaleItem(product: "koffie", quantity: 3))
        #expect(SaleItemText.parse("koffie:0") == nil)
        #expect(SaleItemText.parse(":2") == nil)
    }
}

@Suite("Exit codes")
struct ExitCodeTests {
    @Test func refusalIsOneWithDutchMessageAndReason() {
        let refusal = RPCError(code: RPCError.Code.refused, message: "Niet genoeg budget voor deze aankoop.",
                               reason: "insufficient_funds")
        let outcome = ExitCodes.outcome(for: refusal)
        #expect(outcome.status == 1)
        #expect(outcome.message == "Geweigerd: Niet genoeg budget voor deze aankoop. (insufficient_funds)")
    }

    @Test func unreachableIsThreeWithErrnoText() {
        let failure = CLIFailure.unreachable("/run/pasjes/pasjesd.sock", ConnectionError("cannot connect", errno: 2))
        let outcome = ExitCodes.outcome(for: failure)
        #expect(outcome.status == 3)
        #expect(outcome.message == "pasjesd is niet bereikbaar op /run/pasjes/pasjesd.sock: bestand of map bestaat niet")
        #expect(ExitCodes.outcome(for: ConnectionError("pasjesd closed the connection")).status == 3)
    }

    @Test func usageMistakesAreTwo() throws {
        for arguments in [["client", "get"], ["nonsense"], ["card", "link", "zz", "1001"], ["budget", "allocate", "1", "--month", "2025-13"],
                          ["sale", "charge", "1", "--counter", "c", "--reason", "r"], ["client", "list", "--limit", "x"]] {
            do {
                var command = try PasjesCommand.parseAsRoot(arguments)
                try command.validate()
                Issue.record("\(arguments) parsed")
            } catch {
                let outcome = ExitCodes.outcome(for: error)
                #expect(outcome.status == 2, "\(arguments)")
                #expect(outcome.message?.isEmpty == false)
            }
        }
        #expect(ExitCodes.outcome(for: CLIFailure.usage("x")).status == 2)
        #expect(ExitCodes.outcome(for: ValidationError("x")).status == 2)
    }

    @Test func helpIsZeroAndLeftToArgumentParser() {
        let outcome = ExitCodes.outcome(for: CleanExit.helpRequest())
        #expect(outcome.status == 0)
        #expect(outcome.message == nil)
    }

    @Test func walletDefaultsToGet() throws {
        let command = try PasjesCommand.parseAsRoot(["wallet", "1001", "--json", "--socket", "/tmp/x.sock"])
        let get = try #require(command as? WalletGet)
        #expect(get.clientNumber == "1001")
        #expect(get.global.json)
        #expect(get.global.socketPath == "/tmp/x.sock")
        #expect(try PasjesCommand.parseAsRoot(["wallet", "history", "1001"]) is WalletHistory)
    }

    @Test func importRefusalIsOne() {
        #expect(ExitCodes.outcome(for: CLIFailure(.refused, "Niets geïmporteerd")).status == 1)
    }
}

@Suite("Keys")
struct KeyTests {
    @Test func sha256KnownVectors() {
        #expect(ContentHash.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(ContentHash.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ContentHash.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func freshKeysDifferGivenKeysStay() {
        #expect(IdempotencyKey.make(nil) != IdempotencyKey.make(nil))
        #expect(IdempotencyKey.make("abc") == "abc")
        #expect(IdempotencyKey.derived(["a", "1"]) == IdempotencyKey.derived(["a", "1"]))
        #expect(IdempotencyKey.derived(["a", "1"]) != IdempotencyKey.derived(["a", "2"]))
    }
}
