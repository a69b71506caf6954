import PasjesMoney
import PasjesProtocol

/// The products picked for the next tap, with the one idempotency key that pays for them.
public struct Basket: Equatable, Sendable {
    /// The lines in the order they were first added.
    public var lines: [BasketLine]
    /// The line `+`, `-` and Backspace act on (the last one touched).
    public var selected: Int?
    /// Made when the first item goes in; kept across retries and declines; dropped only after a
    /// completed sale or when the basket is cleared. This is what makes a retry book once.
    public var idempotencyKey: String?

    /// An empty basket.
    public init() {
        lines = []
        selected = nil
        idempotencyKey = nil
    }

    /// True when nothing is in the basket.
    public var isEmpty: Bool { lines.isEmpty }

    /// The sum of all lines, or nil if it would overflow.
    public var total: Amount? {
        try? lines.map { try $0.subtotal() }.checkedSum()
    }

    /// The lines as the wire wants them.
    public var saleItems: [SaleItem] {
        lines.map { SaleItem(product: $0.product.code, quantity: $0.quantity) }
    }
}

/// One product and how many of it.
public struct BasketLine: Equatable, Sendable {
    /// The product.
    public var product: ProductInfo
    /// How many, 1...maxQuantity.
    public var quantity: Int64

    /// A line of `quantity` × `product`.
    public init(product: ProductInfo, quantity: Int64) {
        self.product = product
        self.quantity = quantity
    }

    /// price × quantity, checked.
    public func subtotal() throws(AmountOverflow) -> Amount {
        try product.price.multiplied(by: quantity)
    }
}

/// Why a basket edit was refused.
public enum BasketRefusal: Error, Equatable, Sendable {
    /// The basket has the most lines allowed.
    case tooManyLines(limit: Int)
    /// The line has the largest quantity allowed.
    case quantityLimit(limit: Int64)
    /// The total would not fit in an amount.
    case totalTooLarge
}

extension Basket {
    /// Adds one of `product`: to its existing line, or as a new line. Selects that line.
    mutating func add(_ product: ProductInfo, config: KassaConfig) throws(BasketRefusal) {
        if let index = lines.firstIndex(where: { $0.product.code == product.code }) {
            try changeQuantity(at: index, by: 1, config: config)
            return
        }
        guard lines.count < config.maxBasketLines else { throw .tooManyLines(limit: config.maxBasketLines) }
        var candidate = self
        candidate.lines.append(BasketLine(product: product, quantity: 1))
        guard candidate.total != nil else { throw .totalTooLarge }
        self = candidate
        selected = lines.count - 1
    }

    /// Changes the quantity of line `index`; at zero the line goes.
    mutating func changeQuantity(at index: Int, by delta: Int64, config: KassaConfig) throws(BasketRefusal) {
        guard lines.indices.contains(index) else { return }
        let quantity = lines[index].quantity + delta
        if quantity <= 0 {
            removeLine(at: index)
            return
        }
        guard quantity <= config.maxQuantity else { throw .quantityLimit(limit: config.maxQuantity) }
        var candidate = self
        candidate.lines[index].quantity = quantity
        guard candidate.total != nil else { throw .totalTooLarge }
        self = candidate
        selected = index
    }

    /// Removes line `index`; the selection moves to its neighbour.
    mutating func removeLine(at index: Int) {
        guard lines.indices.contains(index) else { return }
        lines.remove(at: index)
        selected = lines.isEmpty ? nil : min(index, lines.count - 1)
    }

    /// Moves the selection up (-1) or down (+1), staying inside the basket.
    mutating func moveSelection(by delta: Int) {
        guard !lines.isEmpty else { selected = nil; return }
        let current = selected ?? (lines.count - 1)
        selected = max(0, min(lines.count - 1, current + delta))
    }
}
