/// Limits shared by the daemon and its clients. Everything on the wire is bounded.
public enum ProtocolLimits {
    /// The longest line either side accepts; a longer line closes the connection. Every reply
    /// of pasjesd fits it by construction: list replies are paged by their encoded size.
    public static let maxLineBytes = 64 * 1024
    /// The longest `id` of a request, encoded: it comes back in the answer, which must fit a line.
    public static let maxIDBytes = 128
    /// The most requests in one JSON-RPC batch (an array on one line).
    public static let maxBatchRequests = 100
    /// The most items in one basket.
    public static let maxBasketItems = 100
    /// The largest quantity of one item in a basket.
    public static let maxItemQuantity: Int64 = 1_000
    /// The default socket path of pasjesd.
    public static let defaultSocketPath = "/run/pasjes/pasjesd.sock"
}
