// swift-tools-version:6.1
import PackageDescription

// Layering (see DESIGN.md): executables -> PasjesDaemon / PasjesKassa -> PasjesProtocol /
// PasjesCard / PasjesCore / PasjesCentral -> C modules. Arrows point down only.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]
// pcsc-lite's headers include each other without the PCSC/ prefix. Its pkg-config file would
// add that folder but also -pthread, which SwiftPM refuses with a warning on every build; so
// every target that sees CPCSCLite (directly or through PasjesCard) gets the folder itself.
let pcsc: [SwiftSetting] = strict + [.unsafeFlags(["-Xcc", "-I/usr/include/PCSC"])]

let package = Package(
    name: "pasjes",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "pasjesd", targets: ["pasjesd"]),
        .executable(name: "pasjes", targets: ["pasjes"]),
        .executable(name: "pasjes-kassa", targets: ["pasjes-kassa"]),
        .executable(name: "pasjes-ledger", targets: ["pasjes-ledger"]),
        .executable(name: "pasjes-vcard", targets: ["pasjes-vcard"]),
        .executable(name: "pasjes-bench", targets: ["pasjes-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // MARK: C modules
        .systemLibrary(
            name: "CPCSCLite",
            providers: [.apt(["libpcsclite-dev"])]),
        // No pkgConfig: ncursesw's .pc file carries flags SwiftPM prohibits (a warning on every
        // build); the module map links ncursesw and tinfo directly.
        // SQLite's C API for the ledger's hot statements (`Statement+Run.swift`): the same library
        // GRDB links, reached directly where GRDB's argument handling cost more than the statement.
        .systemLibrary(
            name: "CSQLite",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "CNCurses",
            providers: [.apt(["libncurses-dev"])]),

        // MARK: Libraries
        // Amounts, units, Dutch formatting and terminal text widths: shared by the ledger, the wire
        // types and both front ends.
        .target(
            name: "PasjesMoney",
            swiftSettings: strict),
        // The vocabulary every layer shares: client status, card state, category, reader state,
        // event topics, and every reason code with its one Dutch sentence.
        .target(
            name: "PasjesModel",
            dependencies: ["PasjesMoney"],
            swiftSettings: strict),
        .target(
            name: "PasjesCore",
            dependencies: [
                "PasjesMoney", "PasjesModel", "CSQLite",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        // AES-CMAC, AN10922 key diversification and the NTAG 424 DNA / DESFire EV2 secure
        // messaging: pure functions over swift-crypto's AES block, shared by the reader side
        // (PasjesCard) and the virtual card (pasjes-vcard).
        .target(
            name: "PasjesCardCrypto",
            dependencies: [
                "PasjesMoney",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .target(
            name: "PasjesCard",
            dependencies: [
                "CPCSCLite", "PasjesMoney", "PasjesCardCrypto",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: pcsc),
        .target(
            name: "PasjesProtocol",
            dependencies: ["PasjesMoney", "PasjesModel"],
            swiftSettings: strict),
        .target(
            name: "PasjesDaemon",
            dependencies: [
                "PasjesCore", "PasjesCentral", "PasjesCard", "PasjesCardCrypto", "PasjesProtocol", "PasjesSystemd", "PasjesMoney",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: pcsc),
        // The organisation's log in PostgreSQL: migrations, node roles, append and pull. A thin
        // layer that moves rows; it knows no command and no rule (those stay in PasjesCore).
        .target(
            name: "PasjesCentral",
            dependencies: [
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: strict),
        // The admin command line: commands, CSV import, tables (pasjes is a thin @main over it).
        .target(
            name: "PasjesCLI",
            dependencies: [
                "PasjesProtocol", "PasjesMoney", "PasjesModel", "PasjesCentral",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        // systemd glue: sd_notify, socket activation, journald-aware logging. No libsystemd.
        .target(
            name: "PasjesSystemd",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .target(
            name: "PasjesKassa",
            dependencies: ["PasjesProtocol", "PasjesMoney", "PasjesModel", "CNCurses"],
            swiftSettings: strict),

        // MARK: Executables (thin: parse, build, run)
        .executableTarget(
            name: "pasjesd",
            dependencies: [
                "PasjesDaemon", "PasjesSystemd",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: pcsc),
        .executableTarget(
            name: "pasjes",
            dependencies: ["PasjesCLI"],
            swiftSettings: strict),
        .executableTarget(
            name: "pasjes-kassa",
            dependencies: [
                "PasjesKassa", "PasjesProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "pasjes-ledger",
            dependencies: [
                "PasjesCore", "PasjesMoney",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "pasjes-vcard",
            dependencies: [
                "PasjesCardCrypto", "PasjesMoney",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Hardware/VirtualCard",
            swiftSettings: strict),
        .executableTarget(
            name: "pasjes-bench",
            dependencies: [
                "PasjesCore", "PasjesProtocol", "PasjesMoney", "PasjesDaemon", "PasjesCardCrypto", "PasjesCentral",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/PasjesBench",
            swiftSettings: strict),

        // MARK: Tests
        // Finding built executables, temporary folders, child processes: shared by the test targets.
        .target(
            name: "PasjesTestSupport",
            dependencies: ["PasjesProtocol", "PasjesDaemon", "PasjesCore", "PasjesMoney", .product(name: "Logging", package: "swift-log")],
            path: "Tests/PasjesTestSupport",
            swiftSettings: strict),
        .testTarget(name: "PasjesMoneyTests", dependencies: ["PasjesMoney"], swiftSettings: strict),
        .testTarget(name: "PasjesModelTests", dependencies: ["PasjesModel"], swiftSettings: strict),
        .testTarget(name: "PasjesCoreTests", dependencies: ["PasjesCore", "PasjesMoney", "PasjesTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
                    // A ledger made before the journal, for the migration test; read by path.
                    exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "PasjesCardCryptoTests", dependencies: ["PasjesCardCrypto", "PasjesMoney"], swiftSettings: strict),
        .testTarget(name: "PasjesCardTests", dependencies: ["PasjesCard", "CPCSCLite"], swiftSettings: pcsc),
        .testTarget(name: "PasjesProtocolTests", dependencies: ["PasjesProtocol", "PasjesMoney"], swiftSettings: strict),
        .testTarget(name: "PasjesDaemonTests", dependencies: ["PasjesDaemon", "PasjesProtocol", "PasjesCore", "PasjesMoney", "PasjesTestSupport", "PasjesCardCrypto", .product(name: "NIOConcurrencyHelpers", package: "swift-nio"), .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: pcsc),
        .testTarget(name: "PasjesCLITests", dependencies: ["PasjesCLI", "PasjesProtocol", "PasjesMoney", "PasjesTestSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")], swiftSettings: strict),
        .testTarget(name: "PasjesKassaTests", dependencies: ["PasjesKassa", "PasjesProtocol", "PasjesMoney", "PasjesTestSupport"], swiftSettings: strict),
        // Against a real PostgreSQL 15 the tests start themselves; PasjesCore only to compare the
        // log's hash with JournalEntry.computedHash().
        .testTarget(name: "PasjesCentralTests", dependencies: ["PasjesCentral", "PasjesCore", "PasjesDaemon", "PasjesTestSupport", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log")], swiftSettings: strict),
        .testTarget(name: "PasjesSystemdTests", dependencies: ["PasjesSystemd", "PasjesTestSupport", .product(name: "Logging", package: "swift-log")], swiftSettings: strict),
    ]
)
