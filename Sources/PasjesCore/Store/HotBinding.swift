import CSQLite
import Foundation
import GRDB

/// A value the hot statements bind straight through SQLite's C API (see `Statement.run`).
///
/// GRDB's `StatementBinding` does the binding, except for text: GRDB binds a `String` as a C
/// string, so every text parameter was first copied into a new NUL-terminated array that
/// SQLite then measured and copied again (about 1 200 instructions a parameter, and a charge
/// binds some forty). Text here goes to SQLite once, as its UTF-8 bytes and their length.
///
/// A protocol rather than a cast to `String` in `bindValues`: inside a loop over a parameter
/// pack each value is generic, and the cast is then a runtime `swift_dynamicCast` on every
/// value, which cost what the bytes saved.
protocol HotBinding: StatementBinding {
    /// Binds the value to parameter `index` (1-based) of `statement`; SQLite's result code.
    func bind(hot statement: SQLiteStatement, at index: CInt) -> CInt
}

extension HotBinding {
    func bind(hot statement: SQLiteStatement, at index: CInt) -> CInt {
        bind(to: statement, at: index)
    }
}

extension String: HotBinding {
    /// The text stored is what GRDB stores: it ends at the first NUL byte, as a C string does (a
    /// rebuilt ledger must equal the one it was built from), and an empty string is empty text,
    /// never NULL.
    func bind(hot statement: SQLiteStatement, at index: CInt) -> CInt {
        var text = self
        return text.withUTF8 { bytes in
            // An empty string may have no buffer: bound through "" it stays empty text (a NULL
            // pointer would bind NULL).
            guard let start = bytes.baseAddress else {
                return sqlite3_bind_text64(statement, index, "", 0, sqliteTransient, UInt8(SQLITE_UTF8))
            }
            let length = bytes.firstIndex(of: 0) ?? bytes.count
            return start.withMemoryRebound(to: CChar.self, capacity: length) {
                sqlite3_bind_text64(statement, index, $0, sqlite3_uint64(length), sqliteTransient, UInt8(SQLITE_UTF8))
            }
        }
    }
}

extension Optional: HotBinding where Wrapped: HotBinding {
    func bind(hot statement: SQLiteStatement, at index: CInt) -> CInt {
        switch self {
        case .some(let value): value.bind(hot: statement, at: index)
        case .none: sqlite3_bind_null(statement, index)
        }
    }
}

extension Int: HotBinding {}
extension Int64: HotBinding {}
extension Bool: HotBinding {}
extension Data: HotBinding {}

/// SQLite's SQLITE_TRANSIENT: it copies the bytes before the bind returns (the C macro, a
/// destructor of -1, does not come through to Swift).
private let sqliteTransient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
