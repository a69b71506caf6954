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
        return String(decoding: data, as: UTF8.self)
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
}
