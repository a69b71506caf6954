import Foundation
import PasjesProtocol

/// Pages of list replies that fit the clients' line limit by construction.
///
/// A page is measured in encoded bytes, not only counted: 100 client lines fit one line when
/// names are short, but with 200-character names in 4-byte letters (𝔄) 100 lines are 243 KB and
/// the client drops the connection. Every paged method builds its reply through `page`.
enum ReplyPaging {
    /// The bytes a result may take: the line limit less the envelope around it
    /// (`{"jsonrpc":"2.0","id":…,"result":…}`) with the longest id a request may have.
    static let resultBudget = ProtocolLimits.maxLineBytes - ProtocolLimits.maxIDBytes - 64

    /// The longest page of at most `limit` of `count` items from `offset` whose reply encodes
    /// within `budget`. `make` builds the reply for a range of items and the offset of the next
    /// page (nil on the last). Refuses with `reply_too_large` when not even one item fits.
    static func page<Reply: Encodable>(count: Int, offset: Int, limit: Int, budget: Int = resultBudget,
                                       _ make: (Range<Int>, Int?) throws -> Reply) throws -> Reply {
        let start = min(max(0, offset), count)
        func reply(_ size: Int) throws -> (reply: Reply, fits: Bool) {
            let end = start + size
            let value = try make(start..<end, end < count ? end : nil)
            return (value, try Route.encode(value).count <= budget)
        }
        // The whole rest first: most replies are one page.
        var tooBig = min(max(1, limit), count - start)
        let whole = try reply(tooBig)
        if whole.fits { return whole.reply }
        var fits = 0
        var best: Reply?
        while tooBig - fits > 1 {
            let middle = fits + (tooBig - fits) / 2
            let tried = try reply(middle)
            if tried.fits {
                fits = middle
                best = tried.reply
            } else {
                tooBig = middle
            }
        }
        guard let best else { throw RPCError.replyTooLarge("one item of \(count) at \(start) is larger than \(budget) bytes") }
        return best
    }

    /// The items of one part of a reply that pages over several lists as one sequence (a
    /// statement: purchases, then credits, then contacts): those of `items`, which start at
    /// `start` in the sequence, that lie in `range`.
    static func part<Item>(_ items: [Item], startingAt start: Int, in range: Range<Int>) -> [Item] {
        let lower = max(range.lowerBound - start, 0)
        let upper = min(range.upperBound - start, items.count)
        return lower < upper ? Array(items[lower..<upper]) : []
    }
}
