import FlywheelContracts
import FlywheelRPC
import FlywheelService
import Foundation

/// `flywheel status`: every registered instance, its address, and whether it answers its health check.
struct StatusCommand {
    let options: CommandOptions

    init(arguments: [String]) throws {
        options = try CommandOptions(arguments)
    }

    func run() async throws {
        let mesh = try options.mesh()
        let list: RegistryV1.ListResponse
        do {
            list = try await mesh.registry.list(RegistryV1.ListRequest(), options: CallOptions(timeout: .seconds(3)))
        } catch let error as RPCError {
            throw CommandError("registry at \(options.registry) is not reachable (\(error.message)); is the mesh up?")
        }
        var rows = [["SERVICE", "INSTANCE", "ADDRESS", "HEALTH", "VERSION", "UPTIME", "LEASE"]]
        let checks = await withTaskGroup(of: (Int, [String]).self) { group in
            for (position, instance) in list.instances.enumerated() {
                group.addTask {
                    let health = HealthV1.Health.Client(
                        channel: mesh.connector.channel(service: instance.service, address: instance.address))
                    var row = [instance.service, instance.instanceID, instance.address]
                    do {
                        let answer = try await health.check(HealthV1.HealthCheckRequest(), options: CallOptions(timeout: .seconds(2)))
                        row += [answer.status == .serving ? "serving" : "not serving", answer.version, "\(answer.uptimeMillis / 1000)s"]
                    } catch let error as RPCError {
                        row += ["unreachable (\(error.code))", "-", "-"]
                    } catch {
                        row += ["unreachable", "-", "-"]
                    }
                    let lease = instance.leaseExpiresAtMillis == 0
                        ? "-"
                        : "\(max(0, Int64(instance.leaseExpiresAtMillis) - Int64(Date().timeIntervalSince1970 * 1000)) / 1000)s"
                    row.append(instance.verified ? lease : lease + " (unverified)")
                    return (position, row)
                }
            }
            var results: [(Int, [String])] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        rows += checks
        print(Table.render(rows))
        if list.instances.isEmpty { print("(no instances registered)") }
    }
}

/// Renders rows as aligned columns.
enum Table {
    static func render(_ rows: [[String]]) -> String {
        guard let columns = rows.map(\.count).max() else { return "" }
        var widths = Array(repeating: 0, count: columns)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column] + 2, withPad: " ", startingAt: 0)
            }.joined()
        }.joined(separator: "\n")
    }
}
