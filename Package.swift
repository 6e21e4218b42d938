// swift-tools-version: 6.0
import PackageDescription

/// Every Swift target builds in Swift 6 language mode with the same settings.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Flywheel",
    platforms: [.macOS(.v15)],
    targets: [
        // C libraries from Debian, and the shims Swift needs to call them.
        .systemLibrary(
            name: "CProtobufC", path: "Sources/C/CProtobufC", pkgConfig: "libprotobuf-c",
            providers: [.apt(["libprotobuf-c-dev"])]),
        .systemLibrary(
            name: "CSQLite", path: "Sources/C/CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "COpenSSL", path: "Sources/C/COpenSSL", pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]),
        .systemLibrary(
            name: "CMicroHTTPD", path: "Sources/C/CMicroHTTPD", pkgConfig: "libmicrohttpd",
            providers: [.apt(["libmicrohttpd-dev"])]),
        .target(name: "CFlywheelSys", path: "Sources/C/CFlywheelSys"),
        .target(
            name: "CFlywheelContracts", dependencies: ["CProtobufC"],
            path: "Sources/C/CFlywheelContracts"),

        // Contracts: the protobuf runtime and the generated Swift types.
        .target(
            name: "FlywheelProto", dependencies: ["CProtobufC", "CFlywheelContracts"],
            swiftSettings: swiftSettings),
        .target(
            name: "FlywheelNet", dependencies: ["COpenSSL", "CFlywheelSys"],
            swiftSettings: swiftSettings),
        .target(
            name: "FlywheelRPC", dependencies: ["FlywheelProto", "FlywheelNet"],
            swiftSettings: swiftSettings),
        .target(
            name: "FlywheelContracts", dependencies: ["FlywheelProto", "FlywheelRPC"],
            swiftSettings: swiftSettings),
        .target(
            name: "FlywheelEcho", dependencies: ["FlywheelContracts", "FlywheelRPC"],
            swiftSettings: swiftSettings),

        // Storage: each service's own SQLite store.
        .target(name: "FlywheelStore", dependencies: ["CSQLite"], swiftSettings: swiftSettings),

        // The HTTP edge.
        .target(name: "FlywheelHTTP", dependencies: ["CMicroHTTPD"], swiftSettings: swiftSettings),

        // Domain libraries.
        .target(name: "FlywheelCalendar", swiftSettings: swiftSettings),
        .target(name: "FlywheelXAPI", dependencies: ["FlywheelCalendar"], swiftSettings: swiftSettings),
        .target(
            name: "FlywheelSimulation", dependencies: ["FlywheelXAPI", "FlywheelCalendar"],
            swiftSettings: swiftSettings),

        // Services: the shared process shell, then each service's library and executable.
        .target(
            name: "FlywheelService",
            dependencies: ["FlywheelRPC", "FlywheelContracts", "FlywheelNet"],
            swiftSettings: swiftSettings),
        .target(
            name: "FlywheelRegistry",
            dependencies: ["FlywheelRPC", "FlywheelContracts", "FlywheelStore"],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "flywheel-registry",
            dependencies: ["FlywheelRegistry", "FlywheelService", "FlywheelRPC", "FlywheelContracts"],
            swiftSettings: swiftSettings),
        .target(
            name: "FlywheelIngest",
            dependencies: ["FlywheelRPC", "FlywheelContracts", "FlywheelStore", "FlywheelXAPI", "CSQLite", "COpenSSL"],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "flywheel-ingest",
            dependencies: ["FlywheelIngest", "FlywheelService", "FlywheelRPC", "FlywheelContracts"],
            swiftSettings: swiftSettings),
        .target(
            name: "FlywheelGateway",
            dependencies: ["FlywheelHTTP", "FlywheelXAPI", "FlywheelContracts", "FlywheelRPC", "FlywheelStore", "COpenSSL"],
            swiftSettings: swiftSettings),
        .target(
            name: "FlywheelDashboards",
            dependencies: ["FlywheelHTTP", "FlywheelContracts", "FlywheelRPC", "FlywheelProto", "FlywheelCalendar"],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "flywheel-gateway",
            dependencies: [
                "FlywheelGateway", "FlywheelDashboards", "FlywheelService", "FlywheelRPC", "FlywheelContracts",
                "FlywheelHTTP",
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "FlywheelIntelligence",
            dependencies: ["FlywheelRPC", "FlywheelContracts", "FlywheelStore", "FlywheelXAPI", "FlywheelCalendar"],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "flywheel-intelligence",
            dependencies: ["FlywheelIntelligence", "FlywheelService", "FlywheelRPC", "FlywheelContracts"],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "flywheel-echo",
            dependencies: ["FlywheelEcho", "FlywheelService", "FlywheelRPC"],
            swiftSettings: swiftSettings),

        // The operator CLI and the code generator.
        .executableTarget(
            name: "flywheel",
            dependencies: [
                "FlywheelService", "FlywheelRPC", "FlywheelContracts", "FlywheelProto", "FlywheelNet", "FlywheelEcho",
                "FlywheelIngest", "FlywheelSimulation", "FlywheelXAPI", "FlywheelIntelligence", "FlywheelGateway",
                "FlywheelHTTP", "FlywheelDashboards", "FlywheelCalendar", "COpenSSL",
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "flywheel-protogen", dependencies: ["FlywheelProto"],
            swiftSettings: swiftSettings),

        .testTarget(
            name: "FlywheelRPCTests",
            dependencies: ["FlywheelRPC", "FlywheelContracts", "FlywheelProto", "FlywheelEcho"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "FlywheelXAPITests", dependencies: ["FlywheelXAPI"], resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings),
        .testTarget(name: "FlywheelCalendarTests", dependencies: ["FlywheelCalendar"], swiftSettings: swiftSettings),
        .testTarget(name: "FlywheelHTTPTests", dependencies: ["FlywheelHTTP"], swiftSettings: swiftSettings),
        .testTarget(name: "FlywheelNetTests", dependencies: ["FlywheelNet"], swiftSettings: swiftSettings),
        .testTarget(name: "FlywheelStoreTests", dependencies: ["FlywheelStore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "FlywheelRegistryTests",
            dependencies: ["FlywheelRegistry", "FlywheelRPC", "FlywheelContracts"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "FlywheelIngestTests",
            dependencies: ["FlywheelIngest", "FlywheelRPC", "FlywheelContracts", "FlywheelXAPI", "FlywheelStore"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "FlywheelSimulationTests", dependencies: ["FlywheelSimulation", "FlywheelXAPI"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "FlywheelGatewayTests",
            dependencies: [
                "FlywheelGateway", "FlywheelHTTP", "FlywheelXAPI", "FlywheelContracts", "FlywheelRPC", "FlywheelStore",
                "FlywheelIngest",
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "FlywheelIntelligenceTests",
            dependencies: [
                "FlywheelIntelligence", "FlywheelIngest", "FlywheelRPC", "FlywheelContracts", "FlywheelStore",
                "FlywheelXAPI", "FlywheelSimulation", "FlywheelProto",
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "FlywheelDashboardsTests",
            dependencies: [
                "FlywheelDashboards", "FlywheelIntelligence", "FlywheelHTTP", "FlywheelContracts", "FlywheelRPC",
                "FlywheelStore", "FlywheelSimulation", "FlywheelXAPI",
            ],
            swiftSettings: swiftSettings),
        .testTarget(name: "FlywheelServiceTests", dependencies: ["FlywheelService"], swiftSettings: swiftSettings),
        .testTarget(
            name: "FlywheelIntegrationTests",
            dependencies: ["FlywheelService", "FlywheelRPC", "FlywheelContracts", "FlywheelNet", "FlywheelHTTP"],
            swiftSettings: swiftSettings),
    ]
)
