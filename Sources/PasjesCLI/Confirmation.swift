#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// "Doorgaan?" before something that is not undone by typing it again: `--ja` answers for a
/// script, a person at a terminal is asked, and anything else is refused with the hint.
enum Confirmation {
    /// Goes on when `yes` (the `--ja` flag) or when the person at the terminal answers j/ja.
    static func require(_ question: String, yes: Bool) throws {
        if yes { return }
        guard isatty(STDIN_FILENO) == 1 else {
            throw CLIFailure(.refused, "\(question)\nNiets gedaan: bevestig met --ja (er is geen terminal om het te vragen).")
        }
        Output.error(question)
        FileHandle.standardError.write(Data("Doorgaan? [j/N] ".utf8))
        let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        guard answer == "j" || answer == "ja" else { throw CLIFailure(.refused, "Niets gedaan.") }
    }
}
