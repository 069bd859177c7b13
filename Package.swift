// swift-tools-version:6.1
import PackageDescription

// Dependencies point one way: tapd → TAPService → {ADQLToPostgres → ADQL, VOTable, UWS, CLibPQ}.
// ADQL, VOTable and UWS know nothing of HTTP or PostgreSQL.
let package = Package(
    name: "SwiftTAP",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tapd", targets: ["tapd"]),
        .library(name: "ADQL", targets: ["ADQL"]),
        .library(name: "VOTable", targets: ["VOTable"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .target(name: "ADQL"),
        .target(name: "ADQLToPostgres", dependencies: ["ADQL"]),
        .target(name: "VOTable"),
        .target(name: "UWS"),
        // libpq, for streaming results as binary COPY (the row path of PostgresNIO costs several times more CPU).
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .target(
            name: "TAPService",
            dependencies: [
                "ADQL", "ADQLToPostgres", "VOTable", "UWS", "CLibPQ",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "tapd",
            dependencies: [
                "TAPService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // libFuzzer over the lexer and parser (see its source for the build command).
        .executableTarget(
            name: "ADQLFuzz", dependencies: ["ADQL", "ADQLToPostgres"], swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        // Parse, check and translate the shared ADQL corpus, timed (benchmarks/adql.sh).
        .executableTarget(name: "ADQLBench", dependencies: ["ADQL", "ADQLToPostgres"]),
        // Strict loading of the tests' case files (a missing or cut file fails, never runs fewer cases).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "ADQLTests", dependencies: ["ADQL", "TestSupport"], exclude: ["Cases"]),
        .testTarget(name: "ADQLToPostgresTests", dependencies: ["ADQLToPostgres"]),
        .testTarget(name: "VOTableTests", dependencies: ["VOTable"], exclude: ["Uploads"]),
        .testTarget(name: "UWSTests", dependencies: ["UWS", "TestSupport"], exclude: ["Cases"]),
        .testTarget(
            name: "TAPServiceTests",
            dependencies: [
                "TAPService", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            exclude: ["Cases"]
        ),
    ]
)
