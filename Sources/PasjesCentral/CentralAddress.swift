import Foundation
import NIOSSL
import PostgresNIO

/// One PostgreSQL host as a libpq-style URL names it: `postgres://user:pw@db1:5432/pasjes?sslmode=require`
/// or, over a Unix socket, `postgres:///pasjes?host=/run/postgresql&user=postgres`.
public struct CentralAddress: Sendable, Equatable {
    /// How to reach the server.
    public enum Endpoint: Sendable, Equatable {
        /// The socket file itself (`<host folder>/.s.PGSQL.<port>`).
        case unixSocket(path: String)
        case tcp(host: String, port: Int)
    }

    /// Whether and how to use TLS; the names are libpq's.
    public enum SSLMode: String, Sendable, Equatable {
        /// Plain (the default, as over a Unix socket).
        case disable
        /// Encrypted, the server's certificate not checked (libpq's meaning of `require`).
        case require
        /// Encrypted, the certificate checked against `sslrootcert` (or the system's roots) and the host name.
        case verifyFull = "verify-full"
    }

    public var endpoint: Endpoint
    public var database: String
    public var user: String?
    public var password: String?
    public var sslMode: SSLMode
    /// A CA file for `verify-full`.
    public var sslRootCertificatePath: String?

    /// Parses `url`; throws `CentralSetupError` for anything it cannot use.
    public init(url text: String) throws {
        guard let parts = URLComponents(string: text), parts.scheme == "postgres" || parts.scheme == "postgresql" else {
            throw CentralSetupError("Ongeldige PostgreSQL-URL (verwacht postgres://…): \(text)")
        }
        var query: [String: String] = [:]
        for item in parts.queryItems ?? [] { query[item.name] = item.value ?? "" }
        let port = try query["port"].map { value -> Int in
            guard let port = Int(value), (1...65_535).contains(port) else {
                throw CentralSetupError("Ongeldige poort in PostgreSQL-URL: \(value)")
            }
            return port
        } ?? parts.port ?? 5432
        let host = query["host"] ?? parts.host ?? ""
        if host.isEmpty || host.hasPrefix("/") {
            let folder = host.isEmpty ? "/run/postgresql" : host
            endpoint = .unixSocket(path: "\(folder)/.s.PGSQL.\(port)")
        } else {
            endpoint = .tcp(host: host, port: port)
        }
        let path = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        database = query["dbname"] ?? (path.isEmpty ? "pasjes" : path)
        user = query["user"] ?? parts.user
        password = query["password"] ?? parts.password
        guard let mode = SSLMode(rawValue: query["sslmode"] ?? "disable") else {
            throw CentralSetupError("sslmode \(query["sslmode"] ?? "") wordt niet ondersteund (disable, require, verify-full)")
        }
        sslMode = mode
        sslRootCertificatePath = query["sslrootcert"]
        if case .unixSocket = endpoint, mode != .disable {
            throw CentralSetupError("TLS (sslmode=\(mode.rawValue)) gaat niet over een Unix-socket: \(text)")
        }
    }

    /// What postgres-nio needs to connect as `user` (the URL's when nil) with `password`.
    func configuration(user overrideUser: String?, password overridePassword: String?,
                       applicationName: String) throws -> PostgresConnection.Configuration {
        guard let user = overrideUser ?? user else {
            throw CentralSetupError("Geen PostgreSQL-gebruiker: zet user= in de URL of geef een credentials-bestand")
        }
        let secret = overridePassword ?? password
        var configuration: PostgresConnection.Configuration
        switch endpoint {
        case .unixSocket(let path):
            configuration = .init(unixSocketPath: path, username: user, password: secret, database: database)
        case .tcp(let host, let port):
            configuration = .init(host: host, port: port, username: user, password: secret, database: database,
                                  tls: try tls())
        }
        configuration.options.additionalStartupParameters = [("application_name", applicationName)]
        return configuration
    }

    private func tls() throws -> PostgresConnection.Configuration.TLS {
        switch sslMode {
        case .disable:
            return .disable
        case .require:
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            return .require(try NIOSSLContext(configuration: tls))
        case .verifyFull:
            var tls = TLSConfiguration.makeClientConfiguration()
            if let sslRootCertificatePath { tls.trustRoots = .file(sslRootCertificatePath) }
            return .require(try NIOSSLContext(configuration: tls))
        }
    }

    /// For log lines: where, never the password.
    public var displayName: String {
        switch endpoint {
        case .unixSocket(let path): "\(path) (\(database))"
        case .tcp(let host, let port): "\(host):\(port) (\(database))"
        }
    }
}
