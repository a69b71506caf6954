import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `pasjes-vcard`: a virtual contactless card for vpcd, for tests and the demo.
@main
struct PasjesVCard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pasjes-vcard",
        abstract: "A virtual contactless card (UID only) for pcscd's vpcd reader.",
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

    func card() throws -> VirtualCard {
        guard let bytes = VirtualCard.parseUID(uid) else {
            throw ValidationError("UID must be 4, 7 or 10 bytes of hex, got '\(uid)'")
        }
        return VirtualCard(uid: bytes, garbage: garbage)
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
                current = try VPCDConnection(card: VirtualCard(uid: uid, garbage: nextIsGarbage),
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
