/// A closed set of words the ledger, the wire and both front ends share (a client's status, a
/// card's state, …). On the wire each is its raw string; an unknown one is refused with the
/// allowed values named, so a typo in a script says what would have been right.
public protocol VocabularyValue: RawRepresentable, CaseIterable, Codable, Hashable, Sendable
where RawValue == String {
    /// The field's name in messages: `status`, `state`, `category`.
    static var fieldName: String { get }
}

extension VocabularyValue {
    /// `status: active, absent or ended`.
    public static var allowedValues: String {
        let names = allCases.map(\.rawValue)
        guard names.count > 1 else { return "\(fieldName): \(names.joined())" }
        return "\(fieldName): \(names.dropLast().joined(separator: ", ")) or \(names.last!)"
    }

    /// The value for `text`, or an error naming the allowed values.
    public static func parse(_ text: String) throws(VocabularyError) -> Self {
        guard let value = Self(rawValue: text) else { throw VocabularyError(message: "'\(text)' is not a \(allowedValues)") }
        return value
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(rawValue: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a \(Self.allowedValues)")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A word outside its vocabulary, with the allowed ones named.
public struct VocabularyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `'gone' is not a status: active, absent or ended`.
    public var message: String
    public var description: String { message }
}
