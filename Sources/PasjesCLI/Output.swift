import Foundation
import PasjesProtocol

/// Writing to stdout and stderr; flushed per call so `watch | grep` sees lines at once.
enum Output {
    /// Prints `text` (plus a newline unless empty) to stdout.
    static func print(_ text: String) {
        guard !text.isEmpty else { return }
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Prints `text` and a newline to stderr.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Pretty JSON with sorted keys: stable for scripts and diffs.
    static func jsonText(_ value: JSONValue, pretty: Bool = true) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty
            ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            : [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "null" }
        return escapingC1Controls(String(decoding: data, as: UTF8.self))
    }

    /// `json` with DEL and the C1 controls (U+0080–U+009F) written as `\u0080`…`\u009F`.
    ///
    /// JSONEncoder escapes only U+0000–U+001F; a terminal may act on a raw C1 control (U+009B
    /// starts an escape sequence), so a resident's name must not reach it unescaped. Outside
    /// strings JSON holds only ASCII, so every such scalar is inside a string and may be escaped.
    static func escapingC1Controls(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: { (0x7F...0x9F).contains($0.value) }) else { return json }
        var escaped = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            if (0x7F...0x9F).contains(scalar.value) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                escaped.append(contentsOf: "\\u00\(hex)".unicodeScalars)
            } else {
                escaped.append(scalar)
            }
        }
        return String(escaped)
    }

    /// Prints `value` as pretty JSON.
    static func printJSON(_ value: JSONValue) {
        print(jsonText(value))
    }

    /// `value` encoded and printed as pretty JSON.
    static func printJSON<Value: Encodable>(encoding value: Value) {
        guard let data = try? JSONEncoder().encode(value),
              let json = try? JSONDecoder().decode(JSONValue.self, from: data) else { return }
        printJSON(json)
    }

    /// `value` as pretty JSON with `--json`, else as `human` shows it (a result made of pages).
    static func print<Value: Encodable>(json: Bool, _ value: Value, human: (Value) throws -> String) rethrows {
        if json {
            printJSON(encoding: value)
        } else {
            print(try human(value))
        }
    }
}
