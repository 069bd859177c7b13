// swift-tools-version:6.1
import PackageDescription

// Dependencies point one way: tapd → {TAPHTTP, TAPDemo} → TAPEngine → {TAPDatabase → CLibPQ,
// ADQLToPostgres → ADQL, VOTable, UWS}. ADQL, VOTable and UWS know nothing of HTTP or PostgreSQL; TAPEngine and
// TAPDatabase nothing of HTTP; only TAPDemo knows the demo.
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
        // The one XML escaper of every document, shared by the VOTable writer and the String-built documents.
        .target(name: "XMLEscaping"),
        .target(name: "VOTable", dependencies: ["XMLEscaping"]),
        .target(name: "UWS", dependencies: ["XMLEscaping"]),
        // libpq, for streaming results as binary COPY (the row path of PostgresNIO costs several times more CPU).
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // PostgreSQL without TAP: libpq connections and their pool, COPY sessions, URLs, the embedded cluster.
        .target(
            name: "TAPDatabase",
            dependencies: [
                "CLibPQ",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        // The service without HTTP: query preparation and result streaming, uploads, jobs, TAP_SCHEMA, functions.
        .target(
            name: "TAPEngine",
            dependencies: [
                "TAPDatabase", "ADQL", "ADQLToPostgres", "VOTable", "UWS",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        // The HTTP face: routes, VOSI and examples documents, multipart forms, the server.
        .target(
            name: "TAPHTTP",
            dependencies: [
                "TAPEngine", "TAPDatabase", "ADQL", "VOTable", "UWS", "XMLEscaping",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        // One archive among others: the demo's generated data, its catalogue table and its examples.
        .target(
            name: "TAPDemo",
            dependencies: [
                "TAPEngine", "TAPDatabase", "ADQLToPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "tapd",
            dependencies: [
                "TAPHTTP", "TAPEngine", "TAPDatabase", "TAPDemo", "ADQL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
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
        .testTarget(name: "VOTableTests", dependencies: ["VOTable", "XMLEscaping"], exclude: ["Uploads"]),
        .testTarget(name: "UWSTests", dependencies: ["UWS", "TestSupport"], exclude: ["Cases"]),
        .testTarget(
            name: "TAPTests",
            dependencies: [
                "TAPHTTP", "TAPEngine", "TAPDatabase", "TAPDemo", "ADQL", "ADQLToPostgres", "VOTable", "UWS",
                "TestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            exclude: ["Cases"]
        ),
    ]
)
