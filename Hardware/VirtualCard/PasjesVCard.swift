import ArgumentParser
import Foundation
import PasjesCardCrypto
#if canImport(Glibc)
import Glibc
#endif

/// `pasjes-vcard`: a virtual contactless card for vpcd, for tests and the demo.
@main
struct PasjesVCard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pasjes-vcard",
        abstract: "A virtual contactless card for pcscd's vpcd reader: UID only, or an NTAG 424 DNA with an AES key.",
        subcommands: [Tap.self, Hold.self, Serve.self])
}

struct Connection: ParsableArguments {
    @Option(help: "vpcd's TCP port (the reader's slot: CHANNELID for the first, +1 for the second).")
    var port: Int = 35963
    @Option(help: "vpcd's address.")
    var host: String = "127.0.0.1"
}

struct CardOptions: ParsableArguments {
    @Argument(help: "The UID in hex, 4, 7 or 10 bytes, e.g. 04A1B2C3.")
    var uid: String
    @Flag(help: "Answer GET DATA with garbage instead of the UID.")
    var garbage = false
    @OptionGroup var kind: NTAGOptions

    func card() throws -> VirtualCard {
        guard let bytes = VirtualCard.parseUID(uid) else {
            throw ValidationError("UID must be 4, 7 or 10 bytes of hex, got '\(uid)'")
        }
        return try kind.card(uid: bytes) ?? VirtualCard(uid: bytes, garbage: garbage)
    }
}

/// Which NTAG 424 DNA to play, if any: without these flags the card is UID only.
struct NTAGOptions: ParsableArguments {
    @Option(name: .customLong("card-file"),
            help: "Play an NTAG 424 DNA whose key lives in this file (none yet: a blank factory card; issuing writes it).")
    var cardFile: String?
    @Flag(help: "Play an NTAG 424 DNA that holds the factory key and forgets any new one.")
    var blank = false
    @Flag(help: "Play a clone: the same UID and an NTAG 424 DNA application, but not the card's key.")
    var clone = false

    /// The NTAG 424 DNA asked for, or nil for a UID-only card.
    func card(uid: [UInt8]) throws -> VirtualCard? {
        if clone {
            // A key nobody knows: everything a copier can copy, except the secret.
            let unknown = try CardKey(NTAG424Commands.randomBytes(CardKey.byteCount))
            return VirtualCard(uid: uid, ntag424: NTAG424Emulation(key: unknown), cardFile: nil)
        }
        if let cardFile {
            let file = CardFile(path: cardFile)
            return VirtualCard(uid: uid, ntag424: try file.load(), cardFile: file)
        }
        if blank { return VirtualCard(uid: uid, ntag424: NTAG424Emulation(), cardFile: nil) }
        return nil
    }
}

/// Lines go to pipes in tests: written unbuffered, one write per line.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

struct Tap: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Put the card on the reader, hold it, lift it, exit.")
    @OptionGroup var card: CardOptions
    @OptionGroup var connection: Connection
    @Option(name: .customLong("hold-ms"), help: "How long the card stays on the reader, in milliseconds.")
    var holdMilliseconds: Int = 800

    func run() throws {
        let on = try VPCDConnection(card: try card.card(), host: connection.host, port: connection.port)
        usleep(useconds_t(max(0, holdMilliseconds) * 1000))
        on.lift()
        say("ok tap \(card.uid)")
    }
}

struct Hold: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Put the card on the reader and keep it there until SIGINT, SIGTERM or end of stdin.")
    @OptionGroup var card: CardOptions
    @OptionGroup var connection: Connection
    @Flag(help: "When vpcd drops the card (pcscd stopped or restarted), connect again until it is back: the card stays on the reader.")
    var stayOn = false

    func run() throws {
        // Exiting closes the socket, which is exactly "card lifted" for vpcd.
        signal(SIGINT) { _ in _exit(0) }
        signal(SIGTERM) { _ in _exit(0) }
        let virtualCard = try card.card()
        var on = try VPCDConnection(card: virtualCard, host: connection.host, port: connection.port)
        say("ok hold \(card.uid)")
        let stdinEnded = DispatchSemaphore(value: 0)
        let reader = Thread {
            while readLine() != nil {}
            stdinEnded.signal()
        }
        reader.start()
        // Until stdin ends, or vpcd drops us (pcscd stopped) and we are not to stay on.
        while stdinEnded.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
            guard on.hasEnded else { continue }
            say("vpcd closed the connection")
            guard stayOn else { break }
            // A real card does not leave the reader because pcscd restarts: wait for vpcd to listen again.
            while true {
                if stdinEnded.wait(timeout: .now()) == .success {
                    stdinEnded.signal()  // for the outer loop, which ends on it
                    break
                }
                if let again = try? VPCDConnection(card: virtualCard, host: connection.host, port: connection.port) {
                    on = again
                    say("ok reconnected")
                    break
                }
            }
        }
        on.lift()
        say("ok lifted")
    }
}

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Drive the card from stdin: tap UID | hold UID | lift | garbage | quit; answers 'ok ...' or 'error ...' per line.")
    @OptionGroup var connection: Connection
    @Option(name: .customLong("hold-ms"), help: "How long `tap` keeps the card on the reader, in milliseconds.")
    var holdMilliseconds: Int = 800
    @OptionGroup var kind: NTAGOptions

    func run() throws {
        var current: VPCDConnection?
        var nextIsGarbage = false
        func putOn(_ uidText: String) -> Bool {
            current?.lift()
            current = nil
            guard let uid = VirtualCard.parseUID(uidText) else {
                say("error bad UID \(uidText)")
                return false
            }
            do {
                let card = nextIsGarbage ? nil : try kind.card(uid: uid)
                current = try VPCDConnection(card: card ?? VirtualCard(uid: uid, garbage: nextIsGarbage),
                                             host: connection.host, port: connection.port)
                nextIsGarbage = false
                return true
            } catch {
                say("error \(error)")
                return false
            }
        }
        while let line = readLine() {
            let words = line.split(separator: " ").map(String.init)
            guard let command = words.first else { continue }
            switch (command, words.count) {
            case ("tap", 2):
                guard putOn(words[1]) else { continue }
                usleep(useconds_t(max(0, holdMilliseconds) * 1000))
                current?.lift()
                current = nil
                say("ok tap \(words[1])")
            case ("hold", 2):
                guard putOn(words[1]) else { continue }
                say("ok hold \(words[1])")
            case ("lift", 1):
                current?.lift()
                current = nil
                say("ok lift")
            case ("garbage", 1):
                nextIsGarbage = true
                say("ok garbage")
            case ("quit", 1):
                current?.lift()
                say("ok quit")
                return
            default:
                say("error unknown command: \(line)")
            }
        }
        current?.lift()
    }
}
